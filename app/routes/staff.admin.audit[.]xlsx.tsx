import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest } from "~/i18n/index";
import { parseAuditFilter } from "~/models/admin/audit-log.server";
import { recordAccess } from "~/models/access-log/access-log.server";
import { auditXlsx, recordPersonalDataExport } from "~/models/exports/exports.server";
import { XLSX_TYPE } from "~/models/exports/xlsx.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";

/** The audit log as XLSX, with the same filters as the page; it names staff, so the export itself is recorded. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "admin.audit");
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  await recordPersonalDataExport(context.db, { userId: user.id, what: "audit_log", format: "xlsx", filter });
  // Like the CSV, the export is a view of identity data: the administrator's access log shows it too.
  await recordAccess(context.db, {
    user,
    action: "export",
    detail: `audit-log.xlsx ${new URL(request.url).searchParams.toString()}`.trim(),
  });
  return new Response(createReadableStreamFromReadable(auditXlsx(context.db, filter, langFromRequest(request))), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="nhat-ky-${hanoiDate()}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
