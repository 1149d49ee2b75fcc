import type { ComponentType } from 'react';

/** h5: the theme variables sit on the document root (apply.h5.ts) and reach every page; the page is unchanged. */
export function withTheme<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  return Page;
}
