export default definePageConfig({
  navigationBarTitleText: '会员花名册',
});
