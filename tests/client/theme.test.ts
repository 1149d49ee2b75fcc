import { darker, soft, themeOr, themeVariables, PLATFORM_RED } from '../../src/theme/colors';

test('a union without a usable theme colour wears the platform red', () => {
  expect(themeOr(null)).toBe(PLATFORM_RED);
  expect(themeOr('blue')).toBe(PLATFORM_RED);
  expect(themeOr('#1E6FD9')).toBe('#1E6FD9');
});

test('shades of a theme keep its hue: darker for the pressed end, a pale tint for backgrounds', () => {
  expect(darker('#1E6FD9')).toBe('#195bb2');
  expect(soft('#1E6FD9')).toBe('#e9f1fb');
  expect(themeVariables('#1E6FD9')).toEqual({
    '--union-theme': '#1E6FD9',
    '--union-theme-dark': '#195bb2',
    '--union-theme-soft': '#e9f1fb',
    '--nutui-color-primary': '#1E6FD9',
    '--nutui-color-primary-stop-1': '#1E6FD9',
    '--nutui-color-primary-stop-2': '#195bb2',
    '--nutui-color-primary-disabled-special': '#a5c5f0',
  });
});
