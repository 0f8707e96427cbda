import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openDataJson } from "~/models/public/open-data.server";
import { publicationsVersion, siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";
import { openDataAbout, openDataLicenceLink } from "~/utils/open-data.server";
import { openDataFilter } from "~/models/campaigns/campaigns.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const about = openDataAbout(origin);
  const filter = await openDataFilter(context.db, request);
  const etag = etagOf(["json", origin, about.licence.url, await publicationsVersion(context.db), filter.campaignId ?? null]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;
  return new Response(createReadableStreamFromReadable(openDataJson(context.db, about, filter)), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": PUBLIC_DATA,
      ETag: etag,
      Link: openDataLicenceLink(about),
      "Access-Control-Allow-Origin": "*",
    },
  });
}
