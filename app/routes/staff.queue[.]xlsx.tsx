import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { langFromRequest } from "~/i18n/index";
import { queueXlsx } from "~/models/exports/exports.server";
import { XLSX_TYPE } from "~/models/exports/xlsx.server";
import { parseQueueParams } from "~/models/screening/queue.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";
import { can } from "~/utils/permissions";

/** The queue as XLSX with the page's filters (every page of them); a reviewer's holds only their assignments. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "queue.view");
  const { filters } = parseQueueParams(new URL(request.url).searchParams);
  const viewer = { id: user.id, seeAll: can(user.roles, "queue.all") };
  const body = queueXlsx(context.db, viewer, { ...filters, cursor: undefined }, langFromRequest(request));
  return new Response(createReadableStreamFromReadable(body), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="ho-so-${hanoiDate()}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
