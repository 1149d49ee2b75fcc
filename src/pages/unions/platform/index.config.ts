export default definePageConfig({
  navigationBarTitleText: '企业微信接入',
});
