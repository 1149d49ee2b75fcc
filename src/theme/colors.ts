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

/** A pale tint of a theme colour for backgrounds behind it (selected chips, tags): 90 % white. */
export function soft(hex: string): string {
  const c = themeOr(hex);
  const channel = (i: number) =>
    Math.round(255 - (255 - parseInt(c.slice(i, i + 2), 16)) * 0.1)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** The CSS variables every page's styles read (`$color-primary` is `var(--union-theme, …)`). */
export function themeVariables(color: string | null | undefined): Record<string, string> {
  const c = themeOr(color);
  return { '--union-theme': c, '--union-theme-dark': darker(c), '--union-theme-soft': soft(c) };
}
