/**
 * The audit log as CSV, streamed: rows are read in pages and written as they come. Written by
 * csv-stringify with the open-data file's protections (open-data.server.ts): a byte-order mark so
 * spreadsheet programs read Vietnamese as UTF-8, and `escape_formulas`, so a cell starting with
 * = + - @, a tab or a carriage return (a user's name, say) gets a leading apostrophe instead of being
 * run as a formula (OWASP "CSV injection").
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { auditRowsForExport, type AuditFilter } from "./audit-log.server";

type DB = Parameters<typeof auditRowsForExport>[0];

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_user_id",
  "actor_name",
  "actor_email",
  "action",
  "target_type",
  "target_id",
  "details",
] as const;

export function auditCsv(db: DB, filter: AuditFilter): Readable {
  const csv = stringify({ bom: true, header: true, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true });
  const source = Readable.from(auditRowsForExport(db, filter));
  source.on("error", (e) => csv.destroy(e));
  return source.pipe(csv);
}
