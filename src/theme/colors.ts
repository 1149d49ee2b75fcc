/** The platform's own red: the theme of a union without one, and the one red of warnings and refusals. */
export const PLATFORM_RED = '#C8102E';

const HEX = /^#[0-9a-f]{6}$/i;

/** A union's theme colour if it reads as one, else the platform red. */
export const themeOr = (color: string | null | undefined): string => (color && HEX.test(color) ? color : PLATFORM_RED);

/** The pressed / gradient end of a theme colour: the same hue, 18 % darker. */
export function darker(hex: string, factor = 0.82): string {
  const c = themeOr(hex);
  const channel = (i: number) =>
    Math.round(parseInt(c.slice(i, i + 2), 16) * factor)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** A tint of a theme colour: `strength` of it over white (0.1 is a pale background, 0.4 a faded button). */
function tint(hex: string, strength: number): string {
  const c = themeOr(hex);
  const channel = (i: number) =>
    Math.round(255 - (255 - parseInt(c.slice(i, i + 2), 16)) * strength)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** A pale tint of a theme colour for backgrounds behind it (selected chips, tags): 90 % white. */
export const soft = (hex: string): string => tint(hex, 0.1);

/**
 * The CSS variables every page's styles read (`$color-primary` is `var(--union-theme, …)`), and NutUI's own
 * (buttons, tabs, switches, tags, checkboxes read `--nutui-color-primary*`). NutUI's are stated with values, not
 * as `var(--union-theme)`: a custom property's `var()` resolves where it is declared, so on weapp, where the
 * theme sits on a view inside `page`, `page`'s own `--nutui-color-primary` would stay red.
 */
export function themeVariables(color: string | null | undefined): Record<string, string> {
  const c = themeOr(color);
  const dark = darker(c);
  return {
    '--union-theme': c,
    '--union-theme-dark': dark,
    '--union-theme-soft': soft(c),
    '--nutui-color-primary': c,
    '--nutui-color-primary-stop-1': c,
    '--nutui-color-primary-stop-2': dark,
    '--nutui-color-primary-disabled-special': tint(c, 0.4),
  };
}
