/**
 * Public statistics from maintained counters, so a page costs the same at 40 initiatives and at a million.
 * `countSubmission` and `countDecision` run inside the transaction that creates the initiative or records
 * the decision (initiatives.server.ts, lifecycle.server.ts); `rebuildStatistics` recomputes everything from
 * the initiatives, for the demo seed (which writes statuses directly) and as a repair.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { engineOf } from "../../../db/client";
import type { Outcome, ReformArea, ScopeType, StatDimension, Status } from "../../domain/vocabulary";

type Executor = Kysely<Database> | Transaction<Database>;

export interface PlaceOf {
  scopeType: ScopeType;
  agencyId: number | null;
  unitId: number | null;
}

/** "city", "agency:3" or "unit:70": where an initiative applies, as a statistics key and a list filter. */
export function placeKey(p: PlaceOf): string {
  if (p.scopeType === "agency" && p.agencyId != null) return `agency:${p.agencyId}`;
  if (p.scopeType === "unit" && p.unitId != null) return `unit:${p.unitId}`;
  return "city";
}

const yearOf = (iso: string) => iso.slice(0, 4);

/** Whole days between two ISO timestamps (never negative). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000));
}

type Delta = { submitted?: number; recognised?: number; not_recognised?: number };

async function bump(db: Executor, dimension: StatDimension, key: string, d: Delta) {
  const row = { submitted: d.submitted ?? 0, recognised: d.recognised ?? 0, not_recognised: d.not_recognised ?? 0 };
  await db
    .insertInto("stat_counts")
    .values({ dimension, key, ...row })
    .onConflict((oc) =>
      oc.columns(["dimension", "key"]).doUpdateSet((eb) => ({
        submitted: eb("stat_counts.submitted", "+", row.submitted),
        recognised: eb("stat_counts.recognised", "+", row.recognised),
        not_recognised: eb("stat_counts.not_recognised", "+", row.not_recognised),
      })),
    )
    .execute();
}

async function bumpAll(db: Executor, year: string, area: string, place: string, d: Delta) {
  await bump(db, "all", "", d);
  await bump(db, "year", year, d);
  await bump(db, "area", area, d);
  await bump(db, "place", place, d);
}

/** Counts a new submission. Call in the transaction that inserts the initiative. */
export async function countSubmission(db: Executor, input: { submittedAt: string; reformArea: ReformArea } & PlaceOf): Promise<void> {
  await bumpAll(db, yearOf(input.submittedAt), input.reformArea, placeKey(input), { submitted: 1 });
}

/**
 * Counts a council decision (recognised or not) and its days from submission. Call in the transaction that
 * moves the initiative to `recognised` or `not_recognised`; other statuses are ignored, so callers can pass any.
 */
export async function countDecision(db: Executor, input: { initiativeId: number; outcome: Status; decidedAt: string }): Promise<void> {
  if (input.outcome !== "recognised" && input.outcome !== "not_recognised") return;
  const i = await db
    .selectFrom("initiatives")
    .select(["submitted_at", "reform_area", "scope_type", "agency_id", "unit_id"])
    .where("id", "=", input.initiativeId)
    .executeTakeFirst();
  if (!i) return;
  const place = placeKey({ scopeType: i.scope_type, agencyId: i.agency_id, unitId: i.unit_id });
  const year = yearOf(input.decidedAt);
  await bumpAll(db, year, i.reform_area, place, { [input.outcome]: 1 });
  await addDecisionDays(db, Number(year), daysBetween(i.submitted_at, input.decidedAt), 1);
}

async function addDecisionDays(db: Executor, year: number, days: number, n: number) {
  await db
    .insertInto("stat_decision_days")
    .values({ year, days, n })
    .onConflict((oc) => oc.columns(["year", "days"]).doUpdateSet((eb) => ({ n: eb("stat_decision_days.n", "+", n) })))
    .execute();
}

