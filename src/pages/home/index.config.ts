export default definePageConfig({
  navigationBarTitleText: '掌上工会',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'light',
});
