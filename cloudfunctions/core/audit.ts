import type { Db } from './db/client';
import { auditLog } from './db/schema';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  unionId?: string | null;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

/** Record a state change that matters, inside the same transaction as the change itself. */
export async function audit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    unionId: entry.unionId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? {},
  });
}
