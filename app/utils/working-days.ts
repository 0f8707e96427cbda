/**
 * The working-day calendar of Hà Nội's administration, shared by every deadline counted in working days
 * (answering a personal-data request, a reviewer's due date, service targets). Pure and without server
 * imports: the adjustments an administrator records (`working_day_adjustments`) are handed in, and
 * `app/models/calendar/calendar.server.ts` binds them once per request.
 *
 * A day is off when it is a Saturday or a Sunday, a public holiday of the Labour Code 2019 (Bộ luật Lao
 * động 2019, Điều 112 khoản 1), or the compensatory day off for a holiday that fell on a weekend (Điều 111
 * khoản 3: "nghỉ bù ... vào ngày làm việc kế tiếp"). An announced adjustment on a date wins over all of
 * that: the government moves days each year (a Tết range, a day off swapped with a working Saturday).
 *
 * Lunar dates (Tết, Giỗ Tổ Hùng Vương) come from the Vietnamese lunar calendar computed at UTC+7 (the
 * astronomical method published by Hồ Ngọc Đức, after Meeus's "Astronomical Algorithms"); what the
 * government fixes each year (the Tết range, the day next to 2 September) is a default here, marked
 * provisional until an administrator records the announcement (docs/decisions/024-working-day-calendar.md).
 */
import { addDaysTo, isCalendarDate } from "./clock";

export type AdjustmentKind = "day_off" | "working_day";

export interface Adjustment {
  /** a Hà Nội calendar date, `YYYY-MM-DD` */
  date: string;
  kind: AdjustmentKind;
}

export type HolidayKey =
  "new_year" | "tet" | "hung_kings" | "reunification" | "labour_day" | "national_day" | "national_day_adjacent" | "substitute";

export interface Holiday {
  date: string;
  key: HolidayKey;
  /** a computed or default date the government has not been recorded as confirming */
  provisional: boolean;
  /** for a substitute day: the date of the holiday it makes up for */
  for?: string;
}

/** The years whose lunar dates were checked against published calendars; outside them every holiday is provisional. */
export const CHECKED_YEARS = { from: 2025, to: 2035 } as const;

const DAY_MS = 86_400_000;
/** Julian day number of 1970-01-01. */
const JDN_EPOCH = 2_440_588;
const TIME_ZONE = 7;

function jdnOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS) + JDN_EPOCH;
}

function dateOfJdn(jdn: number): string {
  return new Date((jdn - JDN_EPOCH) * DAY_MS).toISOString().slice(0, 10);
}

function assertDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
}

// ---- the lunar calendar (new moons and the sun's longitude, Meeus ch. 47–49 simplified) ----

/** The Julian day number, in Hà Nội, of the k-th new moon after 1 January 1900. */
function newMoonDay(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return Math.floor(jd1 + c1 - deltaT + 0.5 + TIME_ZONE / 24);
}

