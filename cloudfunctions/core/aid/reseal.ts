import { migrate } from '../db/migrate';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { encryptText, decryptText, isSealed, SEALED_PATTERN, underLegacyKey } from './sealed-text';

/** Medical free-text columns of aid_claims, sealed at rest. */
export const SEALED_MEDICAL_COLUMNS = ['diagnosis', 'hospital'] as const;

/**
 * Bring rows written before sealing up to date, once per start (after the migrations, which cannot know
 * the key): medical text still in plain text is sealed, and (outside production) bank accounts still under
 * the old constant development key are re-encrypted under the install's own key. Each row is rewritten
 * only if it still holds the value read, so two starting processes cannot clobber a newer write.
 * Runs in openDatabase (db/client.ts). Old plain text may survive in the database's WAL and dead tuples until they are recycled (VACUUM).
 */
export async function resealAidSecrets(db: Db): Promise<{ medical: number; bankAccounts: number }> {
  // Every function opens the database; in production only those given PU_AID_KEY itself seal, so a function
  // falling back to another key can never write a value the aid function cannot open.
  if (process.env.NODE_ENV === 'production' && !process.env.PU_AID_KEY) return { medical: 0, bankAccounts: 0 };
  const plain = await rows<{ id: string; diagnosis: string | null; hospital: string | null }>(
    db,
    sql`SELECT id, diagnosis, hospital FROM aid_claims
        WHERE diagnosis !~ ${SEALED_PATTERN} OR hospital !~ ${SEALED_PATTERN}`,
  );
  let medical = 0;
  for (const r of plain) {
    const todo = SEALED_MEDICAL_COLUMNS.filter((c) => r[c] !== null && !isSealed(r[c]!));
    if (!todo.length) continue;
    const sets = await Promise.all(todo.map(async (c) => sql`${sql.identifier(c)} = ${await encryptText(r[c]!)}`));
    const same = todo.map((c) => sql`${sql.identifier(c)} = ${r[c]}`);
    await db.execute(sql`UPDATE aid_claims SET ${sql.join(sets, sql`, `)} WHERE id = ${r.id} AND ${sql.join(same, sql` AND `)}`);
    medical++;
  }
  let bankAccounts = 0;
  if (process.env.NODE_ENV !== 'production') {
    const enc = await rows<{ id: string; bank_account_enc: string }>(
      db,
      sql`SELECT id, bank_account_enc FROM aid_claims WHERE bank_account_enc IS NOT NULL`,
    );
    for (const r of enc) {
      if (!underLegacyKey(r.bank_account_enc)) continue;
      const fresh = await encryptText(await decryptText(r.bank_account_enc));
      await db.execute(
        sql`UPDATE aid_claims SET bank_account_enc = ${fresh} WHERE id = ${r.id} AND bank_account_enc = ${r.bank_account_enc}`,
      );
      bankAccounts++;
    }
  }
  return { medical, bankAccounts };
}

/**
 * Apply pending migrations, then rewrite the data they cannot (it needs the aid key): what `npm run migrate`
 * and the local gateway's start run. Lives with the aid area so that no other function's bundle carries it.
 */
export async function migrateAndReseal(db: Db): Promise<string[]> {
  const applied = await migrate(db);
  await resealAidSecrets(db);
  return applied;
}
