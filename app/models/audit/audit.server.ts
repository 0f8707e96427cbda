/**
 * The audit log: every account change, status change, assignment, conflict, decision and publication,
 * with its actor and time. Write it in the same transaction as the change it records.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  actorUserId: number | null;
  /** dotted verb, e.g. "user.create", "initiative.status", "assignment.create" */
  action: string;
  /** "user" | "initiative" | "assignment" | "rubric" | ... */
  targetType: string;
  targetId: string | number;
  details?: Record<string, unknown>;
  now?: Date;
}

export async function audit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: (entry.now ?? new Date()).toISOString(),
      actor_user_id: entry.actorUserId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: String(entry.targetId),
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
