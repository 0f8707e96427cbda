import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicationsVersion, recentPublications, siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";

/** The sitemap protocol allows 50,000 addresses per file; the newest initiatives come first. */
const MAX_URLS = 50_000;
const STATIC_PATHS = [
  "/",
  "/initiatives",
  "/statistics",
  "/open-data",
  "/certificates",
  "/submit",
  "/track",
  "/privacy",
  "/help",
  "/accessibility",
];

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const etag = etagOf(["sitemap", origin, await publicationsVersion(context.db)]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;
  const rows = await recentPublications(context.db, MAX_URLS - STATIC_PATHS.length);
  const urls = [
    ...STATIC_PATHS.map((p) => `<url><loc>${escapeXml(origin + p)}</loc></url>`),
    ...rows.map(
      (r) => `<url><loc>${escapeXml(`${origin}/initiatives/${r.slug}`)}</loc><lastmod>${r.published_at.slice(0, 10)}</lastmod></url>`,
    ),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
  return new Response(body, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": PUBLIC_DATA, ETag: etag },
  });
}
