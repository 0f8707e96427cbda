/**
 * The queue and the audit log as XLSX, with the page's own filters and Vietnamese (or English) headers. The queue
 * export carries no submitter identity (what the queue page shows, no more); the audit export may (names and
 * emails of staff, details of actions), so each one is recorded (`recordPersonalDataExport`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { dictionaryFor, type Lang } from "../../i18n/index";
import "../../i18n/sections/staff";
import { audit } from "../audit/audit.server";
import { auditRowsForExport, type AuditFilter } from "../admin/audit-log.server";
import { listQueue, type QueueFilters, type Viewer } from "../screening/queue.server";
import { DATE_FORMAT, DATE_TIME_FORMAT, excelDate, excelHanoiTime, xlsxStream } from "./xlsx.server";

type DB = Kysely<Database>;

/** Rows read per query: a keyset page of the queue's own query. */
export const EXPORT_PAGE = 1000;

export function queueXlsx(db: DB, viewer: Viewer, filters: QueueFilters, lang: Lang) {
  const t = dictionaryFor(lang);
  const h = t.staff.exports.queue;
  async function* rows() {
    let cursor: string | undefined;
    do {
      const page = await listQueue(db, viewer, { ...filters, cursor }, { pageSize: EXPORT_PAGE });
      for (const r of page.rows) {
        yield {
          code: r.code,
          title: r.title,
          status: t.common.status[r.status],
          area: t.common.area[r.reformArea],
          submitted: excelHanoiTime(r.submittedAt),
          due: excelDate(r.dueOn),
          overdue: r.overdue ? t.staff.exports.yes : "",
        };
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return xlsxStream(
    t.staff.exports.queueSheet,
    [
      { header: h.code, key: "code", width: 18 },
      { header: h.title, key: "title", width: 60 },
      { header: h.status, key: "status", width: 22 },
      { header: h.area, key: "area", width: 40 },
      { header: h.submitted, key: "submitted", width: 14, numFmt: DATE_FORMAT },
      { header: h.due, key: "due", width: 14, numFmt: DATE_FORMAT },
      { header: h.overdue, key: "overdue", width: 10 },
    ],
    rows(),
  );
}

export function auditXlsx(db: DB, filter: AuditFilter, lang: Lang) {
  const t = dictionaryFor(lang).staff.exports;
  const h = t.audit;
  async function* rows() {
    for await (const r of auditRowsForExport(db, filter, EXPORT_PAGE)) {
      yield {
        id: r.id,
        at: excelHanoiTime(r.at),
        actor: r.actor_name ?? t.system,
        email: r.actor_email ?? "",
        action: r.action,
        target: r.target_type,
        targetId: r.target_id,
        details: r.details,
      };
    }
  }
  return xlsxStream(
    t.auditSheet,
    [
      { header: h.id, key: "id", width: 10 },
      { header: h.at, key: "at", width: 20, numFmt: DATE_TIME_FORMAT },
      { header: h.actor, key: "actor", width: 28 },
      { header: h.email, key: "email", width: 30 },
      { header: h.action, key: "action", width: 26 },
      { header: h.target, key: "target", width: 14 },
      { header: h.targetId, key: "targetId", width: 14 },
      { header: h.details, key: "details", width: 80 },
    ],
    rows(),
  );
}

/**
 * The audit row of an export that may carry personal data (who, when, which filter); the route also writes the
 * access log's line (app/models/access-log/access-log.server.ts), which the administrator reads.
 */
export async function recordPersonalDataExport(
  db: DB,
  e: { userId: number; what: "audit_log"; format: "xlsx" | "csv"; filter: unknown; now?: Date },
): Promise<void> {
  await audit(db, {
    actorUserId: e.userId,
    action: "export.personal_data",
    targetType: e.what,
    targetId: e.format,
    details: { filter: e.filter },
    now: e.now,
  });
}
