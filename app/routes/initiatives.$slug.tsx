import "~/i18n/sections/public";
import "~/i18n/sections/consent";
import "~/i18n/sections/city";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CityRecognition } from "~/components/city-recognition";
import { cityRecognitionBySlug } from "~/models/city/city-level.server";
import { Adoptions } from "~/components/adoptions";
import { publicAdoptions } from "~/models/replication/adoptions.server";
import { langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { getPublishedBySlug } from "~/models/public/detail.server";
import { siteOrigin } from "~/models/public/feed.server";
import { publicPageHeaders } from "~/utils/cache.server";
import { formatDate } from "~/utils/dates";
import { httpError } from "~/utils/http.server";
import { LinkedDuplicates } from "~/components/linked-duplicates";
import { publicDuplicatesOf } from "~/models/duplicates/links.server";
import { notHandedOff } from "~/utils/document-data.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const item = await getPublishedBySlug(context.db, params.slug ?? "");
  if (!item) throw httpError(404, "not_found");
  const origin = siteOrigin(request);
  const duplicates = await publicDuplicatesOf(context.db, item.slug);
  const cityLevel = await cityRecognitionBySlug(context.db, item.slug);
  const adoptions = await publicAdoptions(context.db, item.slug);
  return data(
    notHandedOff(context, {
      item,
      url: `${origin}/initiatives/${item.slug}`,
      lang: langFromRequest(request),
      duplicates,
      cityLevel,
      adoptions,
    }),
  );
}

function summary(text: string, max = 200) {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "404" }];
  const { item, url, lang } = data;
  const description = summary(`${item.problem} ${item.solution}`);
  return [
    { title: `${item.title} — Sáng kiến CCHC` },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: url },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: "Sáng kiến CCHC" },
    { property: "og:locale", content: lang === "vi" ? "vi_VN" : "en_GB" },
    { property: "og:title", content: item.title },
    { property: "og:description", content: description },
    { property: "og:url", content: url },
    { property: "article:published_time", content: item.publishedAt },
    { name: "twitter:card", content: "summary" },
    { name: "twitter:title", content: item.title },
    { name: "twitter:description", content: description },
  ];
};

function fileSize(bytes: number, lang: "vi" | "en") {
  const nf = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
  return bytes >= 1024 * 1024 ? `${nf.format(bytes / 1024 / 1024)} MB` : `${nf.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export default function InitiativePage() {
  const { item, url, duplicates, cityLevel, adoptions } = useLoaderData<typeof loader>();
  const t = useT();
  const td = t.public.detail;
  const lang = useLang();
  // The agency's or ward's own name says what it is ("Sở Nội vụ", "Phường Đống Đa"), as on the cards.
  const place = item.scopeType === "city" ? t.common.scope.city : (item.placeName ?? t.common.scope[item.scopeType] ?? "");
  const shareUrl = encodeURIComponent(url);
  return (
    <article className="initiative" aria-labelledby="initiative-title">
      <p className="no-print">
        <PageLink to="/initiatives">← {td.backToList}</PageLink>
      </p>
      <h1 id="initiative-title" lang="vi">
        {item.title}
      </h1>
      {item.level ? (
        <p className="commendation">
          <span className="badge badge-level">{lang === "vi" ? item.level.nameVi : item.level.nameEn}</span>
        </p>
      ) : null}

      <h2 className="visually-hidden">{td.facts}</h2>
      <dl className="facts">
        <dt>{td.area}</dt>
        <dd>{t.common.area[item.reformArea]}</dd>
        {item.procedureDomain ? (
          <>
            <dt>{td.domain}</dt>
            <dd>{t.common.domain[item.procedureDomain]}</dd>
          </>
        ) : null}
        <dt>{td.scope}</dt>
        <dd lang={item.placeName ? "vi" : undefined}>{place}</dd>
        {/* A name only with its person's consent; otherwise, or once withdrawn, "anonymous author" (never which). */}
        <dt>{td.author}</dt>
        {item.authorName ? <dd lang="vi">{item.authorName}</dd> : <dd>{t.consent.public.anonymousAuthor}</dd>}
        {item.coAuthorNames.length > 0 ? (
          <>
            <dt>{t.consent.public.coAuthors}</dt>
            <dd lang="vi">{item.coAuthorNames.join(", ")}</dd>
          </>
        ) : null}
        <dt>{td.publishedOn}</dt>
        <dd>
          <time dateTime={item.publishedAt}>{formatDate(item.publishedAt, lang)}</time>
        </dd>
      </dl>

      <h2>{td.problem}</h2>
      <p className="pre-wrap" lang="vi">
        {item.problem}
      </p>
      <h2>{td.solution}</h2>
      <p className="pre-wrap" lang="vi">
        {item.solution}
      </p>
      <h2>{td.benefit}</h2>
      <p className="pre-wrap" lang="vi">
        {item.benefit}
      </p>

      <section aria-labelledby="decision-title" className="decision">
        <h2 id="decision-title">{td.decisionTitle}</h2>
        <dl className="facts">
          <dt>{td.decisionDate}</dt>
          <dd>
            <time dateTime={item.decidedAt}>{formatDate(item.decidedAt, lang)}</time>
          </dd>
          <dt>{td.decisionReason}</dt>
          <dd lang="vi">{item.decisionReason}</dd>
          {item.level ? (
            <>
              <dt>{td.commendation}</dt>
              <dd>{lang === "vi" ? item.level.nameVi : item.level.nameEn}</dd>
            </>
          ) : null}
          {item.certificateNumber ? (
            <>
              <dt>{td.certificate}</dt>
              <dd>
                {item.certificateNumber}{" "}
                <span className="no-print">
                  (<PageLink to={`/certificates/${encodeURIComponent(item.certificateNumber)}`}>{td.verify}</PageLink> ·{" "}
                  <PageLink to={`/certificates/${encodeURIComponent(item.certificateNumber)}/print`}>{td.printCertificate}</PageLink>)
                </span>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <CityRecognition recognition={cityLevel} />
      <Adoptions adoptions={adoptions} />

      {item.attachments.length > 0 ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{td.attachments}</h2>
          <ul>
            {item.attachments.map((f) => (
              <li key={f.id}>
                <a href={`/initiatives/${item.slug}/files/${f.id}`} download>
                  {f.filename}
                </a>{" "}
                <span className="hint">({fileSize(f.size, lang)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <LinkedDuplicates duplicates={duplicates} />

      <section aria-labelledby="share-title" className="share no-print">
        <h2 id="share-title">{td.share}</h2>
        <ul className="share-links">
          <li>
            <a href={`https://sp.zalo.me/plugins/share?url=${shareUrl}`} rel="noopener noreferrer" target="_blank">
              {td.shareZalo}
            </a>
          </li>
          <li>
            <a href={`https://www.facebook.com/sharer/sharer.php?u=${shareUrl}`} rel="noopener noreferrer" target="_blank">
              {td.shareFacebook}
            </a>
          </li>
        </ul>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
