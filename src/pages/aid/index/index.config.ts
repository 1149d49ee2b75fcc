export default definePageConfig({
  navigationBarTitleText: '职工医疗互助',
});
