/**
 * The on-time figures as open data (docs/decisions/037-service-targets-and-ratings.md): the same numbers as the
 * "On time" section of /statistics, per place and in total, with the ratings' distributions (never a comment).
 * CSV by csv-stringify, one row per place; JSON with the totals, the stages and the ratings besides.
 */
import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { OpenDataAbout } from "./open-data.server";
import { RATING_ASPECTS, STAGES, type Tally } from "../service-targets/targets";
import { getTimeliness, type PublicTimeliness } from "./timeliness.server";

export const TIMELINESS_CSV_FIELDS = [
  "as_of",
  "rank",
  "place_key",
  "place_kind",
  "place",
  "acknowledged_on_time",
  "acknowledged_measured",
  "acknowledged_rate",
  "decided_on_time",
  "decided_measured",
  "decided_rate",
  "on_time_rate",
] as const;

const rate = (t: Tally) => (t.rate === null ? null : Math.round(t.rate * 10_000) / 10_000);
const tally = (t: Tally) => ({ on_time: t.onTime, measured: t.measured, rate: rate(t) });

function placeRows(data: PublicTimeliness) {
  return data.byPlace.map((p) => ({
    as_of: data.asOf,
    rank: p.rank,
    place_key: p.key,
    place_kind: p.kind,
    place: p.kind === "city" ? "Toàn Thành phố" : p.label,
    acknowledged_on_time: p.acknowledged.onTime,
    acknowledged_measured: p.acknowledged.measured,
    acknowledged_rate: rate(p.acknowledged),
    decided_on_time: p.decided.onTime,
    decided_measured: p.decided.measured,
    decided_rate: rate(p.decided),
    on_time_rate: rate(p.combined),
  }));
}

export async function timelinessJson(db: Kysely<Database>, about: OpenDataAbout, now = new Date()): Promise<string> {
  const data = await getTimeliness(db, now);
  return JSON.stringify({
    publisher: about.publisher,
    licence: about.licence,
    as_of: data.asOf,
    targets: { screening_start_working_days: data.screeningStartDays, decision_calendar_months: 3 },
    acknowledged: tally(data.acknowledged),
    decided: tally(data.decided),
    places: placeRows(data),
    median_days_per_stage: Object.fromEntries(STAGES.map((s) => [s, { median_days: data.medianDays[s], cases: data.stageCounts[s] }])),
    ratings: {
      count: data.ratings.count,
      ...Object.fromEntries(
        RATING_ASPECTS.map((a) => [
          a,
          {
            counts: Object.fromEntries(data.ratings.aspects[a].counts.map((c, i) => [String(i + 1), c])),
            mean: data.ratings.aspects[a].mean === null ? null : Math.round((data.ratings.aspects[a].mean as number) * 100) / 100,
          },
        ]),
      ),
    },
  });
}

export async function timelinessCsv(db: Kysely<Database>, now = new Date()): Promise<string> {
  const data = await getTimeliness(db, now);
  // As the initiatives' CSV: a byte-order mark (spreadsheets then read the Vietnamese as UTF-8), formulas escaped.
  return stringify(placeRows(data), {
    bom: true,
    header: true,
    columns: [...TIMELINESS_CSV_FIELDS],
    record_delimiter: "windows",
    escape_formulas: true,
  });
}
