export default definePageConfig({
  navigationBarTitleText: '运营大屏',
  // an office display: no title bar, landscape on a phone or pad that opens it
  navigationStyle: 'custom',
  pageOrientation: 'landscape',
  enablePullDownRefresh: false,
});
