import "~/i18n/sections/public";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { InitiativeCard } from "~/components/initiative-card";
import { OpenCampaigns } from "~/components/campaign-summary";
import { openCampaigns } from "~/models/campaigns/campaigns.server";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { latestPublished } from "~/models/public/list.server";
import { homeFigures } from "~/models/public/statistics.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { notHandedOff } from "~/utils/document-data.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const t = dictionaryFor(langFromRequest(request)).public.home;
  const [latest, figures, campaigns] = await Promise.all([
    latestPublished(context.db, 6),
    homeFigures(context.db),
    openCampaigns(context.db),
  ]);
  return data(notHandedOff(context, { latest, figures, campaigns, meta: { title: t.metaTitle, description: t.metaDescription } }));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "Sáng kiến CCHC" },
  { name: "description", content: data?.meta.description ?? "" },
  { property: "og:title", content: data?.meta.title ?? "" },
  { property: "og:description", content: data?.meta.description ?? "" },
  { property: "og:type", content: "website" },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.xml", title: "Atom" },
];

export default function Index() {
  const { latest, figures, campaigns } = useLoaderData<typeof loader>();
  const t = useT().public.home;
  const lang = useLang();
  const n = (v: number) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(v);
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t.title}</h1>
        <p className="lead">{t.intro}</p>
        <p className="hero-actions">
          <PageLink className="button" to="/submit">
            {t.submitCta}
          </PageLink>{" "}
          <PageLink className="button secondary" to="/track">
            {t.trackCta}
          </PageLink>
        </p>
        <p className="hint">{t.submitHint}</p>
      </section>

      <OpenCampaigns campaigns={campaigns} />

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t.figuresTitle}</h2>
        <dl className="figures">
          <div>
            <dt>{t.submittedThisYear(figures.year)}</dt>
            <dd>{n(figures.submittedThisYear)}</dd>
          </div>
          <div>
            <dt>{t.recognised}</dt>
            <dd>{n(figures.recognised)}</dd>
          </div>
          <div>
            <dt>{t.medianDays}</dt>
            <dd>{figures.medianDays === null ? t.noDecisionYet : n(figures.medianDays)}</dd>
          </div>
        </dl>
        <p>
          <PageLink to="/statistics">{t.moreStatistics}</PageLink>
        </p>
      </section>

      <section aria-labelledby="latest-title">
        <h2 id="latest-title">{t.latestTitle}</h2>
        {latest.length === 0 ? (
          <p>{t.noneYet}</p>
        ) : (
          <ul className="card-list">
            {latest.map((item) => (
              <InitiativeCard key={item.slug} item={item} />
            ))}
          </ul>
        )}
        <p>
          <PageLink to="/initiatives">{t.seeAll}</PageLink> · <PageLink to="/certificates">{t.verifyCertificate}</PageLink>
        </p>
      </section>

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t.stepsTitle}</h2>
        <ol className="steps">
          {t.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>
    </>
  );
}
