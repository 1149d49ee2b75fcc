export default definePageConfig({
  navigationBarTitleText: '互助计划',
});
