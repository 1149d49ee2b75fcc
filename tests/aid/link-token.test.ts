import { signAttachmentToken, verifyAttachmentToken } from '../../cloudfunctions/core/aid/storage';

/** Attachment links are accepted only exactly as issued: every other spelling of the signature is refused. */
describe('attachment link tokens', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  const att = { storageKey: 'claims/abc/invoice.pdf', mime: 'application/pdf', fileName: '发票.pdf' };
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  test('the issued token verifies until it expires', async () => {
    const { token } = await signAttachmentToken(att, now, 300);
    await expect(verifyAttachmentToken(token, new Date(now.getTime() + 299_000))).resolves.toMatchObject({ k: att.storageKey });
    await expect(verifyAttachmentToken(token, new Date(now.getTime() + 301_000))).resolves.toBeNull();
  });

  test('any other last character of the signature is refused, including ones that decode to the same bytes', async () => {
    // Signatures of several tokens, so last characters with spare low bits are certainly among them.
    for (let i = 0; i < 8; i++) {
      const { token } = await signAttachmentToken({ ...att, storageKey: `claims/${i}/invoice.pdf` }, now, 300);
      const last = token.slice(-1);
      const accepted: string[] = [];
      for (const c of ALPHABET) {
        if (c !== last && (await verifyAttachmentToken(token.slice(0, -1) + c, now))) accepted.push(c);
      }
      expect({ token, accepted }).toEqual({ token, accepted: [] });
    }
  });
});
