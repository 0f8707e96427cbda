/**
 * The service targets, one place per rule (docs/decisions/037-service-targets-and-ratings.md): how many working days
 * each step may take, the date each target falls on, and whether a step was on time. Pure and without server imports:
 * the working-day calendar (app/utils/working-days.ts, bound by `workingDayCalendar`) is handed in, so the tracking
 * page, the staff worklist, the statistics and the tests all count the same way.
 *
 * Only the decision's date is law (3 calendar months from acceptance, Nghị định 13/2012/NĐ-CP, Điều 7; stored as
 * `initiatives.due_on` by `statutoryDueOn` in app/utils/dates.ts). The working-day figures are this service's own targets.
 */
/** Default working days from receipt within which screening starts; `SCREENING_START_WORKING_DAYS` overrides it. */
export const SCREENING_START_WORKING_DAYS = 3;
/** Working days from the day a submission (or a reply) arrives to the end of screening. */
export const SCREENING_WORKING_DAYS = 5;
/** Working days the submitter is given to answer a request for more information. */
export const REPLY_WORKING_DAYS = 10;
/** Working days a reviewer is given by default. */
export const REVIEW_WORKING_DAYS = 10;
/** Working days from a recognition to its public page. */
export const PUBLICATION_WORKING_DAYS = 10;

export type AddWorkingDays = (date: string, n: number) => string;

/** The day screening should have started by: `days` working days after the day of receipt (which does not count). */
export function screeningStartTarget(receivedOn: string, add: AddWorkingDays, days = SCREENING_START_WORKING_DAYS): string {
  return add(receivedOn, days);
}

/** The last day of the submitter's reply window for a request made on `requestedOn`. */
export function replyDueOn(requestedOn: string, add: AddWorkingDays): string {
  return add(requestedOn, REPLY_WORKING_DAYS);
}

/** A review's default due date for an assignment made on `assignedOn`. */
export function reviewDueOn(assignedOn: string, add: AddWorkingDays): string {
  return add(assignedOn, REVIEW_WORKING_DAYS);
}

/** The target a case shows while it waits on a step, for the worklist and the tracking page. */
export interface OpenTarget {
  kind: "screening_start" | "screening" | "reply";
  date: string;
  overdue: boolean;
}

// ---- measuring: on time or late, per case ----

/** What the statistics measure per case (a `service_times` row). Dates are Hà Nội dates. */
export interface ServiceTime {
  initiative_id: number;
  scope_type: string;
  agency_id: number | null;
  unit_id: number | null;
  received_on: string;
  ack_target_on: string;
  acknowledged_on: string | null;
  review_on: string | null;
  council_on: string | null;
  due_on: string;
  decided_on: string | null;
  closed_on: string | null;
  outcome: string | null;
}

/** On time, late, or not measured (yet): a case still within its target counts neither way. */
export type Verdict = "on_time" | "late" | null;

/**
 * Screening started within its target. A case not yet started counts as late from the day after the target; one
 * withdrawn before screening started counts as late only if the target had passed by then.
 */
export function acknowledgedVerdict(r: ServiceTime, today: string): Verdict {
  if (r.acknowledged_on) return r.acknowledged_on <= r.ack_target_on ? "on_time" : "late";
  const end = r.closed_on ?? today;
  return end > r.ack_target_on ? "late" : null;
}

/**
 * Decided within the statutory period. An open case counts as late from the day after its date; a rejection or a
 * withdrawal is not a decision on the initiative and is not measured.
 */
export function decisionVerdict(r: ServiceTime, today: string): Verdict {
  if (r.decided_on) return r.decided_on <= r.due_on ? "on_time" : "late";
  if (r.outcome === "rejected" || r.outcome === "withdrawn") return null;
  return today > r.due_on ? "late" : null;
}

export interface Tally {
  measured: number;
  onTime: number;
  /** onTime / measured, null when nothing was measured */
  rate: number | null;
}

function tally(verdicts: Verdict[]): Tally {
  const measured = verdicts.filter((v) => v !== null).length;
  const onTime = verdicts.filter((v) => v === "on_time").length;
  return { measured, onTime, rate: measured ? onTime / measured : null };
}

/** "city", "agency:3" or "unit:70", as the other statistics key a place. */
export function placeKeyOf(r: Pick<ServiceTime, "scope_type" | "agency_id" | "unit_id">): string {
  if (r.scope_type === "agency" && r.agency_id != null) return `agency:${r.agency_id}`;
  if (r.scope_type === "unit" && r.unit_id != null) return `unit:${r.unit_id}`;
  return "city";
}

