import crypto from 'node:crypto';
import { AppError } from '../errors';
import { getRuntime } from '../runtime';
import type { BallotChoices, ElectionMark } from '@shared/contracts/congress-rules';
import { receiptCodePattern } from '@shared/contracts/congress';

/**
 * Sealing of ballots while a vote is open (congress_ballot_box holds only what this module writes).
 *
 * Why: the cast writes the turnout row and the box row in one transaction, so anyone who can read the
 * database can pair them by xmin or physical order while the vote is open (and in dead tuples, WAL and
 * backups afterwards). Sealing makes that pair worthless: the box row is a random row id and a
 * fixed-length AES-256-GCM ciphertext; receipt code, choices and validity are all inside it.
 *
 * Key: HKDF-SHA256 of the server secret (the runtime's session secret: SESSION_SECRET in production,
 * `.data/session-secret` locally; it never enters the database), salted with the vote id, so each vote
 * has its own key. Rotating SESSION_SECRET while a vote is open makes its box unreadable: the close then
 * refuses (BALLOT_UNREADABLE) rather than miscount; restore the secret and close again.
 *
 * Length: the plaintext has a fixed size for a given vote (fixed-width records, write-ins padded), so
 * the ciphertext length says nothing about the choices and cannot be matched to a counted ballot.
 */

const INFO = Buffer.from('palm-union/congress/ballot-box/v1');
const VERSION = 1;
const NONCE = 12;
const TAG = 16;
const RECEIPT = 10;
/** A write-in is at most 40 UTF-16 units (contract): at most 120 bytes of UTF-8. */
export const WRITE_IN_BYTES = 120;
const MARKS: ElectionMark[] = ['for', 'against', 'abstain'];
const HEADER = 1 + 1 + RECEIPT + 1; // version, kind, receipt, valid
const RECORD = 16 + 1 + 1 + WRITE_IN_BYTES; // candidate uuid, mark, write-in length, write-in

export interface SealedContent {
  receiptCode: string;
  valid: boolean;
  choices: BallotChoices;
}

export async function serverSecret(): Promise<Uint8Array> {
  const { secret } = await getRuntime();
  if (!secret || secret.length < 16)
    throw new AppError('SERVER_CONFIG', '服务器未配置密钥（SESSION_SECRET），无法安全投票，请联系管理员');
  return secret;
}

/** Per process, per server secret: the keys already derived (a crowd of casts on one vote derives once). */
const derivedKeys = new WeakMap<Uint8Array, Map<string, Buffer>>();

/** HKDF-SHA256 of the server secret for one vote and one purpose (`info`), derived once per process. */
export function derivedVoteKey(secret: Uint8Array, voteId: string, info: Buffer): Buffer {
  let keys = derivedKeys.get(secret);
  if (!keys) derivedKeys.set(secret, (keys = new Map()));
  const name = `${info.toString('hex')}/${voteId}`;
  let key = keys.get(name);
  if (!key) {
    if (keys.size >= 2000) keys.clear();
    key = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.from(voteId), info, 32));
    keys.set(name, key);
  }
  return key;
}

const voteKey = (secret: Uint8Array, voteId: string): Buffer => derivedVoteKey(secret, voteId, INFO);

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Fixed-width plaintext: its length depends only on the kind of vote and its number of candidates. */
export function encodeBallot(c: SealedContent): Buffer {
  const marks = c.choices.kind === 'election' ? c.choices.marks : [];
  const out = Buffer.alloc(HEADER + (c.choices.kind === 'resolution' ? 1 : RECORD * marks.length));
  out[0] = VERSION;
  out[1] = c.choices.kind === 'resolution' ? 0 : 1;
  if (!receiptCodePattern.test(c.receiptCode)) throw new Error('bad receipt code');
  out.write(c.receiptCode, 2, 'ascii');
  out[12] = c.valid ? 1 : 0;
  if (c.choices.kind === 'resolution') {
    out[HEADER] = MARKS.indexOf(c.choices.mark);
    return out;
  }
  marks.forEach((m, i) => {
    const at = HEADER + i * RECORD;
    uuidBytes(m.candidateId).copy(out, at);
    out[at + 16] = MARKS.indexOf(m.mark);
    const w = Buffer.from(m.writeIn ?? '', 'utf8');
    if (w.length > WRITE_IN_BYTES) throw new AppError('BALLOT_INVALID', '另选他人姓名过长');
    out[at + 17] = w.length;
    w.copy(out, at + 18);
  });
  return out;
}

export function decodeBallot(b: Buffer): SealedContent {
  if (b[0] !== VERSION) throw new Error('unknown ballot encoding');
  const receiptCode = b.toString('ascii', 2, 2 + RECEIPT);
  const valid = b[12] === 1;
  if (b[1] === 0) return { receiptCode, valid, choices: { kind: 'resolution', mark: MARKS[b[HEADER]] } };
  const marks: { candidateId: string; mark: ElectionMark; writeIn?: string }[] = [];
  for (let at = HEADER; at + RECORD <= b.length; at += RECORD) {
    const candidateId = uuidText(b.subarray(at, at + 16));
    const mark = MARKS[b[at + 16]];
    const len = b[at + 17];
    marks.push(len ? { candidateId, mark, writeIn: b.toString('utf8', at + 18, at + 18 + len) } : { candidateId, mark });
  }
  return { receiptCode, valid, choices: { kind: 'election', marks } };
}

/** AAD binds a ciphertext to its vote and its row: it cannot be copied to another row or vote. */
const aad = (voteId: string, rowId: string) => Buffer.from(`${voteId}/${rowId}`);

export interface BallotSealer {
  seal(rowId: string, content: SealedContent): Buffer;
  open(rowId: string, sealed: Buffer): SealedContent;
}

/** The sealer of one vote (derives its key once). */
export async function sealerFor(voteId: string): Promise<BallotSealer> {
  const key = voteKey(await serverSecret(), voteId);
  return {
    seal(rowId, content) {
      const nonce = crypto.randomBytes(NONCE);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad(voteId, rowId));
      const body = Buffer.concat([cipher.update(encodeBallot(content)), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]);
    },
    open(rowId, sealed) {
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
        decipher.setAAD(aad(voteId, rowId));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
        return decodeBallot(Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]));
      } catch {
        throw new AppError(
          'BALLOT_UNREADABLE',
          '票箱中有无法解密的选票（服务器密钥可能已更换或数据被改动），已停止计票，请联系管理员',
        );
      }
    },
  };
}

/** Uniform random permutation from the OS CSPRNG (Fisher–Yates). */
export function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
