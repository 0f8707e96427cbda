import type { LoaderFunctionArgs } from "@remix-run/node";
import { timelinessJson } from "~/models/public/open-data-timeliness.server";
import { siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";
import { hanoiDate } from "~/utils/clock";
import { openDataAbout, openDataLicenceLink } from "~/utils/open-data.server";
import { publicPagesVersion } from "~/utils/page-cache.server";

/** The on-time figures change with the public content and with the Hà Nội date (a case falls late at midnight). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const about = openDataAbout(origin);
  const etag = etagOf(["timeliness-json", origin, about.licence.url, await publicPagesVersion(context.db), hanoiDate()]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;
  return new Response(await timelinessJson(context.db, about), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": PUBLIC_DATA,
      ETag: etag,
      Link: openDataLicenceLink(about),
      "Access-Control-Allow-Origin": "*",
    },
  });
}
