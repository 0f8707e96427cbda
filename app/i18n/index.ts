/**
 * Dictionaries and language selection. Vietnamese is the default; the choice is kept in the `lang` cookie.
 * Each part of the app has a section in `sections/`; add a section here under its name.
 */
import * as common from "./sections/common";
import * as staff from "./sections/staff";
import * as review from "./sections/review";
import * as citizen from "./sections/citizen";
import * as publicSite from "./sections/public";

export const LANGS = ["vi", "en"] as const;
export type Lang = (typeof LANGS)[number];

export const dictionaries = {
  vi: { common: common.vi, staff: staff.vi, review: review.vi, citizen: citizen.vi, public: publicSite.vi },
  en: { common: common.en, staff: staff.en, review: review.en, citizen: citizen.en, public: publicSite.en },
};

export type Dictionary = (typeof dictionaries)["vi"];

export function isLang(value: unknown): value is Lang {
  return value === "vi" || value === "en";
}

/** Reads the language from the `lang` cookie; Vietnamese when absent. */
export function langFromCookieHeader(cookie: string | null): Lang {
  const match = /(?:^|;\s*)lang=(vi|en)(?:;|$)/.exec(cookie ?? "");
  return match && isLang(match[1]) ? match[1] : "vi";
}

export function langFromRequest(request: Request): Lang {
  return langFromCookieHeader(request.headers.get("Cookie"));
}

export function dictionaryFor(lang: Lang): Dictionary {
  return dictionaries[lang] as Dictionary;
}

export function langCookie(lang: Lang): string {
  return `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`;
}
