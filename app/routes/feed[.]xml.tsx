import "~/i18n/sections/public";
import "~/i18n/sections/consent";
import { parseCoAuthorNames } from "~/models/consent/public-names";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Feed } from "feed";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { publicationsVersion, recentPublications, siteOrigin } from "~/models/public/feed.server";
import { etagOf, notModified, PUBLIC_DATA } from "~/utils/cache.server";

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

/** Atom feed of the newest published initiatives, written by the `feed` package. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const lang = langFromRequest(request);
  const etag = etagOf(["feed", origin, lang, await publicationsVersion(context.db)]);
  const unchanged = notModified(request, etag);
  if (unchanged) return unchanged;

  const t = dictionaryFor(lang).public.feed;
  const rows = await recentPublications(context.db, ENTRIES);
  const anonymous = dictionaryFor(lang).consent.public.anonymousAuthor;
  const feed = new Feed({
    id: `${origin}/initiatives`,
    link: `${origin}/initiatives`,
    title: t.title,
    description: t.subtitle,
    language: lang,
    copyright: "UBND Thành phố Hà Nội",
    updated: rows[0] ? new Date(rows[0].published_at) : new Date(0),
    feedLinks: { atom: `${origin}/feed.xml` },
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