export interface PlaceTimeliness {
  key: string;
  /** competition rank by the combined rate ("1, 1, 3"); null when nothing was measured there */
  rank: number | null;
  acknowledged: Tally;
  decided: Tally;
  /** on-time steps of both kinds over the steps measured */
  combined: Tally;
}

export const STAGES = ["screening_start", "screening", "review", "council"] as const;
export type StageName = (typeof STAGES)[number];

export interface TimelinessFigures {
  acknowledged: Tally;
  decided: Tally;
  byPlace: PlaceTimeliness[];
  /** median calendar days per stage over the cases that went through it; null when none did */
  medianDays: Record<StageName, number | null>;
  stageCounts: Record<StageName, number>;
}

function dayDiff(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

/** The lower median (nearest rank, as the other medians on /statistics). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

export function timelinessFigures(rows: readonly ServiceTime[], today: string): TimelinessFigures {
  const ack = rows.map((r) => acknowledgedVerdict(r, today));
  const dec = rows.map((r) => decisionVerdict(r, today));
  const places = new Map<string, { ack: Verdict[]; dec: Verdict[] }>();
  rows.forEach((r, i) => {
    const key = placeKeyOf(r);
    const p = places.get(key) ?? { ack: [], dec: [] };
    p.ack.push(ack[i]);
    p.dec.push(dec[i]);
    places.set(key, p);
  });
  const byPlace: PlaceTimeliness[] = [...places].map(([key, p]) => ({
    key,
    rank: null,
    acknowledged: tally(p.ack),
    decided: tally(p.dec),
    combined: tally([...p.ack, ...p.dec]),
  }));
  byPlace.sort(
    (a, b) => (b.combined.rate ?? -1) - (a.combined.rate ?? -1) || b.combined.measured - a.combined.measured || a.key.localeCompare(b.key),
  );
  byPlace.forEach((p, i) => {
    if (p.combined.rate === null) return;
    const prev = byPlace[i - 1];
    p.rank = prev && prev.combined.rate === p.combined.rate ? prev.rank : i + 1;
  });

  const spans: Record<StageName, number[]> = { screening_start: [], screening: [], review: [], council: [] };
  for (const r of rows) {
    if (r.acknowledged_on) spans.screening_start.push(dayDiff(r.received_on, r.acknowledged_on));
    if (r.acknowledged_on && r.review_on) spans.screening.push(dayDiff(r.acknowledged_on, r.review_on));
    if (r.review_on && r.council_on) spans.review.push(dayDiff(r.review_on, r.council_on));
    if (r.council_on && r.decided_on) spans.council.push(dayDiff(r.council_on, r.decided_on));
  }
  return {
    acknowledged: tally(ack),
    decided: tally(dec),
    byPlace,
    medianDays: {
      screening_start: median(spans.screening_start),
      screening: median(spans.screening),
      review: median(spans.review),
      council: median(spans.council),
    },
    stageCounts: {
      screening_start: spans.screening_start.length,
      screening: spans.screening.length,
      review: spans.review.length,
      council: spans.council.length,
    },
  };
}

// ---- the submitter's rating ----

export const RATING_ASPECTS = ["clarity", "timeliness", "courtesy"] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number];
export const RATING_SCALE = [1, 2, 3, 4, 5] as const;

/** Statuses after which the submitter may rate the answer: a decision on the initiative, or a rejection with reasons. */
import { RATABLE_STATUSES, isRatable } from "../../domain/ratings";

export { RATABLE_STATUSES, isRatable };

export interface RatingDistribution {
  count: number;
  /** per aspect: how many gave 1..5 (index 0 is score 1), and the mean */
  aspects: Record<RatingAspect, { counts: number[]; mean: number | null }>;
}

export function ratingDistribution(rows: readonly Record<RatingAspect, number>[]): RatingDistribution {
  const aspects = {} as RatingDistribution["aspects"];
  for (const a of RATING_ASPECTS) {
    const counts = [0, 0, 0, 0, 0];
    let sum = 0;
    for (const r of rows) {
      counts[r[a] - 1]++;
      sum += r[a];
    }
    aspects[a] = { counts, mean: rows.length ? sum / rows.length : null };
  }
  return { count: rows.length, aspects };
}
