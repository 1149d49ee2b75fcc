/**
 * weapp: a page has no shared root to paint; each page's root view takes `themeStyle()` (see useTheme), so
 * nothing is painted here.
 */
export function paintPages(_color: string): void {}
