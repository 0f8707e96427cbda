/**
 * The on-time figures of /statistics and the open data (docs/decisions/037-service-targets-and-ratings.md): from
 * `service_times` (no personal data) and the ratings' scores, never from `initiatives` or `events`, so the public
 * pages' version triggers cover them. A case past its target without the step done counts as late from the next
 * day on, so the figures change with the Hà Nội date: the page cache's key carries it (page-cache.server.ts).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { hanoiDate } from "../../utils/clock";
import { screeningStartDays } from "../service-targets/targets.server";
import { publicRatingFigures } from "../service-targets/ratings.server";
import { figuresFromCounts, type PlaceTimeliness, type RatingDistribution, type TimelinessFigures } from "../service-targets/targets";

type DB = Kysely<Database>;

export interface LabelledPlace extends PlaceTimeliness {
  kind: "city" | "agency" | "unit";
  label: string;
}

export interface PublicTimeliness extends Omit<TimelinessFigures, "byPlace"> {
  /** the Hà Nội date the figures are counted on */
  asOf: string;
  screeningStartDays: number;
  byPlace: LabelledPlace[];
  ratings: RatingDistribution;
}

/**
 * From the counters of migration 0029, never the cases: the totals per place, the open cases whose target is today
 * or later (a range of recent dates), and the stages' day histograms. The same figures as `timelinessFigures` over
 * every `service_times` row (tests/integration/timeliness-counts.test.ts).
 */
export async function getTimeliness(db: DB, now = new Date()): Promise<PublicTimeliness> {
  const today = hanoiDate(now);
  const [totals, notYetDue, stageDays] = await Promise.all([
    db
      .selectFrom("timeliness_tallies")
      .select(["measure", "place", "n"])
      .where("measure", "in", ["cases", "ack_on_time", "ack_late", "ack_open", "dec_on_time", "dec_late", "dec_open"])
      .where("on_date", "=", "")
      .execute(),
    db
      .selectFrom("timeliness_tallies")
      .select(["measure", "place", (eb) => eb.fn.sum<number>("n").as("n")])
      .where("measure", "in", ["ack_open", "dec_open"])
      .where("on_date", ">=", today)
      .groupBy(["measure", "place"])
      .execute(),
    db.selectFrom("stage_days").select(["stage", "days", "n"]).execute(),
  ]);
  const figures = figuresFromCounts({
    totals,
    notYetDue: notYetDue.map((r) => ({ measure: r.measure as "ack_open" | "dec_open", place: r.place, n: Number(r.n) })),
    stageDays,
  });
  const agencyIds = figures.byPlace.filter((p) => p.key.startsWith("agency:")).map((p) => Number(p.key.slice(7)));
  const unitIds = figures.byPlace.filter((p) => p.key.startsWith("unit:")).map((p) => Number(p.key.slice(5)));
  const [agencies, units, ratings] = await Promise.all([
    agencyIds.length ? db.selectFrom("agencies").select(["id", "name"]).where("id", "in", agencyIds).execute() : [],
    unitIds.length ? db.selectFrom("units").select(["id", "name"]).where("id", "in", unitIds).execute() : [],
    publicRatingFigures(db),
  ]);
  const byPlace: LabelledPlace[] = figures.byPlace.map((p) => {
    if (p.key.startsWith("agency:")) {
      const id = Number(p.key.slice(7));
      return { ...p, kind: "agency", label: agencies.find((a) => a.id === id)?.name ?? p.key };
    }
    if (p.key.startsWith("unit:")) {
      const id = Number(p.key.slice(5));
      return { ...p, kind: "unit", label: units.find((u) => u.id === id)?.name ?? p.key };
    }
    return { ...p, kind: "city", label: "" };
  });
  return { ...figures, byPlace, asOf: today, screeningStartDays: screeningStartDays(), ratings };
}

export interface ReviewerTimeliness {
  reviewerId: number;
  name: string;
  assigned: number;
  onTime: number;
  late: number;
  /** open assignments past their due date */
  openLate: number;
  rate: number | null;
}

/**
 * Staff only: each reviewer's reviews against their due dates. A review handed in on or before its due date is on
 * time; one handed in later, or still open after it, is late. Assignments ended by a declared conflict are left out.
 */
export async function reviewerTimeliness(db: DB, now = new Date()): Promise<ReviewerTimeliness[]> {
  const today = hanoiDate(now);
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("users", "users.id", "assignments.reviewer_id")
    .leftJoin("reviews", "reviews.assignment_id", "assignments.id")
    .select(["assignments.reviewer_id", "users.name", "assignments.due_on", "assignments.status", "reviews.submitted_at"])
    .where("assignments.status", "<>", "conflict")
    .execute();
  const by = new Map<number, ReviewerTimeliness>();
  for (const r of rows) {
    const t = by.get(r.reviewer_id) ?? {
      reviewerId: r.reviewer_id,
      name: r.name,
      assigned: 0,
      onTime: 0,
      late: 0,
      openLate: 0,
      rate: null,
    };
    t.assigned++;
    if (r.status === "submitted" && r.submitted_at) {
      if (hanoiDate(new Date(r.submitted_at)) <= r.due_on) t.onTime++;
      else t.late++;
    } else if (r.due_on < today) {
      t.openLate++;
    }
    by.set(r.reviewer_id, t);
  }
  return [...by.values()]
    .map((t) => {
      const measured = t.onTime + t.late + t.openLate;
      return { ...t, rate: measured ? t.onTime / measured : null };
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.name.localeCompare(b.name, "vi"));
}
