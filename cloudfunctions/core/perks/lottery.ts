import crypto from 'node:crypto';

/**
 * The verifiable lottery, pure: a random seed is drawn when an activity is published and only its hash is shown;
 * at the draw the seed is revealed and the order is fixed by it and the published receipts alone:
 *
 *   order = receipts sorted by hex(sha256(seed + ':' + receipt)), ties (never seen) by receipt
 *
 * so anyone holding the receipt list and the seed recomputes it (`sha256sum` and `sort` are enough), and the
 * hash published beforehand shows the seed was not chosen after the sign-ups were known.
 */
export const newSeed = (): string => crypto.randomBytes(32).toString('hex');

/** What is published at sign-up opening: hex(sha256(seed)) of the seed's hex text. */
export const seedHash = (seed: string): string => crypto.createHash('sha256').update(seed, 'utf8').digest('hex');

const ticket = (seed: string, receipt: string): string =>
  crypto.createHash('sha256').update(`${seed}:${receipt}`, 'utf8').digest('hex');

/** The draw order of the receipts under the seed (winners first). */
export function drawOrder(seed: string, receipts: readonly string[]): string[] {
  return receipts
    .map((r) => ({ r, t: ticket(seed, r) }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
    .map((x) => x.r);
}

/**
 * Who of the draw order is confirmed: walk the order, confirm while the activity has places and the receipt's
 * union (名额分配; a receipt without one counts against the activity alone) has places of its own. The rest are
 * waitlisted in the same order. Pure, so anyone recomputes it from the published list.
 */
export function confirmedInOrder(
  order: readonly string[],
  capacity: number,
  quotas: { receiptUnions: Readonly<Record<string, string>>; places: Readonly<Record<string, number>> } | null,
): Set<string> {
  const confirmed = new Set<string>();
  const taken = new Map<string, number>();
  for (const receipt of order) {
    if (confirmed.size >= capacity) break;
    const union = quotas?.receiptUnions[receipt];
    if (union !== undefined) {
      const used = taken.get(union) ?? 0;
      if (used >= (quotas!.places[union] ?? 0)) continue;
      taken.set(union, used + 1);
    }
    confirmed.add(receipt);
  }
  return confirmed;
}
