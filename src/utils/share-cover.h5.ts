/** The browser shares links, not cards: there is no cover to make. */
export async function shareCover(_canvasId: string, _union: { name: string; themeColor: string }): Promise<string | null> {
  return null;
}
