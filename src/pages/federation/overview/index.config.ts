export default definePageConfig({
  navigationBarTitleText: '数据驾驶舱',
  enablePullDownRefresh: false,
});
