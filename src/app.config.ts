/**
 * Pages: the first is the launch page. One path per line; add new pages at the end of their area.
 * Pages only meant for local development (dev login) are registered on h5 builds only.
 */
const pages = [
  'pages/home/index',
  'pages/services/index',
  'pages/mine/index',
  'pages/membership/join/index',
  'pages/membership/card/index',
  'pages/membership/manage/index',
  'pages/aid/index/index',
  'pages/aid/claim/index',
  'pages/aid/detail/index',
  'pages/aid/review/index',
  'pages/aid/plans/index',
  'pages/aid/plan/index',
  'pages/aid/enrol/index',
  'pages/congress/index/index',
  'pages/congress/detail/index',
  'pages/congress/ballot/index',
  'pages/congress/result/index',
  'pages/congress/create/index',
  'pages/booking/index/index',
  'pages/booking/mine/index',
  'pages/booking/staff/index',
  'pages/notices/index',
  'pages/unions/officers/index',
];

const devPages = ['pages/dev-login/index'];

export default defineAppConfig({
  pages: process.env.TARO_ENV === 'h5' ? [...pages, ...devPages] : pages,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '掌上工会',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/services/index', text: '服务', iconPath: 'assets/tab/services.png', selectedIconPath: 'assets/tab/services-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
});
