import type { AuditEntry } from '../audit';
import { shanghai } from '../clock';
import type { ClaimStatus } from '@shared/contracts/aid';

/** Grassroots officers who review claims; finance pays; all three may read them. */
export const REVIEWERS = ['chair', 'vice_chair'] as const;
export const UNION_READERS = ['chair', 'vice_chair', 'finance'] as const;

/** States in which the applicant may still change a claim and its material. */
export const EDITABLE: ClaimStatus[] = ['draft', 'returned'];

/** Audit with the caller filled in (the action context's `audit`). */
export type Audit = (entry: Omit<AuditEntry, 'actorId'>) => Promise<void>;

export const todayIn = (now: Date) => shanghai(now).format('YYYY-MM-DD');

export const num = (v: string | number | null) => (v === null ? null : Number(v));
export const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
