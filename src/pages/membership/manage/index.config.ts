export default definePageConfig({
  navigationBarTitleText: '会员管理',
  enableShareAppMessage: true,
});
