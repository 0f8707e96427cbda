import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { accessCsv, parseAccessFilter } from "~/models/access-log/access-log.server";
import { requirePermission } from "~/utils/auth.server";
import { hanoiDate } from "~/utils/clock";

/** The access log as CSV, with the same filters as the page; streamed page by page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.access_log");
  const filter = parseAccessFilter(new URL(request.url).searchParams);
  return new Response(createReadableStreamFromReadable(accessCsv(context.db, filter)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-log-${hanoiDate()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
