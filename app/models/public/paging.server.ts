/**
 * The list without a search: keyset pages (newest or most commended first), so page 1,000 costs what
 * page 1 costs. The cursor is the last (or first) row's sort key.
 */
import { sql } from "kysely";
import { countOf, withFilters } from "./filters.server";
import { formatCursor, PAGE_SIZE, parseCursor, type ListParams, type ListResult } from "./list-query";
import { cardColumns, publishedBase, toCard, type Base, type Executor, type PublicCard, type Row } from "./published.server";

export async function keysetPage(db: Executor, p: ListParams, levelId: number | null | undefined): Promise<ListResult<PublicCard>> {
  const filtered = withFilters(publishedBase(db), p, levelId) as unknown as Base;
  const commended = p.sort === "commended";
  const key = (dir: "<" | ">", c: string) => {
    const k = parseCursor(c);
    return commended
      ? sql<boolean>`(p.commendation_rank, p.published_at, p.initiative_id) ${sql.raw(dir)} (${k.rank ?? 0}, ${k.at}, ${k.id})`
      : sql<boolean>`(p.published_at, p.initiative_id) ${sql.raw(dir)} (${k.at}, ${k.id})`;
  };
  const ordered = (qb: Base, dir: "asc" | "desc") => {
    let q = qb;
    if (commended) q = q.orderBy("p.commendation_rank", dir);
    return q.orderBy("p.published_at", dir).orderBy("p.initiative_id", dir);
  };

  let rows: Row[];
  let hasMoreForward = false;
  let hasMoreBackward = false;
  if (p.before) {
    // Walk backwards from the cursor, then put the page back in display order.
    const back = (await cardColumns(ordered(filtered.where(key(">", p.before)), "asc"))
      .limit(PAGE_SIZE + 1)
      .execute()) as Row[];
    hasMoreBackward = back.length > PAGE_SIZE;
    rows = back.slice(0, PAGE_SIZE).reverse();
    hasMoreForward = true;
  } else {
    const q = p.after ? filtered.where(key("<", p.after)) : filtered;
    const fwd = (await cardColumns(ordered(q, "desc"))
      .limit(PAGE_SIZE + 1)
      .execute()) as Row[];
    hasMoreForward = fwd.length > PAGE_SIZE;
    rows = fwd.slice(0, PAGE_SIZE);
    hasMoreBackward = Boolean(p.after) && rows.length > 0;
  }
  if (p.after && rows.length === 0) hasMoreBackward = false;

  const counted = await countOf(db, p, levelId);
  return {
    items: rows.map(toCard),
    total: counted.total,
    totalIsCapped: counted.capped,
    next: hasMoreForward && rows.length ? { after: formatCursor(rows[rows.length - 1], p.sort) } : null,
    prev: hasMoreBackward && rows.length ? { before: formatCursor(rows[0], p.sort) } : null,
  };
}
