import "~/i18n/sections/public";
import "~/i18n/sections/consent";
import { parseCoAuthorNames } from "~/models/consent/public-names";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Feed } from "feed";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { REFORM_AREAS, type ReformArea } from "~/models/initiative/taxonomy";
import { publicationsVersion, recentPublications, siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";
import { openDataLicence, serviceIdentity } from "~/utils/env.server";

const ENTRIES = 50;

/**
 * The feed package writes entry titles, summaries and contents as type="html", so readers render them as
 * markup: the initiatives' plain text must be escaped first, or a "<" typed by a submitter becomes a tag.
 */
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const paragraphs = (...texts: string[]) =>
  texts
    .filter((t) => t.trim())
    .map((t) => `<p>${escapeHtml(t.trim()).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");

const isArea = (v: string): v is ReformArea => (REFORM_AREAS as readonly string[]).includes(v);

/**
 * Atom feed of the newest published initiatives, written by the `feed` package; `?area=CODE` narrows it to one
 * reform area (its own id, title and links, so a reader keeps the feeds apart).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const lang = langFromRequest(request);
  const dict = dictionaryFor(lang);
  const t = dict.public.feed;
  const asked = new URL(request.url).searchParams.get("area");
  if (asked !== null && !isArea(asked)) {
    return new Response(t.unknownArea(asked.slice(0, 60)), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const area = asked ?? undefined;
  const etag = etagOf(["feed", origin, lang, area ?? "", await publicationsVersion(context.db)]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;

  const rows = await recentPublications(context.db, ENTRIES, area);
  const list = area ? `${origin}/initiatives?area=${area}` : `${origin}/initiatives`;
  const self = area ? `${origin}/feed.xml?area=${area}` : `${origin}/feed.xml`;
  const anonymous = dictionaryFor(lang).consent.public.anonymousAuthor;
  const feed = new Feed({
    id: list,
    link: list,
    title: area ? t.areaTitle(dict.common.area[area]) : t.title,
    description: area ? t.areaSubtitle(dict.common.area[area]) : t.subtitle,
    language: lang,
    copyright: `${serviceIdentity().authority} — ${openDataLicence().name} (${openDataLicence().url})`,
    updated: rows[0] ? new Date(rows[0].published_at) : new Date(0),
    feedLinks: { atom: self },
    generator: "Sáng kiến CCHC",
  });
  for (const r of rows) {
    const url = `${origin}/initiatives/${r.slug}`;
    const level = lang === "vi" ? r.level_vi : r.level_en;
    feed.addItem({
      id: url,
      link: url,
      title: escapeHtml(r.title),
      description: escapeHtml(`${level ? `${level}. ` : ""}${r.problem}`),
      content: paragraphs(r.problem, r.benefit),
      date: new Date(r.published_at),
      published: new Date(r.published_at),
      // Every named person; a name without (or after withdrawing) consent is the anonymous author.
      author: [{ name: r.author_name ?? anonymous }, ...parseCoAuthorNames(r.co_author_names).map((name) => ({ name }))],
    });
  }
  return new Response(feed.atom1(), {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": PUBLIC_DATA,
      ETag: etag,
      Vary: "Cookie",
    },
  });
}
