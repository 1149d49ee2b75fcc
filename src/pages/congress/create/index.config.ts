export default definePageConfig({
  navigationBarTitleText: '发起职代会',
});
