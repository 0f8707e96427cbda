/**
 * Keeps `service_times` (one row per initiative: the dates its timeliness is measured on) and answers the targets
 * an open case is waiting on. `syncServiceTime` runs inside the transaction that creates an initiative or moves its
 * status (submission.server.ts, lifecycle.server.ts), so /statistics never reads `initiatives` or `events` and the
 * row's trigger bumps the public pages' version in the same transaction (migration 0024).
 */
import type { Insertable, Kysely, Transaction, Updateable } from "kysely";
import type { Database, ServiceTimeTable } from "../../../db/schema";
import { engineOf } from "../../../db/client";
import { getEnv } from "../../utils/env.server";
import { hanoiDate } from "../../utils/clock";
import { addWorkingDays, type Adjustment } from "../../utils/working-days";
import type { Status } from "../../domain/vocabulary";
import {
  SCREENING_WORKING_DAYS,
  contributionDelta,
  contributionKey,
  timelinessContributions,
  type Contribution,
  replyDueOn,
  screeningStartTarget,
  type AddWorkingDays,
  type OpenTarget,
  type ServiceTime,
} from "./targets";

type Executor = Kysely<Database> | Transaction<Database>;

/** Working days from receipt within which screening starts: `SCREENING_START_WORKING_DAYS` (default 3). */
export function screeningStartDays(): number {
  return getEnv().SCREENING_START_WORKING_DAYS;
}

async function workingDays(db: Executor): Promise<AddWorkingDays> {
  const adjustments: Adjustment[] = (await db.selectFrom("working_day_adjustments").select(["date", "kind"]).execute()).map((r) => ({
    date: r.date,
    kind: r.kind,
  }));
  return (date, n) => addWorkingDays(date, n, adjustments);
}

const dayOf = (iso: string) => hanoiDate(new Date(iso));

/**
 * Recomputes one initiative's row from the initiative and its history, and moves the on-time counters by the
 * difference between the old row's contributions and the new one's (`counters: false` leaves them to the caller,
 * for a rebuild that recounts them all afterwards).
 */
export async function syncServiceTime(
  db: Executor,
  initiativeId: number,
  add?: AddWorkingDays,
  opts: { counters?: boolean } = {},
): Promise<void> {
  const i = await db
    .selectFrom("initiatives")
    .select(["id", "status", "scope_type", "agency_id", "unit_id", "submitted_at", "due_on", "decided_at"])
    .where("id", "=", initiativeId)
    .executeTakeFirst();
  if (!i) return;
  const moves = await db
    .selectFrom("events")
    .select(["at", "to_status"])
    .where("initiative_id", "=", initiativeId)
    .where("to_status", "is not", null)
    .orderBy("at")
    .orderBy("id")
    .execute();
  const first = (to: readonly Status[]) => {
    const e = moves.find((m) => m.to_status !== null && to.includes(m.to_status));
    return e ? dayOf(e.at) : null;
  };
  const last = (to: Status) => {
    const e = [...moves].reverse().find((m) => m.to_status === to);
    return e ? dayOf(e.at) : null;
  };
  const receivedOn = dayOf(i.submitted_at);
  const addDays = add ?? (await workingDays(db));
  const status = i.status as Status;
  const decided = status === "recognised" || status === "not_recognised" || status === "published";
  const closed = status === "rejected" || status === "withdrawn";
  const row: ServiceTime = {
    initiative_id: i.id,
    scope_type: i.scope_type,
    agency_id: i.agency_id,
    unit_id: i.unit_id,
    received_on: receivedOn,
    ack_target_on: screeningStartTarget(receivedOn, addDays, screeningStartDays()),
    // Screening has started with the first move a secretary makes out of "received" (a withdrawal is not one).
    acknowledged_on: first(["screening", "needs_info", "rejected", "in_review"]),
    review_on: first(["in_review"]),
    council_on: first(["council"]),
    due_on: i.due_on,
    decided_on: decided ? (i.decided_at ? dayOf(i.decided_at) : first(["recognised", "not_recognised"])) : null,
    closed_on: closed ? last(status) : null,
    outcome: decided ? (status === "not_recognised" ? "not_recognised" : "recognised") : closed ? status : null,
  };
  const counters = opts.counters ?? true;
  // Locked on PostgreSQL, so two transactions moving the same case cannot both subtract the same old row.
  let before: ServiceTime | null = null;
  if (counters) {
    const q = db.selectFrom("service_times").selectAll().where("initiative_id", "=", initiativeId);
    before = (await (engineOf(db) === "postgres" ? q.forUpdate() : q).executeTakeFirst()) ?? null;
  }
  const { initiative_id: _id, ...values } = row;
  await db
    .insertInto("service_times")
    .values(row as Insertable<ServiceTimeTable>)
    .onConflict((oc) => oc.column("initiative_id").doUpdateSet(values as Updateable<ServiceTimeTable>))
    .execute();
  if (counters) await applyContributions(db, contributionDelta(before, row));
}

/**
 * Adds each delta to its counter (an atomic `n = n + delta`), and drops a counter that fell to zero. In key order, so
 * two transactions on PostgreSQL lock shared counters in the same order and cannot deadlock on them.
 */
