/**
 * Page titles in the reader's language. A route's `meta` has no request: the language comes from the root loader's
 * data among the matches. Kept out of `index.ts` so pages without such a title do not ship it.
 */
import type { MetaDescriptor } from "@remix-run/node";
import { dictionaryFor, isLang, type Dictionary, type Lang } from "./index";

type Matches = readonly { id: string; data?: unknown }[];

export function langFromMatches(matches: Matches): Lang {
  const lang = (matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined)?.lang;
  return isLang(lang) ? lang : "vi";
}

export function titleMeta(matches: Matches, pick: (t: Dictionary) => string): MetaDescriptor[] {
  const t = dictionaryFor(langFromMatches(matches));
  return [{ title: `${pick(t)} — ${t.common.siteName}` }];
}
