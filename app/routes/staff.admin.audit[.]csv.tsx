import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess } from "~/models/access-log/access-log.server";
import { auditCsv } from "~/models/admin/audit-csv.server";
import { parseAuditFilter } from "~/models/admin/audit-log.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";

/** The audit log as CSV, with the same filters as the page; streamed page by page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "admin.audit");
  const params = new URL(request.url).searchParams;
  const filter = parseAuditFilter(params);
  // Audit details name people (staff accounts, and whatever personal data a recorded change carried): the export is logged.
  await recordAccess(context.db, { user, action: "export", detail: `audit-log.csv ${params.toString()}`.trim() });
  const stamp = hanoiDate();
  return new Response(createReadableStreamFromReadable(auditCsv(context.db, filter)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
