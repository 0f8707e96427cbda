/**
 * The one clock of the procedure. Timestamps are stored in UTC, but every calendar date the procedure
 * speaks of (today, a due date, a statutory deadline, a day in a filter, the year of a number) is a
 * date in Hà Nội: a submission at 06:30 on 1 March in Hà Nội is a submission of 1 March, although it is
 * still 28 February in UTC. Pure and without server imports, so pages may use it too.
 *
 * Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact and needs no
 * time-zone database.
 */

export const HANOI_TIME_ZONE = "Asia/Ho_Chi_Minh";
const HANOI_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Hà Nội day last asked for as "now", with the instants it spans. */
let today = { date: "", from: 0, to: 0 };

/** The calendar date in Hà Nội at that instant (default: now), `YYYY-MM-DD`. */
export function hanoiDate(now?: Date): string {
  const at = now ? now.getTime() : Date.now();
  // Today's date is asked for on every request (the page cache's key): kept for the Hà Nội day it belongs to.
  if (at >= today.from && at < today.to) return today.date;
  const date = new Date(at + HANOI_OFFSET_MS).toISOString().slice(0, 10);
  if (!now) {
    const from = Date.parse(`${date}T00:00:00Z`) - HANOI_OFFSET_MS;
    today = { date, from, to: from + DAY_MS };
  }
  return date;
}

/** The year in Hà Nội at that instant (for yearly numbering: tracking codes, certificates, statistics). */
export function hanoiYear(now: Date = new Date()): number {
  return Number(hanoiDate(now).slice(0, 4));
}

function parts(date: string): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Whether a string is a real calendar date `YYYY-MM-DD` (no 31 April). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The instant a Hà Nội calendar day begins (00:00 in Hà Nội is 17:00 UTC the day before). */
export function startOfHanoiDay(date: string): Date {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) - HANOI_OFFSET_MS);
}

/** A calendar date `n` days later (or earlier, for a negative `n`). */
export function addDaysTo(date: string, n: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A calendar date `n` months later, as the Civil Code counts a period in months (Bộ luật Dân sự 2015,
 * Điều 147–148, which the decree's "3 tháng" follows): the period ends on the day of the same number in
 * the last month; when that month has no such day, on its last day. So 1 March + 3 → 1 June,
 * 30 November + 3 → 28 February (29 in a leap year), 31 August + 3 → 30 November.
 */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}
