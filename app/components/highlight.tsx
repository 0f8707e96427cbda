import type { ReactNode } from "react";
import { fold } from "~/utils/text";

/**
 * For each ASCII letter or digit, every character that folds to it ("d": d D đ Đ; "a": a à á ả ã ạ ă ằ … Ạ): built
 * once from fold() itself, so a term compiles into a pattern that finds its word with or without diacritics in any
 * case. Precomposed (NFC) characters only: stored text is NFC (utils/text.ts, cleanText).
 */
const FOLDS_TO: Map<string, string> = (() => {
  const classes = new Map<string, string>();
  const add = (from: number, to: number) => {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      const f = fold(ch);
      if (/^[a-z0-9]$/.test(f)) classes.set(f, (classes.get(f) ?? "") + ch);
    }
  };
  add(0x30, 0x24f);
  add(0x1e00, 0x1eff);
  add(0x2100, 0x214f);
  return classes;
})();

const WORD_CHAR = "[\\p{L}\\p{N}]";
const escapeClass = (chars: string) => chars.replace(/[\\\][^-]/g, "\\$&");
const letterClass = (c: string) => `[${escapeClass(FOLDS_TO.get(c) ?? c)}]`;
const pattern = (word: string) => [...word].map(letterClass).join("");

/**
 * One regular expression per search (terms and prefix), compiled once and kept: a whole word whose folded form is a
 * term, or (the last word typed) a word that starts with the prefix. The engine walks each text once in native code;
 * folding every word of twenty cards in JavaScript was most of a results page's own rendering time.
 */
const matchers = new Map<string, RegExp>();
function matcherFor(terms: readonly string[], prefix: string | null | undefined): RegExp {
  const key = `${terms.join(" ")}|${prefix ?? ""}`;
  let re = matchers.get(key);
  if (!re) {
    if (matchers.size >= 500) matchers.clear();
    const parts = [`(?:${terms.map(pattern).join("|")})(?!${WORD_CHAR})`];
    if (prefix) parts.push(`${pattern(prefix)}${WORD_CHAR}*`);
    re = new RegExp(`(?<!${WORD_CHAR})(?:${parts.join("|")})`, "gu");
    matchers.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The same marking as <Highlight> as plain data, for a list whose script should not carry the matcher (the similar list). */
export function markedParts(text: string, terms: readonly string[]): { text: string; mark: boolean }[] {
  if (terms.length === 0) return [{ text, mark: false }];
  const parts: { text: string; mark: boolean }[] = [];
  let from = 0;
  const re = matcherFor(terms, null);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > from) parts.push({ text: text.slice(from, m.index), mark: false });
    parts.push({ text: m[0], mark: true });
    from = m.index + m[0].length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), mark: false });
  return parts;
}

/**
 * Marks the words of `text` whose folded form is a search term ("Đăng" matches the term "dang") or starts with the
 * prefix being typed ("tịch" for "tic"). Text stays text: React escapes every part, nothing is injected as HTML.
 */
export function Highlight({ text, terms, prefix }: { text: string; terms: readonly string[]; prefix?: string | null }) {
  if (terms.length === 0) return <>{text}</>;
  // Unmarked stretches stay one string, sliced once: an element or a string per word made React write a `<!-- -->`
  // between neighbours and cost most of a search page's render time.
  let out: ReactNode[] | null = null;
  let from = 0;
  const re = matcherFor(terms, prefix);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out ??= [];
    if (m.index > from) out.push(text.slice(from, m.index));
    out.push(<mark key={m.index}>{m[0]}</mark>);
    from = m.index + m[0].length;
  }
  if (!out) return <>{text}</>;
  if (from < text.length) out.push(text.slice(from));
  return <>{out}</>;
}

/** A window of about `length` characters around the first matching word, so a body match shows in the list. */
export function excerptAround(text: string, terms: readonly string[], length = 220, prefix?: string | null): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= length) return clean;
  let start = 0;
  if (terms.length) {
    const m = matcherFor(terms, prefix).exec(clean);
    if (m) start = Math.max(0, m.index - 60);
  }
  if (start > 0) {
    const space = clean.indexOf(" ", start);
    start = space > 0 && space < start + 20 ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + length);
  if (end < clean.length) {
    const space = clean.lastIndexOf(" ", end);
    if (space > start + length / 2) end = space;
  }
  return `${start > 0 ? "… " : ""}${clean.slice(start, end)}${end < clean.length ? " …" : ""}`;
}
