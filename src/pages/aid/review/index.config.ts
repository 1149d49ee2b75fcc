export default definePageConfig({
  navigationBarTitleText: '互助金审核',
});
