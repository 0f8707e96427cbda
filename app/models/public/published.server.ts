/**
 * What the public may see: published initiatives, read from `publications` (the public version written at
 * publication) and the reference tables, plus public attachments and decisions' certificate numbers.
 * Nothing here reads the initiatives table, authors, staff notes or reviews: a field the publication
 * does not hold cannot leak.
 *
 * This module holds the one query every public read starts from (the list, search, the detail page,
 * the open-data files and the feed): a publication with its commendation level, unit and agency.
 */
import { sql, type AliasedRawBuilder, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { ProcedureDomain, ReformArea, ScopeType } from "../../domain/vocabulary";

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * `publications as p` with `l` (commendation level), `u` (unit) and `a` (agency). With `matches` (a
 * derived table `m` of initiative ids, SQLite's full-text index), the matches drive the join.
 */
export function publishedBase(db: Executor, matches?: AliasedRawBuilder<{ id: number }, "m">) {
  const from = matches
    ? (db
        .selectFrom(matches)
        .crossJoin("publications as p")
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the match table is chosen at run time, so Kysely cannot type its columns
        .whereRef("p.initiative_id", "=", sql.ref("m.id") as any) as unknown as ReturnType<typeof publications>)
    : publications(db);
  return from
    .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
    .leftJoin("units as u", "u.id", "p.unit_id")
    .leftJoin("agencies as a", "a.id", "p.agency_id");
}

function publications(db: Executor) {
  return db.selectFrom("publications as p");
}

export type Base = ReturnType<typeof publishedBase>;

/** The place a publication names: its unit or agency by scope, none for the whole city. */
export function placeOf(r: { scope_type: string; unit_name: string | null; agency_name: string | null }): string | null {
  return r.scope_type === "unit" ? r.unit_name : r.scope_type === "agency" ? r.agency_name : null;
}

export interface PublicCard {
  slug: string;
  title: string;
  excerpt: string;
  reformArea: ReformArea;
  procedureDomain: ProcedureDomain | null;
  scopeType: ScopeType;
  placeName: string | null;
  decidedAt: string;
  publishedAt: string;
  authorName: string | null;
  level: { code: string; nameVi: string; nameEn: string; rank: number } | null;
}

export type Row = {
  initiative_id: number;
  slug: string;
  title: string;
  problem: string;
  reform_area: ReformArea;
  procedure_domain: ProcedureDomain | null;
  scope_type: ScopeType;
  decided_at: string;
  published_at: string;
  author_name: string | null;
  commendation_rank: number;
  level_code: string | null;
  level_vi: string | null;
  level_en: string | null;
  unit_name: string | null;
  agency_name: string | null;
};

export function cardColumns(qb: Base) {
  return qb.select([
    "p.initiative_id",
    "p.slug",
    "p.title",
    sql<string>`substr(p.problem, 1, 320)`.as("problem"),
    "p.reform_area",
    "p.procedure_domain",
    "p.scope_type",
    "p.decided_at",
    "p.published_at",
    "p.author_name",
    "p.commendation_rank",
    "l.code as level_code",
    "l.name_vi as level_vi",
    "l.name_en as level_en",
    "u.name as unit_name",
    "a.name as agency_name",
  ]);
}

export function toCard(r: Row): PublicCard {
  return {
    slug: r.slug,
    title: r.title,
    excerpt: r.problem,
    reformArea: r.reform_area,
    procedureDomain: r.procedure_domain,
    scopeType: r.scope_type,
    placeName: placeOf(r),
    decidedAt: r.decided_at,
    publishedAt: r.published_at,
    authorName: r.author_name,
    level: r.level_code
      ? { code: r.level_code, nameVi: r.level_vi ?? "", nameEn: r.level_en ?? "", rank: Number(r.commendation_rank) }
      : null,
  };
}
