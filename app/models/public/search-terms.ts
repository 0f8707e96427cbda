/** The words a search looks for: pure, so the list's URL can be read without the server's search code. */
import { fold } from "../../utils/text";

export const MAX_TERMS = 8;
/** The last word is also read as a prefix ("ho tic" finds "hộ tịch") from this many characters on: shorter prefixes match most of the index. */
export const MIN_PREFIX = 3;

/** The folded words of a query: lower case, no diacritics, ASCII letters and digits only, at most MAX_TERMS. */
export function searchTerms(q: string): string[] {
  return [...new Set(foldedWords(q))].slice(0, MAX_TERMS);
}

function foldedWords(q: string): string[] {
  return fold(q)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

// Vietnamese marks in NFD: the five tones, and the marks that make another vowel (â ê ô, ă, ơ ư), as VNI numbers them.
const TONE: Record<string, string> = { "\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5" };
const QUALITY: Record<string, string> = { "\u0302": "6", "\u031b": "7", "\u0306": "8" };

/**
 * The words of a text with their diacritics, as ASCII tokens an index can hold beside the folded words: each
 * letter's vowel mark follows it as a VNI digit and the tone goes last ("Số" → "so61", "người" → "ngu7o7i2",
 * "đăng" → "d9a8ng"). Putting the tone last makes the old and new tone placements one token ("hoá" and "hóa" →
 * "hoa1", "thuỷ" and "thủy" → "thuy3"), NFD and NFC input alike. Words are split where fold() + [a-z0-9]+ splits
 * them, so the n-th exact token and the n-th folded word are the same word; other marks (ç, ñ) are dropped as fold() drops them.
 */
export function exactWords(text: string): string[] {
  const s = text.toLowerCase().normalize("NFD");
  const out: string[] = [];
  let word = "";
  let tone = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = c.charCodeAt(0);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) word += c;
    else if (c === "đ") word += "d9";
    else if (code >= 0x300 && code <= 0x36f) {
      if (word === "") continue;
      const t = TONE[c];
      if (t) tone = t;
      else word += QUALITY[c] ?? "";
    } else if (word !== "") {
      out.push(word + tone);
      word = "";
      tone = "";
    }
  }
  if (word !== "") out.push(word + tone);
  return out;
}

/** What a query asks of the index, beyond its folded words (`searchTerms`). */
export interface SearchQuery {
  /** the folded words in the order typed (repeats kept): the phrase */
  phrase: string[];
  /** the exact tokens in the order typed, or null when the query has no diacritics at all (nothing to prefer) */
  exact: string[] | null;
  /** the last folded word, read as a prefix as well; null when too short */
  prefix: string | null;
}

export function searchQuery(q: string): SearchQuery {
  const phrase = foldedWords(q).slice(0, MAX_TERMS);
  const last = phrase[phrase.length - 1];
  const hasMarks = fold(q) !== q.toLowerCase();
  const exact = hasMarks ? exactWords(q).slice(0, MAX_TERMS) : null;
  return {
    phrase,
    exact: exact && exact.length === phrase.length ? exact : null,
    prefix: last !== undefined && last.length >= MIN_PREFIX ? last : null,
  };
}
