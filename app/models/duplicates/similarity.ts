/**
 * How alike two initiatives are, explained: pure, so the browser, the server and the tests share it.
 *
 * Vietnamese writes one syllable per word, so single words ("thủ", "tục") say little on their own; pairs of
 * neighbouring words ("thủ tục", "hộ tịch", "định danh") are what a reader recognises. A text's terms are its
 * folded words and its neighbouring pairs, leaving out function words. Two texts are compared by the cosine of their
 * term sets; the title counts more than the body. The words both share are what the page highlights.
 *
 * The full-text index only finds candidates (by the pairs, `candidatePhrases`); this module scores them, so both
 * engines rank the same candidates the same way.
 */
import { fold } from "../../utils/text";

/** Folded Vietnamese function words (and a few English): they join any two texts and make no two alike. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  // Folding merges words ("của" and "cửa", "đang" and "đăng", "tại" and "tài"): only words whose every folded
  // namesake is a function word too are left out.
  (
    "va cho cac nhung trong voi la duoc mot theo khi nay do den ve ra vao len hay hoac da se bi boi tren duoi sau truoc giua neu rat " +
    "tung nhieu it nao gi ai roi " +
    "a an and of the to in for on by with or is are be"
  ).split(" "),
);

/**
 * Pairs that occur in a large share of all initiatives ("thủ tục hành chính", "người dân"): an index lookup by them
 * reads much of the table and finds nothing in particular. They still count in the score.
 */
export const COMMON_PAIRS: ReadonlySet<string> = new Set([
  "thu tuc",
  "hanh chinh",
  "tuc hanh",
  "nguoi dan",
  "co quan",
  "don vi",
  "cai cach",
  "xa phuong",
  "ho so",
  "giai quyet",
  "to chuc",
  "doanh nghiep",
]);

export const TITLE_WEIGHT = 0.65;
export const BODY_WEIGHT = 0.35;
/** Added when both have the same reform area, and again for the same scope (screening only). */
export const CONTEXT_BONUS = 0.05;
/** The most phrases one lookup sends to the index. */
export const MAX_PHRASES = 12;

/** The folded words of a text, in order, as the search index splits them. */
export function foldedWords(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const isContent = (w: string) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w));

/** The content words and the pairs of neighbouring content words of a text. */
export function termsOf(text: string): Set<string> {
  const words = foldedWords(text);
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (!isContent(words[i])) continue;
    terms.add(words[i]);
    if (i + 1 < words.length && isContent(words[i + 1])) terms.add(`${words[i]} ${words[i + 1]}`);
  }
  return terms;
}

