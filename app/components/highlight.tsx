import type { ReactNode } from "react";
import { fold } from "~/utils/text";

const WORDS = /[\p{L}\p{N}]+/gu;

// Folding a word costs two normalisations; a results page folds the same few hundred words again and again.
const foldedWords = new Map<string, string>();
function foldWord(word: string): string {
  let f = foldedWords.get(word);
  if (f === undefined) {
    if (foldedWords.size >= 50_000) foldedWords.clear();
    f = fold(word);
    foldedWords.set(word, f);
  }
  return f;
}

/** Whether a word is one the search looked for: a term, or (the last word typed) a prefix of it. */
function isWanted(word: string, terms: readonly string[], prefix: string | null | undefined): boolean {
  const f = foldWord(word);
  return terms.includes(f) || (prefix != null && f.startsWith(prefix));
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
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m; m = WORDS.exec(text)) {
    if (!isWanted(m[0], terms, prefix)) continue;
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
    const re = /[\p{L}\p{N}]+/gu;
    for (let m = re.exec(clean); m; m = re.exec(clean)) {
      if (isWanted(m[0], terms, prefix)) {
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
