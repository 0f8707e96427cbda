import type { LoaderFunctionArgs } from "@remix-run/node";
import { siteOrigin } from "~/models/public/feed.server";
import { PUBLIC_DATA } from "~/utils/cache.server";

/** Public pages are for everyone; staff pages and private tracking links are not for search engines. */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    "Allow: /",
    "Disallow: /staff",
    "Disallow: /track/",
    "Disallow: /certificates/",
    "",
    `Sitemap: ${siteOrigin(request)}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": PUBLIC_DATA } });
}
