import "~/i18n/sections/public";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { InitiativeCard } from "~/components/initiative-card";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { parseListParams, type ListParams } from "~/models/public/list-query";
import { filterOptions, listPublished } from "~/models/public/list.server";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "~/models/initiative/taxonomy";
import { publicPageHeaders } from "~/utils/cache.server";
import { notHandedOff } from "~/utils/document-data.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // An over-long query would be dropped whole by the parser; keep its start, as the search box would have.
  const q = url.searchParams.get("q");
  if (q && q.length > MAX_QUERY) {
    // Cut at a word's end: a cut-off word would be a search term no initiative contains.
    const cut = q.slice(0, MAX_QUERY);
    url.searchParams.set("q", /[\p{L}\p{N}]/u.test(q[MAX_QUERY]) ? cut.replace(/[\p{L}\p{N}]+$/u, "") : cut);
  }
  const params = parseListParams(url);
  const [result, options] = await Promise.all([listPublished(context.db, params), filterOptions(context.db)]);
  const dict = dictionaryFor(langFromRequest(request));
  const t = dict.public.list;
  const areaFeed = params.area ? dict.public.feed.areaTitle(dict.common.area[params.area]) : null;
  return data(notHandedOff(context, { params, result, options, meta: { title: t.metaTitle, description: t.metaDescription, areaFeed } }));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.params.q ? `${data.params.q} — ${data.meta.title}` : (data?.meta.title ?? "") },
  { name: "description", content: data?.meta.description ?? "" },
  { property: "og:title", content: data?.meta.title ?? "" },
  { property: "og:description", content: data?.meta.description ?? "" },
  // Feed readers find the list's feeds here: the chosen area's first, then all areas'.
  ...(data?.params.area
    ? [
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          href: `/feed.xml?area=${data.params.area}`,
          title: data.meta.areaFeed ?? "Atom",
        },
      ]
    : []),
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/feed.xml", title: "Atom" },
];

const MAX_QUERY = 200;

/** The sort a list gets when none is chosen: by relevance when searching, else newest first. */
const defaultSort = (p: Pick<ListParams, "terms">) => (p.terms.length > 0 ? "relevance" : "newest");

type Filters = Pick<ListParams, "q" | "terms" | "area" | "domain" | "place" | "year" | "level" | "sort">;
const FILTER_KEYS = ["q", "area", "domain", "place", "year", "level", "sort"] as const;

/** The list's URL with some values changed; paging positions are dropped unless given. */
function hrefWith(
  p: Filters,
  changes: Partial<Record<(typeof FILTER_KEYS)[number] | "after" | "before" | "page", string | number | undefined>>,
) {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = k in changes ? changes[k] : p[k];
    if (v !== undefined && v !== "" && !(k === "sort" && v === defaultSort(p))) sp.set(k, String(v));
  }
  for (const k of ["after", "before", "page"] as const) {
    const v = changes[k];
    if (v !== undefined) sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `/initiatives?${s}` : "/initiatives";
}

