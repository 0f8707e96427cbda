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

/** Orders the places by their combined rate and gives each its competition rank, in place. */
function rankPlaces(byPlace: PlaceTimeliness[]): void {
  byPlace.sort(
    (a, b) => (b.combined.rate ?? -1) - (a.combined.rate ?? -1) || b.combined.measured - a.combined.measured || a.key.localeCompare(b.key),
  );
  byPlace.forEach((p, i) => {
    if (p.combined.rate === null) return;
    const prev = byPlace[i - 1];
    p.rank = prev && prev.combined.rate === p.combined.rate ? prev.rank : i + 1;
  });
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
  rankPlaces(byPlace);

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

// ---- the same figures from maintained counters ----
//
// /statistics must not read every case (decision 037, "Counted, not recomputed"). Each `service_times` row adds to
// a few counters; `syncServiceTime` applies the difference between a row's old and new contributions, so the
// figures cost the same at any number of cases. A verdict that can no longer change is counted once (on_date '').
// One that still depends on the date (an open case not yet started or decided) is counted per target date, and in
// an open total per place: on a given day the open cases still within their target are those whose target is that
// day or later, a short range of recent dates, and the late ones are the total minus those.

/** `timeliness_tallies.measure`: settled verdicts, open cases (total at on_date '', and per target date), and cases. */
export type TallyMeasure = "ack_on_time" | "ack_late" | "ack_open" | "dec_on_time" | "dec_late" | "dec_open" | "cases";

export type Contribution =
  | { table: "timeliness_tallies"; measure: TallyMeasure; place: string; on_date: string }
  | { table: "stage_days"; stage: StageName; days: number };

/** What one case adds to the counters (each contribution counts 1); none for no row. Mirrors the verdicts above. */
export function timelinessContributions(r: ServiceTime | null): Contribution[] {
  if (!r) return [];
  const place = placeKeyOf(r);
  const out: Contribution[] = [];
  const count = (measure: TallyMeasure, on_date = "") => out.push({ table: "timeliness_tallies", measure, place, on_date });
  count("cases");
  // acknowledgedVerdict
  if (r.acknowledged_on) count(r.acknowledged_on <= r.ack_target_on ? "ack_on_time" : "ack_late");
  else if (r.closed_on) {
    if (r.closed_on > r.ack_target_on) count("ack_late");
  } else {
    count("ack_open");
    count("ack_open", r.ack_target_on);
  }
  // decisionVerdict
  if (r.decided_on) count(r.decided_on <= r.due_on ? "dec_on_time" : "dec_late");
  else if (r.outcome !== "rejected" && r.outcome !== "withdrawn") {
    count("dec_open");
    count("dec_open", r.due_on);
  }
  const stage = (s: StageName, from: string, to: string) => out.push({ table: "stage_days", stage: s, days: dayDiff(from, to) });
  if (r.acknowledged_on) stage("screening_start", r.received_on, r.acknowledged_on);
  if (r.acknowledged_on && r.review_on) stage("screening", r.acknowledged_on, r.review_on);
  if (r.review_on && r.council_on) stage("review", r.review_on, r.council_on);
  if (r.council_on && r.decided_on) stage("council", r.council_on, r.decided_on);
  return out;
}

/** A contribution as one string, to add up and compare them. */
export function contributionKey(c: Contribution): string {
  return c.table === "timeliness_tallies" ? `t\u0000${c.measure}\u0000${c.place}\u0000${c.on_date}` : `s\u0000${c.stage}\u0000${c.days}`;
}

/** The counters to change when a case's row goes from `before` to `after` (either may be null): non-zero deltas only. */
export function contributionDelta(before: ServiceTime | null, after: ServiceTime | null): { c: Contribution; n: number }[] {
  const by = new Map<string, { c: Contribution; n: number }>();
  const add = (list: Contribution[], n: number) => {
    for (const c of list) {
      const k = contributionKey(c);
      const e = by.get(k) ?? { c, n: 0 };
      e.n += n;
      by.set(k, e);
    }
  };
  add(timelinessContributions(before), -1);
  add(timelinessContributions(after), 1);
  return [...by.values()].filter((e) => e.n !== 0);
}

/** The lower median of a histogram (`n` values equal to `days`), as `median` of the values themselves. */
export function histogramMedian(bins: readonly { days: number; n: number }[]): number | null {
  const sorted = bins.filter((b) => b.n > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (!total) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const b of sorted) {
    seen += b.n;
    if (seen >= rank) return b.days;
  }
  return null;
}

/** The counters as read on one day: settled and open totals (on_date ''), and the open cases still within their target. */
export interface TimelinessCounts {
  /** rows of `timeliness_tallies` with on_date '' */
  totals: readonly { measure: string; place: string; n: number }[];
  /** per place, the open cases whose target is today or later (not late yet) */
  notYetDue: readonly { measure: "ack_open" | "dec_open"; place: string; n: number }[];
  stageDays: readonly { stage: string; days: number; n: number }[];
}

/** The figures `timelinessFigures` gives for the same cases, from the counters. */
export function figuresFromCounts(counts: TimelinessCounts): TimelinessFigures {
  type Place = { cases: number; ackOnTime: number; ackLate: number; decOnTime: number; decLate: number };
  const places = new Map<string, Place>();
  const placeOf = (key: string) => {
    let p = places.get(key);
    if (!p) places.set(key, (p = { cases: 0, ackOnTime: 0, ackLate: 0, decOnTime: 0, decLate: 0 }));
    return p;
  };
  for (const r of counts.totals) {
    const p = placeOf(r.place);
    const n = Number(r.n);
    if (r.measure === "cases") p.cases += n;
    else if (r.measure === "ack_on_time") p.ackOnTime += n;
    else if (r.measure === "ack_late" || r.measure === "ack_open") p.ackLate += n;
    else if (r.measure === "dec_on_time") p.decOnTime += n;
    else if (r.measure === "dec_late" || r.measure === "dec_open") p.decLate += n;
  }
  // The open totals went to "late" above; those still within their target are not measured yet.
  for (const r of counts.notYetDue) {
    const p = placeOf(r.place);
    if (r.measure === "ack_open") p.ackLate -= Number(r.n);
    else p.decLate -= Number(r.n);
  }
  const t = (onTime: number, late: number): Tally => {
    const measured = onTime + late;
    return { measured, onTime, rate: measured ? onTime / measured : null };
  };
  const byPlace: PlaceTimeliness[] = [...places]
    .filter(([, p]) => p.cases > 0)
    .map(([key, p]) => ({
      key,
      rank: null,
      acknowledged: t(p.ackOnTime, p.ackLate),
      decided: t(p.decOnTime, p.decLate),
      combined: t(p.ackOnTime + p.decOnTime, p.ackLate + p.decLate),
    }));
  rankPlaces(byPlace);
  const sum = (pick: (p: Place) => number) => [...places.values()].reduce((s, p) => s + pick(p), 0);
  const histograms = Object.fromEntries(
    STAGES.map((s) => [s, counts.stageDays.filter((b) => b.stage === s).map((b) => ({ days: Number(b.days), n: Number(b.n) }))]),
  ) as Record<StageName, { days: number; n: number }[]>;
  const bins = (s: StageName) => histograms[s];
  const count = (s: StageName) => bins(s).reduce((x, b) => x + b.n, 0);
  return {
    acknowledged: t(
      sum((p) => p.ackOnTime),
      sum((p) => p.ackLate),
    ),
    decided: t(
      sum((p) => p.decOnTime),
      sum((p) => p.decLate),
    ),
    byPlace,
    medianDays: {
      screening_start: histogramMedian(bins("screening_start")),
      screening: histogramMedian(bins("screening")),
      review: histogramMedian(bins("review")),
      council: histogramMedian(bins("council")),
    },
    stageCounts: {
      screening_start: count("screening_start"),
      screening: count("screening"),
      review: count("review"),
      council: count("council"),
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

/** The same distribution from counts per aspect and score (`n` ratings gave `score` for `aspect`). */
export function distributionFromCounts(rows: readonly { aspect: RatingAspect; score: number; n: number }[]): RatingDistribution {
  const aspects = {} as RatingDistribution["aspects"];
  let count = 0;
  for (const a of RATING_ASPECTS) {
    const counts = [0, 0, 0, 0, 0];
    let sum = 0;
    let total = 0;
    for (const r of rows)
      if (r.aspect === a) {
        counts[r.score - 1] += r.n;
        sum += r.score * r.n;
        total += r.n;
      }
    aspects[a] = { counts, mean: total ? sum / total : null };
    count = Math.max(count, total);
  }
  return { count, aspects };
}
