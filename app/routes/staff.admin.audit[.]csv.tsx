import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { auditRowsForExport, parseAuditFilter } from "~/models/admin/audit-log.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";

const HEADER = ["id", "at", "actor_user_id", "actor_name", "actor_email", "action", "target_type", "target_id", "details"];

/** A spreadsheet must not run a cell as a formula (OWASP "CSV injection"). */
function cell(v: string | number | null): string | number {
  if (v === null) return "";
  if (typeof v === "number") return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** The audit log as CSV, with the same filters as the page; streamed page by page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.audit");
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  const rows = auditRowsForExport(context.db, filter);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // The BOM makes spreadsheet programs read Vietnamese text as UTF-8.
      controller.enqueue(encoder.encode("\uFEFF" + stringify([HEADER])));
    },
    async pull(controller) {
      const batch: (string | number)[][] = [];
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) break;
        const r = next.value;
        batch.push([r.id, r.at, cell(r.actor_user_id), cell(r.actor_name), cell(r.actor_email), cell(r.action), cell(r.target_type), cell(r.target_id), cell(r.details)]);
      }
      if (batch.length > 0) controller.enqueue(encoder.encode(stringify(batch)));
      if (batch.length < 500) controller.close();
    },
  });
  const stamp = hanoiDate();
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