export default function InitiativesList() {
  const { params, result, options } = useLoaderData<typeof loader>();
  const t = useT();
  const tl = t.public.list;
  const lang = useLang();
  const levelName = (code: string) => {
    const l = options.levels.find((x) => x.code === code);
    return l ? (lang === "vi" ? l.nameVi : l.nameEn) : code;
  };
  const placeName = (key: string) => {
    if (key === "city") return tl.city;
    const id = Number(key.split(":")[1]);
    return (key.startsWith("unit:") ? options.units : options.agencies).find((x) => x.id === id)?.name ?? key;
  };
  const active: { key: (typeof FILTER_KEYS)[number]; label: string }[] = [];
  if (params.q) active.push({ key: "q", label: `${tl.searchLabel}: ${params.q}` });
  if (params.area) active.push({ key: "area", label: `${tl.area}: ${t.common.area[params.area]}` });
  if (params.domain) active.push({ key: "domain", label: `${tl.domain}: ${t.common.domain[params.domain]}` });
  if (params.place) active.push({ key: "place", label: `${tl.place}: ${placeName(params.place)}` });
  if (params.year) active.push({ key: "year", label: `${tl.year}: ${params.year}` });
  if (params.level) active.push({ key: "level", label: `${tl.level}: ${levelName(params.level)}` });
  const filtered = active.length > 0;

  return (
    <>
      <h1>{tl.title}</h1>
      <Form method="get" action="/initiatives" className="list-filters" role="search" aria-label={tl.filtersTitle}>
        <div className="field search-field">
          <label htmlFor="q">{tl.searchLabel}</label>
          <p className="hint" id="q-hint">
            {tl.searchHint}
          </p>
          <div className="search-row">
            <input type="search" id="q" name="q" defaultValue={params.q} aria-describedby="q-hint" maxLength={MAX_QUERY} />
            <button type="submit" className="primary">
              {tl.searchButton}
            </button>
          </div>
        </div>
        <fieldset>
          <legend>{tl.filtersTitle}</legend>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="f-area">{tl.area}</label>
              <select id="f-area" name="area" defaultValue={params.area ?? ""}>
                <option value="">{tl.any}</option>
                {REFORM_AREAS.map((a) => (
                  <option key={a} value={a}>
                    {t.common.area[a]}
                  </option>
                ))}
              </select>
              {params.area ? (
                <p className="hint">
                  <a href={`/feed.xml?area=${params.area}`} type="application/atom+xml">
                    {t.public.feed.areaLink(t.common.area[params.area])}
                  </a>
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="f-domain">{tl.domain}</label>
              <select id="f-domain" name="domain" defaultValue={params.domain ?? ""}>
                <option value="">{tl.any}</option>
                {PROCEDURE_DOMAINS.map((d) => (
                  <option key={d} value={d}>
                    {t.common.domain[d]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-place">{tl.place}</label>
              <select id="f-place" name="place" defaultValue={params.place ?? ""}>
                <option value="">{tl.any}</option>
                <option value="city">{tl.city}</option>
                <optgroup label={tl.agencies}>
                  {options.agencies.map((a) => (
                    <option key={a.id} value={`agency:${a.id}`}>
                      {a.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={tl.units}>
                  {options.units.map((u) => (
                    <option key={u.id} value={`unit:${u.id}`}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-year">{tl.year}</label>
              <select id="f-year" name="year" defaultValue={params.year ? String(params.year) : ""}>
                <option value="">{tl.any}</option>
                {options.years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-level">{tl.level}</label>
              <select id="f-level" name="level" defaultValue={params.level ?? ""}>
                <option value="">{tl.any}</option>
                {options.levels.map((l) => (
                  <option key={l.code} value={l.code}>
                    {lang === "vi" ? l.nameVi : l.nameEn}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-sort">{tl.sort}</label>
              {/* The default order is sent as "" so that typing words into a list page sorts the results by
                  relevance, not by the "newest" the page had before the search. */}
              <select id="f-sort" name="sort" defaultValue={params.sort === defaultSort(params) ? "" : params.sort}>
                {params.terms.length > 0 ? (
                  <>
                    <option value="">{tl.sortRelevance}</option>
                    <option value="newest">{tl.sortNewest}</option>
                  </>
                ) : (
                  <option value="">{tl.sortNewest}</option>
                )}
                <option value="commended">{tl.sortCommended}</option>
              </select>
            </div>
          </div>
          <p>
            <button type="submit" className="secondary">
              {tl.apply}
            </button>{" "}
            {filtered ? <PageLink to="/initiatives">{tl.clear}</PageLink> : null}
          </p>
        </fieldset>
      </Form>

      {filtered ? (
        <ul className="active-filters" aria-label={tl.filtersTitle}>
          {active.map((f) => (
            <li key={f.key}>
              <PageLink to={hrefWith(params, { [f.key]: undefined })} aria-label={tl.removeFilter(f.label)}>
                {f.label} <span aria-hidden="true">×</span>
              </PageLink>
            </li>
          ))}
        </ul>
      ) : null}

      <p className="result-count" role="status">
        {tl.results(result.total, result.totalIsCapped)}
        {params.terms.length > 0 ? ` ${tl.resultsFor(params.q)}` : ""}
      </p>

      {result.items.length === 0 ? (
        <div className="notice empty-result">
          <p>
            <strong>{tl.emptyTitle}</strong>
          </p>
          <p>{tl.emptyHint}</p>
          {filtered ? (
            <ul>
              {active.map((f) => (
                <li key={f.key}>
                  <PageLink to={hrefWith(params, { [f.key]: undefined })} aria-label={tl.removeFilter(f.label)}>
                    {f.label} <span aria-hidden="true">×</span>
                  </PageLink>
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <PageLink to="/initiatives">{tl.emptyClear}</PageLink>
          </p>
        </div>
      ) : (
        <ul className="card-list result-list">
          {result.items.map((item) => (
            <InitiativeCard key={item.slug} item={item} terms={params.terms} prefix={params.search.prefix} headingLevel={2} />
          ))}
        </ul>
      )}

      {result.next || result.prev ? (
        <nav className="pagination" aria-label={tl.pagination}>
          {result.prev ? (
            <>
              <PageLink to={hrefWith(params, {})}>{tl.first}</PageLink>
              <PageLink rel="prev" to={hrefWith(params, { before: result.prev.before, page: result.prev.page })}>
                ← {tl.previous}
              </PageLink>
            </>
          ) : null}
          {params.terms.length > 0 ? <span>{tl.page(params.page)}</span> : null}
          {result.next ? (
            <PageLink rel="next" to={hrefWith(params, { after: result.next.after, page: result.next.page })}>
              {tl.next} →
            </PageLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
