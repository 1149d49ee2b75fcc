/**
 * weapp: a page has no shared root to paint; each page's root view takes the theme variables (withTheme, which
 * listens to the theme store), so nothing is painted here.
 */
export function paintPages(_color: string): void {}
