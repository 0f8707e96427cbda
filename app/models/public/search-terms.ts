/** The words a search looks for: pure, so the list's URL can be read without the server's search code. */
import { fold } from "../../utils/text";

export const MAX_TERMS = 8;

/** The folded words of a query: lower case, no diacritics, ASCII letters and digits only, at most MAX_TERMS. */
export function searchTerms(q: string): string[] {
  const words = fold(q)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, MAX_TERMS);
}