/** Recomputes every counter from the initiatives: for the demo seed and as a repair. */
export async function rebuildStatistics(db: Kysely<Database>): Promise<void> {
  const postgres = engineOf(db) === "postgres";
  const year = (col: string) => sql.raw<string>(`substr(${col}, 1, 4)`);
  const place = sql<string>`case
      when scope_type = 'agency' and agency_id is not null then 'agency:' || cast(agency_id as text)
      when scope_type = 'unit' and unit_id is not null then 'unit:' || cast(unit_id as text)
      else 'city' end`;
  const days = postgres
    ? sql<number>`greatest(0, floor(extract(epoch from (cast(decided_at as timestamptz) - cast(submitted_at as timestamptz))) / 86400))`
    : sql<number>`max(0, cast(julianday(decided_at) - julianday(submitted_at) as integer))`;
  // A decision stands once the initiative reached recognised/not_recognised; published ones were recognised first.
  const outcome = sql<Outcome>`case when status = 'not_recognised' then 'not_recognised' else 'recognised' end`;
  const decidedStatuses: readonly Status[] = ["recognised", "published", "not_recognised"];

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("stat_counts").execute();
    await trx.deleteFrom("stat_decision_days").execute();

    const dims: [StatDimension, RawBuilder<string>][] = [
      ["all", sql<string>`''`],
      ["area", sql<string>`reform_area`],
      ["place", place],
    ];
    const tally = new Map<string, Required<Delta> & { dimension: StatDimension; key: string }>();
    const add = (dimension: StatDimension, key: string, d: Delta) => {
      const id = `${dimension}\u0000${key}`;
      const t = tally.get(id) ?? { dimension, key, submitted: 0, recognised: 0, not_recognised: 0 };
      t.submitted += d.submitted ?? 0;
      t.recognised += d.recognised ?? 0;
      t.not_recognised += d.not_recognised ?? 0;
      tally.set(id, t);
    };
    for (const [dimension, key] of [...dims, ["year", year("submitted_at")] satisfies [StatDimension, RawBuilder<string>]]) {
      const rows = await trx
        .selectFrom("initiatives")
        .select([key.as("k"), sql<number>`count(*)`.as("n")])
        .groupBy(sql`1`)
        .execute();
      for (const r of rows) add(dimension, String(r.k), { submitted: Number(r.n) });
    }
    for (const [dimension, key] of [...dims, ["year", year("decided_at")] satisfies [StatDimension, RawBuilder<string>]]) {
      const rows = await trx
        .selectFrom("initiatives")
        .select([key.as("k"), outcome.as("o"), sql<number>`count(*)`.as("n")])
        .where("status", "in", decidedStatuses)
        .where("decided_at", "is not", null)
        .groupBy([sql`1`, sql`2`])
        .execute();
      for (const r of rows)
        add(dimension, String(r.k), r.o === "recognised" ? { recognised: Number(r.n) } : { not_recognised: Number(r.n) });
    }
    const values = [...tally.values()];
    for (let i = 0; i < values.length; i += 200)
      await trx
        .insertInto("stat_counts")
        .values(values.slice(i, i + 200))
        .execute();

    const histogram = await trx
      .selectFrom("initiatives")
      .select([year("decided_at").as("y"), days.as("d"), sql<number>`count(*)`.as("n")])
      .where("status", "in", decidedStatuses)
      .where("decided_at", "is not", null)
      .groupBy([sql`1`, sql`2`])
      .execute();
    const hv = histogram.map((h) => ({ year: Number(h.y), days: Number(h.d), n: Number(h.n) }));
    for (let i = 0; i < hv.length; i += 200)
      await trx
        .insertInto("stat_decision_days")
        .values(hv.slice(i, i + 200))
        .execute();
  });
}

export interface CountRow {
  key: string;
  submitted: number;
  recognised: number;
  notRecognised: number;
}

/** The value at quantile q (0..1) of a histogram sorted by value ("nearest rank"). */
export function quantileOfHistogram(bins: { value: number; n: number }[], q: number): number | null {
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of bins) {
    seen += b.n;
    if (seen >= rank) return b.value;
  }
  return bins[bins.length - 1].value;
}

export interface Statistics {
  totals: CountRow;
  thisYear: CountRow;
  byYear: CountRow[];
  byArea: CountRow[];
  /** places with a label, most submissions first */
  byPlace: (CountRow & { label: string; kind: "city" | "agency" | "unit" })[];
  /** recognised / (recognised + not recognised), null before any decision */
  shareRecognised: number | null;
  medianDays: number | null;
  p90Days: number | null;
  decisions: number;
}

