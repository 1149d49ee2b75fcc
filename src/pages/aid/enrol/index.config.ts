export default definePageConfig({
  navigationBarTitleText: '登记参保名单',
});
