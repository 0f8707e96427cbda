/**
 * Where the loaded dictionary sections live. On the server and in tests every section module registers both
 * languages when it loads (`registerSection`). A page's script instead loads, through `~/i18n/sections/*.page`, only the
 * reader's language of the sections it shows (`loadForPage`), so the other language never travels to the
 * browser: see docs/decisions/025-dictionaries-in-the-browser.md.
 */
import { LANGS, type Lang } from "../domain/vocabulary";
import type { Dictionary } from "./index";
import type { Translation } from "./shape";

export const loaded: Record<Lang, Partial<Dictionary>> = { vi: {}, en: {} };

export function registerSection<K extends keyof Dictionary>(name: K, vi: Dictionary[K], en: Translation<Dictionary[K]>) {
  loaded.vi[name] = vi;
  loaded.en[name] = en as Dictionary[K];
}

/**
 * In a browser, the language the document was served in (`<html lang>`, set from the same choice as the root
 * loader's); null on the server and under a test's DOM, which need both languages.
 */
export function pageLang(): Lang | null {
  if (typeof document === "undefined" || typeof process !== "undefined") return null;
  return document.documentElement.lang === "en" ? "en" : "vi";
}

/** Loads a section's languages that are missing: in a browser the page's language only, elsewhere both. */
export async function loadForPage<K extends keyof Dictionary>(
  name: K,
  load: { vi: () => Promise<Dictionary[K]>; en: () => Promise<Translation<Dictionary[K]>> },
): Promise<void> {
  const page = pageLang();
  const wanted = page ? [page] : LANGS;
  await Promise.all(
    wanted
      .filter((lang) => loaded[lang][name] === undefined)
      .map(async (lang) => {
        const section = (await load[lang]()) as Dictionary[K];
        // A whole section registered meanwhile (the server's, which may hold more than a page's part) stays.
        loaded[lang][name] ??= section;
      }),
  );
}
