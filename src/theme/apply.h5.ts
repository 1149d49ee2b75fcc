import { themeVariables } from './colors';

/** h5: one set of variables on the document root reaches every page. */
export function paintPages(color: string): void {
  const style = document.documentElement.style;
  for (const [name, value] of Object.entries(themeVariables(color))) style.setProperty(name, value);
}
