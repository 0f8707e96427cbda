/** The tiers of a search as conditions on the index, engine-neutral and pure (search.server.ts says what they are). */
import type { SearchQuery } from "./search-terms";

/** One condition of the ladder: the folded words or the exact tokens, as a phrase or all of them, anywhere or in the title. */
export interface Level {
  words: string[];
  exact: boolean;
  phrase: boolean;
  /** the last word also matches as a prefix */
  prefix: boolean;
  title: boolean;
}

/** A condition on the index: a level, all of some levels, or a level without any of the ones before it. */
export type Cond = { all: Level[]; none: Level[] };

export interface Search {
  terms: string[];
  search: SearchQuery;
}

const level = (words: string[], o: Partial<Level> = {}): Level => ({
  words,
  exact: false,
  phrase: false,
  prefix: false,
  title: false,
  ...o,
});

/** The whole match set: every folded word, the last one also as a prefix. */
export function matchAll(s: Search): Level {
  const { prefix } = s.search;
  if (!prefix) return level(s.terms);
  return level([...s.terms.filter((t) => t !== prefix), prefix], { prefix: true });
}

/**
 * The ladder of levels, best first; a row's tier is the first level it meets. `split` adds title-only levels before
 * the phrase and words levels (for reading tier by tier, where no relevance score orders a tier).
 */
export function ladder(s: Search, split: boolean): Level[] {
  const { phrase, exact, prefix } = s.search;
  const out: Level[] = [];
  if (exact && exact.length > 1) out.push(level(exact, { exact: true, phrase: true }));
  if (exact) out.push(level([...new Set(exact)], { exact: true }));
  if (phrase.length > 1) {
    if (split) out.push(level(phrase, { phrase: true, title: true }));
    out.push(level(phrase, { phrase: true }));
  }
  if (split) out.push(level(s.terms, { title: true }));
  out.push(level(s.terms));
  if (prefix) out.push(matchAll(s));
  return out;
}

/** The tiers to read one after the other: each level without the levels before it. */
export function tiers(s: Search, split: boolean): Cond[] {
  const levels = ladder(s, split);
  return levels.map((l, i) => ({ all: [l], none: levels.slice(0, i) }));
}
