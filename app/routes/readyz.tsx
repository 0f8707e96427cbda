import type { LoaderFunctionArgs } from "@remix-run/node";
import { readiness } from "~/utils/readiness.server";

/** Readiness and the numbers to alert on (README, "Operations"): 503 while the database cannot be used. */
export async function loader({ context }: LoaderFunctionArgs) {
  const report = await readiness(context.db);
  return Response.json(report, { status: report.database === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
