/**
 * Reading the audit log: filters by action, actor and date range, newest first, and the same filter for
 * the CSV export (which streams pages so a large log never sits in memory at once).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { addDaysTo, isCalendarDate, startOfHanoiDay } from "../../utils/clock";

type DB = Kysely<Database>;

const date = z
  .string()
  .optional()
  .transform((v) => (v && isCalendarDate(v) ? v : undefined));

export const auditFilterSchema = z.object({
  action: z
    .string()
    .optional()
    .transform((v) => (v && /^[a-z_.]{1,60}$/.test(v) ? v : undefined)),
  actor: z
    .string()
    .optional()
    // "system" is the empty actor (a transition made by the app itself)
    .transform((v) => (v === "system" ? ("system" as const) : v && /^\d{1,9}$/.test(v) ? Number(v) : undefined)),
  from: date,
  to: date,
  /** keyset pagination: entries older than this id */
  before: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,12}$/.test(v) ? Number(v) : undefined)),
});

export type AuditFilter = z.output<typeof auditFilterSchema>;

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  return auditFilterSchema.parse(Object.fromEntries(params));
}

export const AUDIT_PAGE_SIZE = 50;

function filtered(db: DB, f: AuditFilter) {
  let q = db.selectFrom("audit_log").leftJoin("users", "users.id", "audit_log.actor_user_id");
  if (f.action) q = q.where("audit_log.action", "=", f.action);
  if (f.actor === "system") q = q.where("audit_log.actor_user_id", "is", null);
  else if (typeof f.actor === "number") q = q.where("audit_log.actor_user_id", "=", f.actor);
  // Dates are whole days in Hà Nội, as the page shows the times; "to" includes its day.
  if (f.from) q = q.where("audit_log.at", ">=", startOfHanoiDay(f.from).toISOString());
  if (f.to) q = q.where("audit_log.at", "<", startOfHanoiDay(addDaysTo(f.to, 1)).toISOString());
  return q;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
}

export async function listAudit(db: DB, f: AuditFilter, limit = AUDIT_PAGE_SIZE): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  let q = filtered(db, f).select([
    "audit_log.id",
    "audit_log.at",
    "audit_log.actor_user_id",
    "users.name as actor_name",
    "users.email as actor_email",
    "audit_log.action",
    "audit_log.target_type",
    "audit_log.target_id",
    "audit_log.details",
  ]);
  if (f.before) q = q.where("audit_log.id", "<", f.before);
  const rows = await q
    .orderBy("audit_log.id", "desc")
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: more ? page[page.length - 1].id : null };
}

/** Every row matching the filter (ignoring `before`), oldest first, in pages. */
export async function* auditRowsForExport(db: DB, f: AuditFilter, pageSize = 1000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, { ...f, before: undefined })
      .select([
        "audit_log.id",
        "audit_log.at",
        "audit_log.actor_user_id",
        "users.name as actor_name",
        "users.email as actor_email",
        "audit_log.action",
        "audit_log.target_type",
        "audit_log.target_id",
        "audit_log.details",
      ])
      .where("audit_log.id", ">", after)
      .orderBy("audit_log.id")
      .limit(pageSize)
      .execute();
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

export async function auditActions(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}

export async function auditActors(db: DB) {
  return db.selectFrom("users").select(["id", "name", "email"]).orderBy("name").execute();
}
