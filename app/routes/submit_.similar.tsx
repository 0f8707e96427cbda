import type { LoaderFunctionArgs } from "@remix-run/node";
import { findSimilarPublished } from "~/models/duplicates/similar.server";

/**
 * The published initiatives like what a citizen is typing on /submit, as JSON for the form's script
 * (components/similar-initiatives.tsx). Published ones only: this is as public as the search page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const title = (url.searchParams.get("title") ?? "").slice(0, 400);
  const problem = (url.searchParams.get("problem") ?? "").slice(0, 4000);
  const items = await findSimilarPublished(context.db, { title, problem });
  return Response.json({ items }, { headers: { "Cache-Control": "no-store" } });
}
