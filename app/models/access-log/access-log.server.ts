/**
 * Who looked at whom: every time staff see a submitter's identity (the staff page of an initiative, one of its
 * files, an export that carries identities), one row. The administrator reads and exports it; the breach runbook
 * starts from it (docs/privacy/breach-runbook.md). Writing is one insert outside any transaction, so a page view
 * costs one statement; reading mirrors the audit log's filters and keyset pages.
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { addDaysTo, isCalendarDate, startOfHanoiDay } from "../../utils/clock";

type DB = Kysely<Database>;

import { ACCESS_ACTIONS, type AccessAction } from "./actions";
export { ACCESS_ACTIONS, type AccessAction } from "./actions";

export interface AccessEntry {
  user: { id: number; name: string };
  action: AccessAction;
  initiative?: { id: number; code: string } | null;
  /** the file's name, or the export's name and filters */
  detail?: string;
  now?: Date;
}

/**
 * Whether a load of a staff page is a view to log. The log answers "who looked at whom", so it records each time a
 * person comes to a page, not each time the page fetches its data again: after a person's own action on a page
 * (a note, a decision), the page's script loads the data once more from the same address. That load comes from
 * the page itself: a script's request (`Sec-Fetch-Dest: empty`, or without it an `Accept` that is not HTML) whose
 * `Referer` is the same path. Everything else is a view: a document (typed, a link, a reload, the answer to a form
 * posted without scripts), a script's first load of a page reached from another one, and any request that does not
 * say where it comes from (a browser that hides the referrer, a script, a monitor): when in doubt, log.
 */
export function isPageView(request: Request): boolean {
  const h = request.headers;
  const dest = h.get("Sec-Fetch-Dest");
  const byScript = dest ? dest === "empty" : !/\btext\/html\b/.test(h.get("Accept") ?? "");
  if (!byScript) return true;
  const referer = h.get("Referer");
  if (!referer) return true;
  try {
    const from = new URL(referer);
    const to = new URL(request.url);
    return !(from.origin === to.origin && from.pathname === to.pathname);
  } catch {
    return true;
  }
}

/** One insert, no transaction. */
export async function recordAccess(db: DB, e: AccessEntry): Promise<void> {
  await db
    .insertInto("access_log")
    .values({
      at: (e.now ?? new Date()).toISOString(),
      user_id: e.user.id,
      user_name: e.user.name,
      initiative_id: e.initiative?.id ?? null,
      initiative_code: e.initiative?.code ?? null,
      action: e.action,
      detail: (e.detail ?? "").slice(0, 500),
    })
    .execute();
}

const date = z
  .string()
  .optional()
  .transform((v) => (v && isCalendarDate(v) ? v : undefined));

export const accessFilterSchema = z.object({
  user: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined)),
  code: z
    .string()
    .optional()
    .transform((v) => (v && /^[A-Za-z0-9-]{1,40}$/.test(v.trim()) ? v.trim().toUpperCase() : undefined)),
  action: z
    .string()
    .optional()
    .transform((v) => ((ACCESS_ACTIONS as readonly string[]).includes(v ?? "") ? (v as AccessAction) : undefined)),
  from: date,
  to: date,
  before: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,15}$/.test(v) ? Number(v) : undefined)),
});

export type AccessFilter = z.output<typeof accessFilterSchema>;

export function parseAccessFilter(params: URLSearchParams): AccessFilter {
  return accessFilterSchema.parse(Object.fromEntries(params));
}

/** The filter as query parameters (without the page position), for the CSV link and the next page. */
export function accessFilterParams(f: AccessFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.user !== undefined) p.set("user", String(f.user));
  if (f.code) p.set("code", f.code);
  if (f.action) p.set("action", f.action);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  return p;
}

export const ACCESS_PAGE_SIZE = 100;

function filtered(db: DB, f: AccessFilter) {
  let q = db.selectFrom("access_log").select(["id", "at", "user_id", "user_name", "initiative_id", "initiative_code", "action", "detail"]);
  if (f.user !== undefined) q = q.where("user_id", "=", f.user);
  if (f.code) q = q.where("initiative_code", "=", f.code);
  if (f.action) q = q.where("action", "=", f.action);
  // Whole days in Hà Nội, as the page shows the times; "to" includes its day.
  if (f.from) q = q.where("at", ">=", startOfHanoiDay(f.from).toISOString());
  if (f.to) q = q.where("at", "<", startOfHanoiDay(addDaysTo(f.to, 1)).toISOString());
  return q;
}

export type AccessRow = Awaited<ReturnType<ReturnType<typeof filtered>["execute"]>>[number];

export async function listAccess(
  db: DB,
  f: AccessFilter,
  limit = ACCESS_PAGE_SIZE,
): Promise<{ rows: AccessRow[]; nextBefore: number | null }> {
  let q = filtered(db, f);
  if (f.before) q = q.where("id", "<", f.before);
  const rows = (
    await q
      .orderBy("id", "desc")
      .limit(limit + 1)
      .execute()
  ).map((r) => ({ ...r, id: Number(r.id) }));
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: more ? page[page.length - 1].id : null };
}

/** The staff who appear in the log, for the filter. */
export async function accessUsers(db: DB) {
  return db.selectFrom("access_log").select(["user_id", "user_name"]).distinct().orderBy("user_name").execute();
}

async function* rowsForExport(db: DB, f: AccessFilter, pageSize = 1000): AsyncGenerator<AccessRow> {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, { ...f, before: undefined })
      .where("id", ">", after)
      .orderBy("id")
      .limit(pageSize)
      .execute();
    for (const r of rows) yield { ...r, id: Number(r.id) };
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].id);
  }
}

export const ACCESS_CSV_COLUMNS = ["id", "at", "user_id", "user_name", "initiative_code", "action", "detail"] as const;

/** The log as CSV, streamed, with the audit export's protections (a byte-order mark; formulas escaped). */
export function accessCsv(db: DB, f: AccessFilter): Readable {
  const csv = stringify({ bom: true, header: true, columns: [...ACCESS_CSV_COLUMNS], escape_formulas: true });
  const source = Readable.from(rowsForExport(db, f));
  source.on("error", (e) => csv.destroy(e));
  return source.pipe(csv);
}
