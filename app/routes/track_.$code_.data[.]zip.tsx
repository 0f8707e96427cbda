import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { findByCodeAndToken, normaliseCode } from "~/models/initiative/tracking.server";
import { subjectDataZip } from "~/models/privacy/export.server";
import { httpError } from "~/utils/http.server";

/** "Download my data": the zip of everything about the submitter, behind the private link's secret. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const initiative = await findByCodeAndToken(context.db, normaliseCode(params.code ?? ""), token);
  if (!initiative) throw httpError(404, "not_found");
  const zip = await subjectDataZip(context.db, initiative.id);
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${initiative.code}-du-lieu.zip"`,
      "Cache-Control": "no-store, private",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
