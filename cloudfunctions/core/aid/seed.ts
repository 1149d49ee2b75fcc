import type { Db } from '../db/client';
import type { SeedBase } from '../db/seed-base';

/** Demo data of the aid area, built on the foundation seed. */
export async function seedAid(_tx: Db, _base: SeedBase, _now: Date): Promise<void> {}