function toRow(r: { key: string; submitted: number; recognised: number; not_recognised: number }): CountRow {
  return { key: r.key, submitted: Number(r.submitted), recognised: Number(r.recognised), notRecognised: Number(r.not_recognised) };
}

const EMPTY = (key: string): CountRow => ({ key, submitted: 0, recognised: 0, notRecognised: 0 });

export async function decisionDayQuantiles(db: Executor): Promise<{ median: number | null; p90: number | null; decisions: number }> {
  const bins = await db
    .selectFrom("stat_decision_days")
    .select(["days", (eb) => eb.fn.sum<number>("n").as("n")])
    .groupBy("days")
    .orderBy("days")
    .execute();
  const hist = bins.map((b) => ({ value: Number(b.days), n: Number(b.n) }));
  return {
    median: quantileOfHistogram(hist, 0.5),
    p90: quantileOfHistogram(hist, 0.9),
    decisions: hist.reduce((s, b) => s + b.n, 0),
  };
}

/**
 * The few figures of the home page. "Recognised" is what the public list shows under the same name: published
 * initiatives. The council's count (stat_counts) also holds decisions not yet published, which nobody could find
 * behind the link; the statistics page gives the council's count beside those not recognised.
 */
export async function homeFigures(db: Executor, now = new Date()) {
  const year = String(now.getUTCFullYear());
  const thisYear = await db
    .selectFrom("stat_counts")
    .selectAll()
    .where("dimension", "=", "year")
    .where("key", "=", year)
    .executeTakeFirst();
  const q = await decisionDayQuantiles(db);
  const published = await db
    .selectFrom("publications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return {
    year: Number(year),
    submittedThisYear: Number(thisYear?.submitted ?? 0),
    recognised: Number(published.n),
    medianDays: q.median,
  };
}

export async function getStatistics(db: Executor, now = new Date()): Promise<Statistics> {
  const rows = (await db.selectFrom("stat_counts").selectAll().execute()).map((r) => ({ dimension: r.dimension, ...toRow(r) }));
  const pick = (d: string) => rows.filter((r) => r.dimension === d).map(({ dimension: _d, ...r }) => r);
  const totals = pick("all")[0] ?? EMPTY("");
  const byYear = pick("year").sort((a, b) => a.key.localeCompare(b.key));
  const year = String(now.getUTCFullYear());
  const thisYear = byYear.find((r) => r.key === year) ?? EMPTY(year);
  const byArea = pick("area");

  const places = pick("place");
  const agencyIds = places.filter((p) => p.key.startsWith("agency:")).map((p) => Number(p.key.slice(7)));
  const unitIds = places.filter((p) => p.key.startsWith("unit:")).map((p) => Number(p.key.slice(5)));
  const agencies = agencyIds.length ? await db.selectFrom("agencies").select(["id", "name"]).where("id", "in", agencyIds).execute() : [];
  const units = unitIds.length ? await db.selectFrom("units").select(["id", "name"]).where("id", "in", unitIds).execute() : [];
  const byPlace = places
    .map((p) => {
      if (p.key.startsWith("agency:")) {
        const id = Number(p.key.slice(7));
        return { ...p, kind: "agency" as const, label: agencies.find((a) => a.id === id)?.name ?? p.key };
      }
      if (p.key.startsWith("unit:")) {
        const id = Number(p.key.slice(5));
        return { ...p, kind: "unit" as const, label: units.find((u) => u.id === id)?.name ?? p.key };
      }
      return { ...p, kind: "city" as const, label: "" };
    })
    .sort((a, b) => b.submitted - a.submitted || a.label.localeCompare(b.label, "vi"));

  const decided = totals.recognised + totals.notRecognised;
  const q = await decisionDayQuantiles(db);
  return {
    totals,
    thisYear,
    byYear,
    byArea,
    byPlace,
    shareRecognised: decided > 0 ? totals.recognised / decided : null,
    medianDays: q.median,
    p90Days: q.p90,
    decisions: q.decisions,
  };
}