/** Cosine of two sets: shared / √(|a|·|b|); 0 when either is empty. */
export function setCosine(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

export interface Comparable {
  title: string;
  /** the problem (and, at screening, the solution): what the initiative is about */
  body: string;
  reformArea?: string | null;
  scopeType?: string | null;
}

export interface Similarity {
  /** 0..1, rounded to two places */
  score: number;
  title: number;
  body: number;
  /** the folded content words both share, for highlighting */
  shared: string[];
}

/** A text's terms, computed once when it is compared with many. */
export interface Prepared {
  title: Set<string>;
  body: Set<string>;
  reformArea?: string | null;
  scopeType?: string | null;
}

export function prepare(c: Comparable): Prepared {
  return { title: termsOf(c.title), body: termsOf(c.body), reformArea: c.reformArea, scopeType: c.scopeType };
}

/**
 * How alike `b` is to `a`. Without a body on either side only the titles count (a citizen who has typed only a title).
 * `context`: same reform area and same scope add CONTEXT_BONUS each (the secretary's view, where both are known).
 */
export function similarity(a: Comparable | Prepared, b: Comparable | Prepared, opts: { context?: boolean } = {}): Similarity {
  const pa = a.title instanceof Set ? (a as Prepared) : prepare(a as Comparable);
  const pb = b.title instanceof Set ? (b as Prepared) : prepare(b as Comparable);
  const title = setCosine(pa.title, pb.title);
  const body = setCosine(pa.body, pb.body);
  let score = pa.body.size > 0 && pb.body.size > 0 ? TITLE_WEIGHT * title + BODY_WEIGHT * body : title;
  if (opts.context) {
    if (pa.reformArea && pa.reformArea === pb.reformArea) score += CONTEXT_BONUS;
    if (pa.scopeType && pa.scopeType === pb.scopeType) score += CONTEXT_BONUS;
  }
  const shared = new Set<string>();
  for (const x of [pa.title, pa.body]) for (const w of x) if (!w.includes(" ") && (pb.title.has(w) || pb.body.has(w))) shared.add(w);
  return { score: Math.round(Math.min(1, score) * 100) / 100, title, body, shared: [...shared].sort() };
}

/**
 * The neighbouring pairs to look candidates up by: the title's first, then the body's, no common pair, at most
 * MAX_PHRASES. A title of one content word is looked up by that word.
 */
export function candidatePhrases(title: string, body = ""): string[][] {
  const out = new Map<string, string[]>();
  for (const text of [title, body]) {
    const words = foldedWords(text);
    for (let i = 0; i + 1 < words.length && out.size < MAX_PHRASES; i++) {
      if (!isContent(words[i]) || !isContent(words[i + 1])) continue;
      const pair = `${words[i]} ${words[i + 1]}`;
      if (!COMMON_PAIRS.has(pair)) out.set(pair, [words[i], words[i + 1]]);
    }
  }
  if (out.size === 0) {
    const single = foldedWords(title).filter(isContent);
    if (single.length === 1) return [[single[0]]];
  }
  return [...out.values()];
}

/** How many phrases a candidate must share when there are enough to choose from (see `candidateQuery`). */
export const PHRASES_TOGETHER = 2;
/** The first phrases whose pairs make the lookup: any 2 of 6. */
export const PAIRED_PHRASES = 6;

/** What the index is asked: phrases, all of some, any of some. Each engine writes it in its own syntax. */
export type PhraseQuery = { phrase: string[] } | { all: PhraseQuery[] } | { any: PhraseQuery[] };

const anyOf = (qs: PhraseQuery[]): PhraseQuery => (qs.length === 1 ? qs[0] : { any: qs.flatMap((q) => ("any" in q ? q.any : [q])) });

/**
 * At least two of the phrases, written by halves: one of the first half with one of the second, or two of either
 * half. The index reads every phrase each time the query names it, so the cost follows the names: six phrases are
 * named 16 times this way, 30 times as 15 pairs written out (the same rows match).
 */
function twoOf(phrases: PhraseQuery[]): PhraseQuery | null {
  if (phrases.length < 2) return null;
  if (phrases.length === 2) return { all: phrases };
  const half = Math.floor(phrases.length / 2);
  const [a, b] = [phrases.slice(0, half), phrases.slice(half)];
  const within = [twoOf(a), twoOf(b)].filter((q): q is PhraseQuery => q !== null);
  return anyOf([{ all: [anyOf(a), anyOf(b)] }, ...within]);
}

/**
 * What the index is asked: any two of the first PAIRED_PHRASES phrases together (a near duplicate shares several;
 * one common pair alone matches much of the table), or the one phrase there is; null when there is none.
 */
export function candidateQuery(phrases: string[][]): PhraseQuery | null {
  if (phrases.length === 0) return null;
  if (phrases.length < PHRASES_TOGETHER) return { phrase: phrases[0] };
  return twoOf(phrases.slice(0, PAIRED_PHRASES).map((phrase) => ({ phrase })));
}

/**
 * How much of each text is compared: its opening, which says what it is about. Texts may be 10,000 characters
 * long, and scoring the shortlist's whole texts would cost more than the rest of the lookup (about 45 ms for 20
 * initiatives at the maximum); this bounds it whatever is submitted.
 */
export const BODY_CHARS = 2_000;

/** The body to compare: the opening of each text (the problem; at screening the problem and the solution). */
export function bodyOf(...texts: string[]): string {
  return texts.map((t) => t.slice(0, BODY_CHARS)).join("\n");
}
