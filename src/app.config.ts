/**
 * The main package holds the tab pages and what they share (WeChat downloads it before the first
 * screen); each area's pages are a subpackage fetched when one of its pages is first opened, or
 * ahead of time on Wi-Fi from the tab pages (preloadRule). Page paths stay `pages/<area>/<page>/index`
 * (a subpackage's root + its page), so links, share cards and the h5 routes are the same as before.
 * The first page is the launch page; add new pages at the end of their area.
 * Pages only meant for local development (dev login) are registered on h5 builds only.
 */
const pages = ['pages/home/index', 'pages/services/index', 'pages/mine/index', 'pages/notices/index'];

const subPackages = [
  { root: 'pages/membership/', name: 'membership', pages: ['join/index', 'card/index', 'manage/index'] },
  {
    root: 'pages/aid/',
    name: 'aid',
    pages: ['index/index', 'claim/index', 'detail/index', 'review/index', 'plans/index', 'plan/index', 'enrol/index'],
  },
  {
    root: 'pages/congress/',
    name: 'congress',
    pages: ['index/index', 'detail/index', 'ballot/index', 'result/index', 'create/index'],
  },
  { root: 'pages/booking/', name: 'booking', pages: ['index/index', 'mine/index', 'staff/index'] },
  { root: 'pages/unions/', name: 'unions', pages: ['officers/index', 'members/index', 'member/index', 'platform/index'] },
  { root: 'pages/perks/', name: 'perks', pages: ['index/index', 'activity/index', 'manage/index', 'figures/index'] },
  { root: 'pages/federation/', name: 'federation', pages: ['overview/index', 'screen/index'] },
];

const devPages = ['pages/dev-login/index'];

export default defineAppConfig({
  pages: process.env.TARO_ENV === 'h5' ? [...pages, ...devPages] : pages,
  subPackages,
  // Every entry on 首页 and 服务 opens one of the areas: fetch them while the member looks at the tab.
  preloadRule: {
    'pages/home/index': { network: 'wifi', packages: subPackages.map((p) => p.name) },
    'pages/services/index': { network: 'wifi', packages: subPackages.map((p) => p.name) },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '掌上工会',
    navigationBarTextStyle: 'black',
    // h5 draws a title bar (with a back button on inner pages) only when the style is stated; weapp's default
    navigationStyle: 'default',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/services/index',
        text: '服务',
        iconPath: 'assets/tab/services.png',
        selectedIconPath: 'assets/tab/services-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png',
      },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
});
