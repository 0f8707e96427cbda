import type { ActionFunctionArgs } from "@remix-run/node";
import { langFromRequest } from "~/i18n/index";
import { receiveSubmission, RECEIPT_PATH, submissionCookies } from "~/utils/submission-http.server";

/**
 * The same submission as the page's action, answered in JSON for the enhanced form, which sends
 * through XMLHttpRequest to show upload progress. Thrown limits (429, 413) arrive as JSON Responses too.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const lang = langFromRequest(request);
  const outcome = await receiveSubmission(context.db, request, { lang, ip: context.clientIp });
  const headers = { "Cache-Control": "no-store" };
  if (outcome.kind === "created" || outcome.kind === "duplicate") {
    const cookies = submissionCookies(request, outcome);
    cookies.set("Cache-Control", "no-store");
    return Response.json({ ok: true, redirectTo: RECEIPT_PATH }, { headers: cookies });
  }
  return Response.json({ ok: false, state: outcome.state }, { status: outcome.kind === "invalid" ? outcome.status : 200, headers });
}
