export default definePageConfig({
  navigationBarTitleText: '电子选票',
});