async function applyContributions(db: Executor, deltas: readonly { c: Contribution; n: number }[]): Promise<void> {
  const ordered = [...deltas].sort((a, b) => (contributionKey(a.c) < contributionKey(b.c) ? -1 : 1));
  for (const { c, n } of ordered) {
    if (c.table === "timeliness_tallies") {
      const key = { measure: c.measure, on_date: c.on_date, place: c.place };
      await db
        .insertInto("timeliness_tallies")
        .values({ ...key, n })
        .onConflict((oc) => oc.columns(["measure", "on_date", "place"]).doUpdateSet((eb) => ({ n: eb("timeliness_tallies.n", "+", n) })))
        .execute();
      if (n < 0)
        await db
          .deleteFrom("timeliness_tallies")
          .where("measure", "=", key.measure)
          .where("on_date", "=", key.on_date)
          .where("place", "=", key.place)
          .where("n", "=", 0)
          .execute();
    } else {
      await db
        .insertInto("stage_days")
        .values({ stage: c.stage, days: c.days, n })
        .onConflict((oc) => oc.columns(["stage", "days"]).doUpdateSet((eb) => ({ n: eb("stage_days.n", "+", n) })))
        .execute();
      if (n < 0) await db.deleteFrom("stage_days").where("stage", "=", c.stage).where("days", "=", c.days).where("n", "=", 0).execute();
    }
  }
}

/**
 * The on-time counters again from every `service_times` row, by the same `timelinessContributions`: for the demo
 * seed, the bench generator and as a repair. Reads the rows in pages, so memory holds the counters, not the cases.
 */
export async function rebuildTimelinessCounts(db: Kysely<Database>): Promise<void> {
  const run = async (trx: Executor) => {
    const totals = new Map<string, { c: Contribution; n: number }>();
    let after = 0;
    for (;;) {
      const page = await trx
        .selectFrom("service_times")
        .selectAll()
        .where("initiative_id", ">", after)
        .orderBy("initiative_id")
        .limit(5000)
        .execute();
      if (!page.length) break;
      for (const r of page)
        for (const c of timelinessContributions(r)) {
          const k = contributionKey(c);
          const e = totals.get(k) ?? { c, n: 0 };
          e.n++;
          totals.set(k, e);
        }
      after = page[page.length - 1].initiative_id;
    }
    await trx.deleteFrom("timeliness_tallies").execute();
    await trx.deleteFrom("stage_days").execute();
    const all = [...totals.values()];
    const tallies = all.flatMap(({ c, n }) =>
      c.table === "timeliness_tallies" ? [{ measure: c.measure, on_date: c.on_date, place: c.place, n }] : [],
    );
    const stages = all.flatMap(({ c, n }) => (c.table === "stage_days" ? [{ stage: c.stage, days: c.days, n }] : []));
    for (let i = 0; i < tallies.length; i += 200)
      await trx
        .insertInto("timeliness_tallies")
        .values(tallies.slice(i, i + 200))
        .execute();
    for (let i = 0; i < stages.length; i += 200)
      await trx
        .insertInto("stage_days")
        .values(stages.slice(i, i + 200))
        .execute();
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}

/** Every initiative's row again, then the counters: for the demo seed (which writes statuses directly) and as a repair. */
export async function rebuildServiceTimes(db: Kysely<Database>): Promise<void> {
  const add = await workingDays(db);
  const ids = await db.selectFrom("initiatives").select("id").orderBy("id").execute();
  await db.transaction().execute(async (trx) => {
    for (const { id } of ids) await syncServiceTime(trx, id, add, { counters: false });
    await rebuildTimelinessCounts(trx);
  });
}

/**
 * The service target each open case of a worklist page waits on, by initiative id: screening to start (received),
 * screening to end (in screening, from receipt or the latest reply), the submitter's reply window (a request for
 * information). Review and statutory dates are the worklist's own deadline column.
 */
export async function worklistTargets(
  db: Kysely<Database>,
  rows: readonly { id: number; status: Status; submittedAt: string }[],
  now = new Date(),
): Promise<Record<number, OpenTarget>> {
  const waiting = rows.filter((r) => r.status === "submitted" || r.status === "screening" || r.status === "needs_info");
  if (!waiting.length) return {};
  const today = hanoiDate(now);
  const add = await workingDays(db);
  const ids = waiting.map((r) => r.id);
  const moves = await db
    .selectFrom("events")
    .select(["initiative_id", "at", "kind", "to_status"])
    .where("initiative_id", "in", ids)
    .where("to_status", "in", ["needs_info", "screening"])
    .orderBy("at")
    .orderBy("id")
    .execute();
  const lastOf = (id: number, pick: (m: (typeof moves)[number]) => boolean) =>
    [...moves].reverse().find((m) => m.initiative_id === id && pick(m))?.at ?? null;
  const out: Record<number, OpenTarget> = {};
  for (const r of waiting) {
    let target: Omit<OpenTarget, "overdue">;
    if (r.status === "submitted") {
      target = { kind: "screening_start", date: screeningStartTarget(dayOf(r.submittedAt), add, screeningStartDays()) };
    } else if (r.status === "needs_info") {
      const asked = lastOf(r.id, (m) => m.to_status === "needs_info") ?? r.submittedAt;
      target = { kind: "reply", date: replyDueOn(dayOf(asked), add) };
    } else {
      const replied = lastOf(r.id, (m) => m.kind === "reply") ?? r.submittedAt;
      target = { kind: "screening", date: add(dayOf(replied), SCREENING_WORKING_DAYS) };
    }
    out[r.id] = { ...target, overdue: target.date < today };
  }
  return out;
}
