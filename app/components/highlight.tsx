import type { ReactNode } from "react";
import { fold } from "~/utils/text";

const WORD = /([\p{L}\p{N}]+)/u;

/**
 * Marks the words of `text` whose folded form is a search term ("Đăng" matches the term "dang").
 * Text stays text: React escapes every part, nothing is injected as HTML.
 */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  if (terms.length === 0) return <>{text}</>;
  const wanted = new Set(terms);
  const parts = text.split(WORD);
  // Unmarked words are joined into one string: an element per word made React write a `<!-- -->` between
  // neighbours, a third of a search page's bytes and most of its render time.
  const out: ReactNode[] = [];
  let plain = "";
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1 && wanted.has(fold(parts[i]))) {
      if (plain) out.push(plain);
      out.push(<mark key={i}>{parts[i]}</mark>);
      plain = "";
    } else plain += parts[i];
  }
  if (plain) out.push(plain);
  return <>{out}</>;
}

/** A window of about `length` characters around the first matching word, so a body match shows in the list. */
export function excerptAround(text: string, terms: readonly string[], length = 220): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= length) return clean;
  let start = 0;
  if (terms.length) {
    const wanted = new Set(terms);
    const re = /[\p{L}\p{N}]+/gu;
    for (let m = re.exec(clean); m; m = re.exec(clean)) {
      if (wanted.has(fold(m[0]))) {
        start = Math.max(0, m.index - 60);
        break;
      }
    }
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
