export default definePageConfig({
  navigationBarTitleText: '普惠统计',
});
