import "~/i18n/sections/public";
import { PageLink } from "~/components/page-links";
import { useLang, useT } from "~/i18n/use-t";
import type { ProcedureDomain, ReformArea, ScopeType } from "~/domain/vocabulary";
import { formatDate } from "~/utils/dates";
import { excerptAround, Highlight } from "./highlight";

/** The public fields a card shows (a subset of PublicCard from published.server.ts, after serialisation). */
export interface CardData {
  slug: string;
  title: string;
  excerpt: string;
  reformArea: ReformArea;
  procedureDomain: ProcedureDomain | null;
  scopeType: ScopeType;
  placeName: string | null;
  decidedAt: string;
  publishedAt: string;
  level: { code: string; nameVi: string; nameEn: string } | null;
}

export function InitiativeCard({
  item,
  terms = [],
  prefix = null,
  headingLevel = 3,
}: {
  item: CardData;
  terms?: readonly string[];
  /** the last word of a search, also marked where it starts a word */
  prefix?: string | null;
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  const lang = useLang();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const area = t.common.area[item.reformArea];
  const place = item.scopeType === "city" ? t.common.scope.city : item.placeName;
  // Titles, texts and place names are as submitted, in Vietnamese: an English page marks them so a screen reader
  // reads them with a Vietnamese voice.
  return (
    <li className="card initiative-card">
      <Heading className="card-title" lang="vi">
        <PageLink to={`/initiatives/${item.slug}`}>
          <Highlight text={item.title} terms={terms} prefix={prefix} />
        </PageLink>
      </Heading>
      {item.level ? (
        <p className="commendation">
          <span className="badge badge-level">{lang === "vi" ? item.level.nameVi : item.level.nameEn}</span>
        </p>
      ) : null}
      <p className="card-excerpt" lang="vi">
        <Highlight text={excerptAround(item.excerpt, terms, 220, prefix)} terms={terms} prefix={prefix} />
      </p>
      <p className="card-meta">
        <span>{area}</span>
        {place ? <span lang={item.scopeType === "city" ? undefined : "vi"}> · {place}</span> : null}
        <span>
          {" "}
          · {t.public.list.publishedOn} <time dateTime={item.publishedAt}>{formatDate(item.publishedAt, lang)}</time>
        </span>
      </p>
    </li>
  );
}
