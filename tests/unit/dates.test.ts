import { afterEach, describe, expect, it, vi } from "vitest";
import { addDaysTo, addMonths, hanoiDate, hanoiYear, isCalendarDate, startOfHanoiDay } from "~/utils/clock";
import { formatDate, formatDateTime, statutoryDueOn } from "~/utils/dates";

describe("the Hà Nội clock", () => {
  it("turns the date at Hà Nội midnight (17:00 UTC), not at UTC midnight", () => {
    expect(hanoiDate(new Date("2026-05-10T16:59:59.999Z"))).toBe("2026-05-10");
    expect(hanoiDate(new Date("2026-05-10T17:00:00.000Z"))).toBe("2026-05-11");
    // 06:30 on 1 March in Hà Nội is still 28 February in UTC
    expect(hanoiDate(new Date("2026-02-28T23:30:00Z"))).toBe("2026-03-01");
  });
  it("gives today's date as the clock moves, across Hà Nội midnight and back (it keeps today's between calls)", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-05-10T16:59:59.999Z"));
    expect(hanoiDate()).toBe("2026-05-10");
    vi.setSystemTime(new Date("2026-05-10T17:00:00.000Z"));
    expect(hanoiDate()).toBe("2026-05-11");
    // an instant asked about explicitly, inside or outside the day kept, is its own
    expect(hanoiDate(new Date("2026-05-11T03:00:00Z"))).toBe("2026-05-11");
    expect(hanoiDate(new Date("2027-01-01T03:00:00Z"))).toBe("2027-01-01");
    expect(hanoiDate()).toBe("2026-05-11");
    vi.setSystemTime(new Date("2026-05-10T16:00:00.000Z"));
    expect(hanoiDate()).toBe("2026-05-10");
    vi.setSystemTime(new Date("2026-05-11T16:59:59.999Z"));
    expect(hanoiDate()).toBe("2026-05-11");
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  it("counts the year in Hà Nội too", () => {
    expect(hanoiYear(new Date("2026-12-31T16:59:59Z"))).toBe(2026);
    expect(hanoiYear(new Date("2026-12-31T17:00:00Z"))).toBe(2027);
  });
  it("starts a Hà Nội day at 17:00 UTC of the day before", () => {
    expect(startOfHanoiDay("2026-03-01").toISOString()).toBe("2026-02-28T17:00:00.000Z");
    expect(hanoiDate(startOfHanoiDay("2026-03-01"))).toBe("2026-03-01");
    expect(hanoiDate(new Date(startOfHanoiDay("2026-03-01").getTime() - 1))).toBe("2026-02-28");
  });
  it("adds days and months to calendar dates, clamping to the end of a shorter month", () => {
    expect(addDaysTo("2026-02-27", 2)).toBe("2026-03-01");
    expect(addDaysTo("2026-03-01", -1)).toBe("2026-02-28");
    expect(addMonths("2026-03-01", 3)).toBe("2026-06-01");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(addMonths("2026-08-31", 3)).toBe("2026-11-30");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-12-15", 3)).toBe("2027-03-15");
  });
  it("knows a real calendar date", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-4-1")).toBe(false);
  });
});

describe("statutory due date", () => {
  it("is three calendar months after acceptance", () => {
    expect(statutoryDueOn(new Date("2026-11-25T10:00:00Z"))).toBe("2027-02-25");
  });
  it("counts from the Hà Nội date of the submission: 06:30 on 1 March is due on 1 June", () => {
    expect(statutoryDueOn(new Date("2026-02-28T23:30:00Z"))).toBe("2026-06-01");
  });
  it("turns at Hà Nội midnight (17:00 UTC), not at UTC midnight", () => {
    expect(statutoryDueOn(new Date("2026-03-14T16:59:59.999Z"))).toBe("2026-06-14");
    expect(statutoryDueOn(new Date("2026-03-14T17:00:00.000Z"))).toBe("2026-06-15");
    // UTC midnight is 07:00 in Hà Nội: nothing changes there
    expect(statutoryDueOn(new Date("2026-03-14T23:59:59.999Z"))).toBe("2026-06-15");
    expect(statutoryDueOn(new Date("2026-03-15T00:00:00.000Z"))).toBe("2026-06-15");
    // and the year turns with it
    expect(statutoryDueOn(new Date("2026-12-31T16:59:59.999Z"))).toBe("2027-03-31");
    expect(statutoryDueOn(new Date("2026-12-31T17:00:00.000Z"))).toBe("2027-04-01");
  });
  it("changes at Hà Nội midnight at the end of a month too", () => {
    expect(statutoryDueOn(new Date("2026-03-30T16:59:59Z"))).toBe("2026-06-30");
    expect(statutoryDueOn(new Date("2026-03-30T17:00:00Z"))).toBe("2026-06-30");
    expect(statutoryDueOn(new Date("2026-03-31T16:59:59Z"))).toBe("2026-06-30");
    expect(statutoryDueOn(new Date("2026-03-31T17:00:00Z"))).toBe("2026-07-01");
  });
  it("clamps to the end of a shorter month", () => {
    expect(statutoryDueOn(new Date("2026-11-30T03:00:00Z"))).toBe("2027-02-28");
  });
});

describe("dates shown to people", () => {
  it("show the Hà Nội date of an instant, which turns at 17:00 UTC", () => {
    expect(formatDate("2026-05-10T16:59:59.999Z", "vi")).toBe("10/05/2026");
    expect(formatDate("2026-05-10T17:00:00.000Z", "vi")).toBe("11/05/2026");
    expect(formatDateTime("2026-05-10T16:59:59.999Z", "vi")).toBe("23:59 10/05/2026");
    expect(formatDateTime("2026-05-10T17:00:00.000Z", "vi")).toBe("00:00 11/05/2026");
    expect(formatDateTime("2026-05-10T17:00:00.000Z", "en")).toBe("11/05/2026, 00:00");
  });
  it("write a date exactly as each language's Intl formatter does, at any instant", () => {
    const intl = (lang: "vi" | "en") =>
      new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        timeZone: "Asia/Ho_Chi_Minh",
      });
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 2000; i++) {
      // instants from 1990 to 2060, and each one's calendar date as stored
      const at = new Date(631152000000 + (next() % 2208988800) * 1000);
      for (const lang of ["vi", "en"] as const) {
        expect(formatDate(at.toISOString(), lang)).toBe(intl(lang).format(at));
        const day = at.toISOString().slice(0, 10);
        expect(formatDate(day, lang)).toBe(intl(lang).format(new Date(`${day}T00:00:00Z`)));
      }
    }
  });
  it("refuse what is not a date", () => {
    expect(() => formatDate("not a date", "vi")).toThrow(RangeError);
  });
  it("show a calendar date as that same date", () => {
    expect(formatDate("2026-05-10", "vi")).toBe("10/05/2026");
    expect(formatDate("2026-12-31", "en")).toBe("31/12/2026");
  });
});
