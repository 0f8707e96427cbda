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

// A formatter costs far more to make than to use (a results page formats twenty dates): one per language and shape.
const dateFormats = {
  vi: new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" }),
  en: new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" }),
};
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

export function formatDate(isoOrDate: string, lang: "vi" | "en"): string {
  const d = new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate);
  return dateFormats[lang === "vi" ? "vi" : "en"].format(d);
}

export function formatDateTime(iso: string, lang: "vi" | "en"): string {
  return dateTimeFormats[lang === "vi" ? "vi" : "en"].format(new Date(iso));
}
