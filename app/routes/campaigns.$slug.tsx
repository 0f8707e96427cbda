import "~/i18n/sections/public";
import "~/i18n/sections/campaigns";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { InitiativeCard } from "~/components/initiative-card";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { campaignBySlug, campaignCounts, campaignInitiatives } from "~/models/campaigns/campaigns.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { formatDate } from "~/utils/dates";
import { httpError } from "~/utils/http.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const campaign = await campaignBySlug(context.db, params.slug ?? "");
  if (!campaign) throw httpError(404, "not_found");
  // The recognised initiatives are the campaign's result: shown once it is over, not while it still runs.
  const closed = campaign.state === "closed";
  const [counts, initiatives] = await Promise.all([
    campaignCounts(context.db, campaign.id),
    closed ? campaignInitiatives(context.db, campaign.id) : Promise.resolve([]),
  ]);
  const t = dictionaryFor(langFromRequest(request)).campaigns.page;
  return data({
    campaign,
    counts,
    initiatives,
    meta: { title: t.metaTitle(campaign.title), description: campaign.description.slice(0, 200) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "" },
  { name: "description", content: data?.meta.description ?? "" },
];

export default function CampaignPage() {
  const { campaign: c, counts, initiatives } = useLoaderData<typeof loader>();
  const t = useT();
  const tc = t.campaigns;
  const lang = useLang();
  const nf = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB");
  return (
    <article aria-labelledby="campaign-title" data-campaign-state={c.state}>
      <p>
        <PageLink to="/campaigns">{tc.page.back}</PageLink>
      </p>
      <h1 id="campaign-title" lang="vi">
        {c.title}
      </h1>
      <p className="meta">
        <span className="badge">{tc.states[c.state]}</span> {tc.dates(formatDate(c.opensOn, lang), formatDate(c.closesOn, lang))}
      </p>
      <p className="lead campaign-description" lang="vi">
        {c.description}
      </p>
      <dl className="facts">
        <dt>{tc.areas}</dt>
        <dd>{c.reformAreas.length === 0 ? tc.allAreas : c.reformAreas.map((a) => t.common.area[a]).join(", ")}</dd>
        <dt>{tc.owner}</dt>
        <dd lang="vi">{c.ownerName ?? t.common.scope.city}</dd>
      </dl>

      {c.state === "upcoming" ? <p>{tc.page.upcoming(formatDate(c.opensOn, lang))}</p> : null}
      {c.state === "open" ? (
        <>
          <p>{tc.page.openUntil(formatDate(c.closesOn, lang))}</p>
          <p>
            <PageLink className="button" to={`/submit?campaign=${c.slug}`}>
              {tc.page.submit}
            </PageLink>
          </p>
        </>
      ) : null}

      <section aria-labelledby="campaign-figures-title">
        <h2 id="campaign-figures-title">{tc.page.figures}</h2>
        <dl className="figures">
          <div>
            <dt>{tc.page.submitted}</dt>
            <dd>{nf.format(counts.submitted)}</dd>
          </div>
          <div>
            <dt>{tc.page.recognised}</dt>
            <dd>{nf.format(counts.recognised)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="campaign-recognised-title">
        <h2 id="campaign-recognised-title">{tc.page.recognisedTitle}</h2>
        {c.state !== "closed" ? (
          <p>{tc.page.afterClose}</p>
        ) : initiatives.length === 0 ? (
          <p>{tc.page.noneRecognised}</p>
        ) : (
          <ul className="card-list">
            {initiatives.map((item) => (
              <InitiativeCard key={item.slug} item={item} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
