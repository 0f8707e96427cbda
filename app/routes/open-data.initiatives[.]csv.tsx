import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openDataCsv } from "~/models/public/open-data.server";
import { publicationsVersion, siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";
import { openDataAbout, openDataLicenceLink } from "~/utils/open-data.server";
import { openDataFilter } from "~/models/campaigns/campaigns.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  // A CSV file has no place for metadata that every reader skips: its licence travels in the Link header.
  const about = openDataAbout(origin);
  const filter = await openDataFilter(context.db, request);
  const etag = etagOf(["csv", origin, about.licence.url, await publicationsVersion(context.db), filter.campaignId ?? null]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;
  return new Response(createReadableStreamFromReadable(openDataCsv(context.db, origin, filter)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="sang-kien-cchc.csv"',
      "Cache-Control": PUBLIC_DATA,
      ETag: etag,
      Link: openDataLicenceLink(about),
      "Access-Control-Allow-Origin": "*",
    },
  });
}
