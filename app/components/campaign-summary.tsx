import "~/i18n/sections/campaigns";
import { PageLink } from "~/components/page-links";
import type { ReformArea } from "~/domain/vocabulary";
import { useLang, useT } from "~/i18n/use-t";
import { formatDate } from "~/utils/dates";

/** A campaign as the public pages list it (the home page, /campaigns). */
export interface CampaignCardData {
  slug: string;
  title: string;
  description: string;
  reformAreas: ReformArea[];
  opensOn: string;
  closesOn: string;
  ownerName: string | null;
  state: "upcoming" | "open" | "closed";
}

export function CampaignCard({ c, headingLevel = 3 }: { c: CampaignCardData; headingLevel?: 2 | 3 }) {
  const t = useT();
  const lang = useLang();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card campaign-card" data-campaign={c.slug}>
      <Heading lang="vi">
        <PageLink to={`/campaigns/${c.slug}`}>{c.title}</PageLink>
      </Heading>
      <p className="meta">
        <span className="badge">{t.campaigns.states[c.state]}</span>{" "}
        {t.campaigns.dates(formatDate(c.opensOn, lang), formatDate(c.closesOn, lang))}
        {c.ownerName ? (
          <>
            {" · "}
            <span lang="vi">{c.ownerName}</span>
          </>
        ) : null}
      </p>
      <p lang="vi">{c.description.length > 240 ? `${c.description.slice(0, 237)}…` : c.description}</p>
      {c.state === "open" ? (
        <p>
          <PageLink className="button" to={`/submit?campaign=${c.slug}`}>
            {t.campaigns.home.submit}
          </PageLink>
        </p>
      ) : null}
    </li>
  );
}

/** The home page's block of open campaigns: nothing at all when none is open. */
export function OpenCampaigns({ campaigns }: { campaigns: CampaignCardData[] }) {
  const t = useT().campaigns;
  if (campaigns.length === 0) return null;
  return (
    <section aria-labelledby="open-campaigns-title" className="open-campaigns">
      <h2 id="open-campaigns-title">{t.home.title}</h2>
      <ul className="card-list">
        {campaigns.map((c) => (
          <CampaignCard key={c.slug} c={c} />
        ))}
      </ul>
      <p>
        <PageLink to="/campaigns">{t.home.all}</PageLink>
      </p>
    </section>
  );
}
