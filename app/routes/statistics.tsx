import "~/i18n/sections/public";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { CampaignStatistics } from "~/components/campaign-statistics";
import { campaignStatisticsFor } from "~/models/campaigns/statistics.server";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { getStatistics } from "~/models/public/statistics.server";
import { REFORM_AREAS } from "~/models/initiative/taxonomy";
import { publicPageHeaders } from "~/utils/cache.server";
import { getTimeliness } from "~/models/public/timeliness.server";
import { TimelinessSection } from "~/components/timeliness/statistics-section";
import { notHandedOff } from "~/utils/document-data.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const stats = await getStatistics(context.db);
  const campaigns = await campaignStatisticsFor(context.db, new URL(request.url).searchParams.get("campaign"));
  const t = dictionaryFor(langFromRequest(request)).public.statistics;
  // On-time figures depend on the Hà Nội date as well as the content: the page cache's key carries both.
  const timeliness = await getTimeliness(context.db);
  return data(
    notHandedOff(context, {
      stats: { ...stats, byPlace: stats.byPlace.slice(0, 15) },
      meta: { title: t.metaTitle, description: t.intro },
      timeliness,
      campaigns,
    }),
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

export default function StatisticsPage() {
  const { stats, timeliness, campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  const ts = t.public.statistics;
  const lang = useLang();
  const nf = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB");
  const pf = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { style: "percent", maximumFractionDigits: 1 });
  const series = [
    { label: ts.submitted, className: "bar-submitted" },
    { label: ts.recognised, className: "bar-recognised" },
  ];
  const byArea = REFORM_AREAS.map((a) => {
    const r = stats.byArea.find((x) => x.key === a);
    return { label: t.common.area[a], values: [r?.submitted ?? 0, r?.recognised ?? 0] };
  });
  return (
    <>
      <h1>{ts.title}</h1>
      <p className="lead">{ts.intro}</p>

      <dl className="figures">
        <div>
          <dt>{ts.submitted}</dt>
          <dd>{nf.format(stats.totals.submitted)}</dd>
        </div>
        <div>
          <dt>{ts.recognised}</dt>
          <dd>{nf.format(stats.totals.recognised)}</dd>
        </div>
        <div>
          <dt>{ts.notRecognised}</dt>
          <dd>{nf.format(stats.totals.notRecognised)}</dd>
        </div>
        <div>
          <dt>
            {ts.shareRecognised} <span className="hint">({ts.shareHint})</span>
          </dt>
          <dd>{stats.shareRecognised === null ? ts.none : pf.format(stats.shareRecognised)}</dd>
        </div>
      </dl>

      <section aria-labelledby="duration-title">
        <h2 id="duration-title">{ts.durationTitle}</h2>
        <dl className="figures">
          <div>
            <dt>{ts.medianDays}</dt>
            <dd>{stats.medianDays === null ? ts.none : ts.days(stats.medianDays)}</dd>
          </div>
          <div>
            <dt>{ts.p90Days}</dt>
            <dd>{stats.p90Days === null ? ts.none : ts.days(stats.p90Days)}</dd>
          </div>
        </dl>
      </section>

      {stats.byYear.length === 0 ? (
        <p>{ts.noData}</p>
      ) : (
        <BarChart
          id="by-year"
          title={ts.byYear}
          description={ts.byYearDesc}
          keyHeading={ts.year}
          series={series}
          rows={stats.byYear.map((r) => ({ label: r.key, values: [r.submitted, r.recognised] }))}
          format={(n) => nf.format(n)}
        />
      )}
      <BarChart
        id="by-area"
        title={ts.byArea}
        description={ts.byAreaDesc}
        keyHeading={ts.area}
        series={series}
        rows={byArea}
        format={(n) => nf.format(n)}
      />
      {stats.byPlace.length > 0 ? (
        <BarChart
          id="by-place"
          title={ts.byPlace}
          description={ts.byPlaceDesc}
          keyHeading={ts.place}
          series={series}
          rows={stats.byPlace.map((r) => ({
            label: r.kind === "city" ? ts.city : r.label,
            values: [r.submitted, r.recognised],
            lang: r.kind === "city" ? undefined : "vi",
          }))}
          format={(n) => nf.format(n)}
        />
      ) : null}
      <TimelinessSection data={timeliness} />
      <CampaignStatistics data={campaigns} />
    </>
  );
}
