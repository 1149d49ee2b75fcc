/** The mini-program shares with its own share button (`open-type="share"`), not a link card. */
export const canShareLink = (): boolean => false;

export async function shareLink(_card: { title: string; desc: string; link: string; imgUrl?: string }): Promise<boolean> {
  return false;
}
