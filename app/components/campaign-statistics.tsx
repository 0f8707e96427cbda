import "~/i18n/sections/campaigns";
import { Form } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { useLang, useT } from "~/i18n/use-t";
import { TableScroll } from "./table-scroll";

export interface CampaignStatisticsData {
  campaigns: { slug: string; title: string; state: string; submitted: number; recognised: number; notRecognised: number }[];
  /** the campaign `?campaign=` chose, or null for all */
  selected: string | null;
  adoptions: { adoptions: number; initiatives: number };
}

/** The statistics page's campaign and adoption figures, with a filter by campaign (a plain GET form). */
export function CampaignStatistics({ data }: { data: CampaignStatisticsData }) {
  const tc = useT().campaigns;
  const t = tc.statistics;
  const lang = useLang();
  const nf = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB");
  const selected = data.campaigns.find((c) => c.slug === data.selected) ?? null;
  const rows = selected ? [selected] : data.campaigns;
  return (
    <section aria-labelledby="campaign-stats-title" className="campaign-statistics">
      <h2 id="campaign-stats-title">{t.campaignsTitle}</h2>
      {data.campaigns.length > 0 ? (
        <>
          <Form method="get" action="/statistics#campaign-stats-title" className="filters">
            <div className="field">
              <label htmlFor="stats-campaign">{t.filter}</label>
              <select id="stats-campaign" name="campaign" defaultValue={data.selected ?? ""}>
                <option value="">{t.allCampaigns}</option>
                {data.campaigns.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="secondary">
              {t.show}
            </button>
          </Form>
          {selected ? <p data-selected-campaign={selected.slug}>{t.forCampaign(selected.title)}</p> : <p>{t.campaignsDesc}</p>}
          <TableScroll labelledBy="campaign-stats-title">
            <table aria-labelledby="campaign-stats-title">
              <thead>
                <tr>
                  <th scope="col">{t.campaign}</th>
                  <th scope="col">{tc.page.submitted}</th>
                  <th scope="col">{tc.page.recognised}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.slug} data-campaign={c.slug}>
                    <th scope="row" lang="vi">
                      <PageLink to={`/campaigns/${c.slug}`}>{c.title}</PageLink>
                    </th>
                    <td>{nf.format(c.submitted)}</td>
                    <td>{nf.format(c.recognised)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
      <h3 id="adoption-stats-title">{t.adoptionsTitle}</h3>
      <dl className="figures" aria-labelledby="adoption-stats-title">
        <div>
          <dt>{t.adoptions}</dt>
          <dd data-adoptions={data.adoptions.adoptions}>{nf.format(data.adoptions.adoptions)}</dd>
        </div>
        <div>
          <dt>{t.adoptedInitiatives}</dt>
          <dd>{nf.format(data.adoptions.initiatives)}</dd>
        </div>
      </dl>
    </section>
  );
}
