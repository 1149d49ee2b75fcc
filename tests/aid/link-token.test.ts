import { signAttachmentToken, verifyAttachmentToken } from '../../cloudfunctions/core/aid/storage';

/** Attachment links are accepted only exactly as issued: every other spelling of the signature is refused. */
describe('attachment link tokens', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  const id = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  test('the issued token verifies until it expires (the server’s TTL, not the token’s)', async () => {
    const { token } = await signAttachmentToken(id, now);
    await expect(verifyAttachmentToken(token, new Date(now.getTime() + 299_000))).resolves.toMatchObject({ attachmentId: id });
    await expect(verifyAttachmentToken(token, new Date(now.getTime() + 301_000))).resolves.toBeNull();
  });

  test('the token names the attachment and the issue time only: no content type, file name or storage key', async () => {
    const { token } = await signAttachmentToken(id, now);
    const [att, issued, sig] = token.split('.');
    expect(att).toBe(id);
    expect(parseInt(issued, 36)).toBe(now.getTime() / 1000);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A later issue time (to stretch the link) breaks the signature.
    const stretched = `${att}.${(parseInt(issued, 36) + 3600).toString(36)}.${sig}`;
    await expect(verifyAttachmentToken(stretched, now)).resolves.toBeNull();
  });

  test('any other last character of the signature is refused, including ones that decode to the same bytes', async () => {
    // Signatures of several tokens, so last characters with spare low bits are certainly among them.
    for (let i = 0; i < 8; i++) {
      const { token } = await signAttachmentToken(id.replace(/7$/, String(i)), now);
      const last = token.slice(-1);
      const accepted: string[] = [];
      for (const c of ALPHABET) {
        if (c !== last && (await verifyAttachmentToken(token.slice(0, -1) + c, now))) accepted.push(c);
      }
      expect({ token, accepted }).toEqual({ token, accepted: [] });
    }
  });
});
