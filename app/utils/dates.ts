/**
 * Date helpers. Timestamps are ISO strings in UTC; calendar dates are `YYYY-MM-DD` in Hà Nội, computed by
 * the clock module (`clock.ts`).
 */
import { addMonths, hanoiDate } from "./clock";

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

export function toDateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/**
 * The statutory decision date: 3 months from acceptance (Nghị định 13/2012/NĐ-CP, Điều 7), counted from
 * the day of acceptance in Hà Nội (see `addMonths` in clock.ts for the end-of-month rule).
 */
export function statutoryDueOn(submittedAt: Date): string {
  return addMonths(hanoiDate(submittedAt), 3);
}

/**
 * "dd/mm/yyyy" of the Hà Nội date, the shape both languages' formatters give (vi-VN and en-GB, day and month two
 * digits): written out by hand because a results page formats twenty dates and Intl's formatting was a measurable
 * part of its CPU time. tests/unit/dates.test.ts checks it against Intl.
 */
export function formatDate(isoOrDate: string, _lang: "vi" | "en"): string {
  const day = isoOrDate.length === 10 ? isoOrDate : hanoiDate(new Date(isoOrDate));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a date: ${isoOrDate}`);
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

// A formatter costs far more to make than to use: one per language.
const dateTimeFormats = {
  vi: new Intl.DateTimeFormat("vi-VN", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Ho_Chi_Minh",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Ho_Chi_Minh",
  }),
};

export function formatDateTime(iso: string, lang: "vi" | "en"): string {
  return dateTimeFormats[lang === "vi" ? "vi" : "en"].format(new Date(iso));
}
