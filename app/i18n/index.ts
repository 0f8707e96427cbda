/**
 * Dictionaries and language selection. Vietnamese is the default; the choice is kept in the `lang` cookie.
 *
 * Each part of the app has a section in `sections/`. On the server `common` is always here; the other sections
 * register themselves when their module loads, and every module that reads a section imports it
 * (`import "~/i18n/sections/staff"`). That way a public page's JavaScript carries only the common and public
 * texts, not the staff side's. A section read before it is loaded throws with the import to add.
 * Components of the pages that run scripts import `~/i18n/sections/<section>.page` instead where one exists: the browser
 * then fetches the reader's language alone (app/i18n/registry.ts).
 */
import type * as common from "./sections/common";
import type * as staff from "./sections/staff";
import type * as review from "./sections/review";
import type * as citizen from "./sections/citizen";
import type * as tracking from "./sections/tracking";
import type * as publicSite from "./sections/public";
import type * as privacy from "./sections/privacy";
import type * as rights from "./sections/rights";
import type * as service from "./sections/service";
import type * as consent from "./sections/consent";
import type * as tracked from "./sections/tracked";
import type * as redaction from "./sections/redaction";
import type * as meetings from "./sections/meetings";
import type * as duplicates from "./sections/duplicates";
import type * as timeliness from "./sections/timeliness";
import type * as city from "./sections/city";
import type * as campaigns from "./sections/campaigns";
import { LANGS, type Lang } from "../domain/vocabulary";
import { loaded, pageLang, registerSection } from "./registry";
import "./server-sections.server";

export { LANGS, type Lang };

export interface Dictionary {
  common: typeof common.vi;
  staff: typeof staff.vi;
  review: typeof review.vi;
  citizen: typeof citizen.vi;
  tracking: typeof tracking.vi;
  public: typeof publicSite.vi;
  privacy: typeof privacy.vi;
  rights: typeof rights.vi;
  service: typeof service.vi;
  consent: typeof consent.vi;
  tracked: typeof tracked.vi;
  redaction: typeof redaction.vi;
  meetings: typeof meetings.vi;
  duplicates: typeof duplicates.vi;
  timeliness: typeof timeliness.vi;
  city: typeof city.vi;
  campaigns: typeof campaigns.vi;
}

export { registerSection };

let reloading = false;

/**
 * A page's script holds only the language the document came in. Should a client-side navigation switch language
 * (a link with another `?lang=`), the page's texts stand in for a moment while the document is fetched again in
 * the new language.
 */
function otherLanguageStandIn(name: keyof Dictionary): unknown {
  const page = pageLang();
  const standIn = page ? loaded[page][name] : undefined;
  if (standIn !== undefined && !reloading) {
    reloading = true;
    setTimeout(() => window.location.reload(), 0);
  }
  return standIn;
}

const views: Record<Lang, Dictionary> = {
  vi: sectionView("vi"),
  en: sectionView("en"),
};

function sectionView(lang: Lang): Dictionary {
  return new Proxy(loaded[lang], {
    get(target, name: string) {
      const section = target[name as keyof Dictionary] ?? otherLanguageStandIn(name as keyof Dictionary);
      if (section === undefined && typeof name === "string" && !name.startsWith("$$") && name !== "then" && name !== "toJSON") {
        throw new Error(`i18n section "${name}" is not loaded: import "~/i18n/sections/${name}" in the module that reads it`);
      }
      return section;
    },
  }) as Dictionary;
}

export function isLang(value: unknown): value is Lang {
  return value === "vi" || value === "en";
}

/** Reads the language from the `lang` cookie; Vietnamese when absent. */
export function langFromCookieHeader(cookie: string | null): Lang {
  const match = /(?:^|;\s*)lang=(vi|en)(?:;|$)/.exec(cookie ?? "");
  return match && isLang(match[1]) ? match[1] : "vi";
}

/**
 * `?lang=vi|en` in the address wins over the cookie, so a shared link opens in the language it was shared in
 * (the document's answer also sets the cookie, so the links followed from it keep that language).
 */
export function langFromQuery(url: string): Lang | null {
  const asked = new URL(url).searchParams.get("lang");
  return isLang(asked) ? asked : null;
}

export function langFromRequest(request: Request): Lang {
  return langFromQuery(request.url) ?? langFromCookieHeader(request.headers.get("Cookie"));
}

/** The cookie that remembers a `?lang=` choice, or null when the address asks nothing new. */
export function langCookieFromQuery(request: Request): string | null {
  const asked = langFromQuery(request.url);
  const cookie = request.headers.get("Cookie");
  const held = /(?:^|;\s*)lang=(vi|en)(?:;|$)/.test(cookie ?? "") ? langFromCookieHeader(cookie) : null;
  return asked && asked !== held ? langCookie(asked) : null;
}

export function dictionaryFor(lang: Lang): Dictionary {
  return views[lang];
}

export function langCookie(lang: Lang): string {
  return `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`;
}

/**
 * The label of a code that is not one of a closed vocabulary (an error code from the server, an event kind
 * only some pages name), or undefined. Label maps keep their exact keys, so vi and en stay in step; only
 * the map's own keys count, never an inherited property such as "constructor".
 */
export function labelOf(labels: Readonly<Record<string, string>>, key: string | null | undefined): string | undefined {
  return key != null && Object.hasOwn(labels, key) ? labels[key] : undefined;
}