/** The sun's longitude at the start of that day in Hà Nội, as one of 12 sectors of 30° (0 = 0°–30°). */
function sunSector(jdn: number): number {
  const T = (jdn - 0.5 - TIME_ZONE / 24 - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return Math.floor((L / Math.PI) * 6);
}

/** The first day of the 11th lunar month (the one holding the winter solstice) in that solar year. */
function month11(year: number): number {
  const off = jdnOf(`${year}-12-31`) - 2415021;
  const k = Math.floor(off / 29.530588853);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Which month after month 11 is the leap month of a 13-month lunar year. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The solar date of a day of a lunar year's (non-leap) month. */
export function lunarToSolar(day: number, month: number, lunarYear: number): string {
  const [a11, b11] = month < 11 ? [month11(lunarYear - 1), month11(lunarYear)] : [month11(lunarYear), month11(lunarYear + 1)];
  const k = Math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365 && off >= leapMonthOffset(a11)) off += 1;
  return dateOfJdn(newMoonDay(k + off) + day - 1);
}

// ---- holidays ----

function weekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function inCheckedYears(year: number): boolean {
  return year >= CHECKED_YEARS.from && year <= CHECKED_YEARS.to;
}

/**
 * The holidays of a year (the days of Điều 112 khoản 1 and their substitutes), in date order. Outside
 * 2025–2035 the calendar still answers, so a deadline never fails, but every holiday is provisional.
 * An adjustment confirms a provisional day when it marks that very day off; for 2 September's companion,
 * a day off recorded on 3 September moves it there.
 */
export function holidaysOf(year: number, adjustments: readonly Adjustment[] = []): Holiday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new RangeError(`year out of range: ${year}`);
  const offs = new Set(adjustments.filter((a) => a.kind === "day_off").map((a) => a.date));
  const y = String(year);
  const tet = lunarToSolar(1, 1, year);
  const base: Omit<Holiday, "provisional">[] = [];
  const fixed = (date: string, key: HolidayKey) => base.push({ date, key });
  fixed(`${y}-01-01`, "new_year");
  // Tết: the law gives five days and the government fixes them each year; the usual range is the last day
  // of the lunar year (the 30th, or the 29th of a short month) through the 4th of the first month.
  for (let i = -1; i <= 3; i++) fixed(addDaysTo(tet, i), "tet");
  fixed(lunarToSolar(10, 3, year), "hung_kings");
  fixed(`${y}-04-30`, "reunification");
  fixed(`${y}-05-01`, "labour_day");
  fixed(`${y}-09-02`, "national_day");
  const sep3 = `${y}-09-03`;
  fixed(offs.has(sep3) && !offs.has(`${y}-09-01`) ? sep3 : `${y}-09-01`, "national_day_adjacent");
  base.sort((a, b) => a.date.localeCompare(b.date));

  const computed = new Set<HolidayKey>(["tet", "hung_kings", "national_day_adjacent"]);
  const holidays: Holiday[] = base.map((h) => ({
    ...h,
    provisional: (!inCheckedYears(year) || computed.has(h.key)) && !offs.has(h.date),
  }));

  // A holiday on a Saturday or Sunday is made up on the next day that is neither a weekend, a holiday nor
  // an earlier substitute (30 April on a Sunday and 1 May on a Monday: the substitute is 2 May).
  const taken = new Set(holidays.map((h) => h.date));
  const substitutes: Holiday[] = [];
  for (const h of holidays) {
    if (!weekend(h.date)) continue;
    let d = addDaysTo(h.date, 1);
    while (weekend(d) || taken.has(d)) d = addDaysTo(d, 1);
    taken.add(d);
    substitutes.push({ date: d, key: "substitute", provisional: h.provisional && !offs.has(d), for: h.date });
  }
  return [...holidays, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
}

const NO_ADJUSTMENTS: readonly Adjustment[] = [];
/**
 * Holidays by year, per set of declared days off (the only part of the adjustments `holidaysOf` reads). Each request
 * reads its own list from the database, so the key is the list's content: the lunar dates are worked out once per
 * process, not once per request.
 */
const byDaysOff = new Map<string, Map<number, Set<string>>>();
const daysOffKey = new WeakMap<readonly Adjustment[], string>();

/** The days off a year's holidays make, adjustments applied to the choices they decide (2 September's companion). */
function holidayDates(year: number, adjustments: readonly Adjustment[]): Set<string> {
  let key = daysOffKey.get(adjustments);
  if (key === undefined) {
    key = adjustments
      .filter((a) => a.kind === "day_off")
      .map((a) => a.date)
      .sort()
      .join(",");
    daysOffKey.set(adjustments, key);
  }
  let byYear = byDaysOff.get(key);
  if (!byYear) {
    if (byDaysOff.size >= 64) byDaysOff.clear();
    byDaysOff.set(key, (byYear = new Map()));
  }
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set();
    // A substitute for a holiday late in one year could fall in the next: take the previous year's too.
    for (const h of [...holidaysOf(year - 1, adjustments), ...holidaysOf(year, adjustments)])
      if (h.date.startsWith(String(year))) dates.add(h.date);
    byYear.set(year, dates);
  }
  return dates;
}

export function isWorkingDay(date: string, adjustments: readonly Adjustment[] = NO_ADJUSTMENTS): boolean {
  assertDate(date);
  return isWorkingDayIndexed(date, adjustments, indexAdjustments(adjustments));
}

/**
 * The working day `n` working days after `date` (n ≥ 1), or before it for a negative `n`; the day itself
 * does not count, as a period "within 2 working days" of a request starts the day after it. With n = 0,
 * the date itself when it is a working day, else the next working day.
 */
export function addWorkingDays(date: string, n: number, adjustments: readonly Adjustment[] = NO_ADJUSTMENTS): string {
  assertDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  const index = indexAdjustments(adjustments);
  const working = (d: string) => isWorkingDayIndexed(d, adjustments, index);
  let d = date;
  if (n === 0) {
    while (!working(d)) d = addDaysTo(d, 1);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0;) {
    d = addDaysTo(d, step);
    if (working(d)) left--;
  }
  return d;
}

/** The number of working days after `a` up to and including `b` (negative when `b` is before `a`). */
export function workingDaysBetween(a: string, b: string, adjustments: readonly Adjustment[] = NO_ADJUSTMENTS): number {
  assertDate(a);
  assertDate(b);
  if (b < a) return -workingDaysBetween(b, a, adjustments);
  const index = indexAdjustments(adjustments);
  let count = 0;
  for (let d = addDaysTo(a, 1); d <= b; d = addDaysTo(d, 1)) if (isWorkingDayIndexed(d, adjustments, index)) count++;
  return count;
}

function indexAdjustments(adjustments: readonly Adjustment[]): Map<string, AdjustmentKind> {
  return new Map(adjustments.map((a) => [a.date, a.kind]));
}

function isWorkingDayIndexed(date: string, adjustments: readonly Adjustment[], index: Map<string, AdjustmentKind>): boolean {
  const kind = index.get(date);
  if (kind) return kind === "working_day";
  if (weekend(date)) return false;
  return !holidayDates(Number(date.slice(0, 4)), adjustments).has(date);
}
