import type { LoaderFunctionArgs } from "@remix-run/node";
import { findByCodeAndToken, findSubmitterFile, normaliseCode } from "~/models/initiative/tracking.server";
import { httpError } from "~/utils/http.server";
import { storedFileResponse } from "~/utils/uploads.server";

/** A document of the submitter's own initiative (a decision, or a file they sent), behind the private link's secret. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("t");
  const initiative = await findByCodeAndToken(context.db, normaliseCode(params.code ?? ""), token);
  const id = Number(params.id);
  if (!initiative || !Number.isInteger(id) || id <= 0) throw httpError(404, "not_found");
  const file = await findSubmitterFile(context.db, initiative.id, id);
  if (!file) throw httpError(404, "not_found");
  return storedFileResponse(context.db, file, { "Cache-Control": "no-store, private", "Referrer-Policy": "no-referrer" });
}
