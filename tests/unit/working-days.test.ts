/**
 * The working-day calendar (app/utils/working-days.ts): weekends, the Labour Code's holidays, substitute
 * days, the lunar dates of 2025–2035 and the announced adjustments.
 */
import { describe, expect, it } from "vitest";
import { hanoiDate } from "~/utils/clock";
import { addWorkingDays, holidaysOf, isWorkingDay, lunarToSolar, workingDaysBetween, type Adjustment } from "~/utils/working-days";

/**
 * Lunar New Year (mùng 1 Tết) and Hùng Kings' day (10/3 lunar) in Vietnam, as published calendars give them.
 * 2030 is one of the years Vietnam's Tết (UTC+7) falls a day before China's (3 February 2030, UTC+8).
 */
const TET: Record<number, string> = {
  2025: "2025-01-29",
  2026: "2026-02-17",
  2027: "2027-02-06",
  2028: "2028-01-26",
  2029: "2029-02-13",
  2030: "2030-02-02",
  2031: "2031-01-23",
  2032: "2032-02-11",
  2033: "2033-01-31",
  2034: "2034-02-19",
  2035: "2035-02-08",
};

const dates = (year: number, key: string) =>
  holidaysOf(year)
    .filter((h) => h.key === key)
    .map((h) => h.date);

describe("weekends", () => {
  it("Saturday and Sunday are off, Monday to Friday work", () => {
    expect(isWorkingDay("2026-11-28")).toBe(false);
    expect(isWorkingDay("2026-11-29")).toBe(false);
    for (const d of ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]) expect(isWorkingDay(d), d).toBe(true);
  });
});

describe("the holidays of the Labour Code 2019 (Điều 112)", () => {
  it("lists each holiday of 2027 and makes it a day off", () => {
    const h = holidaysOf(2027);
    expect(h.find((x) => x.key === "new_year")).toMatchObject({ date: "2027-01-01", provisional: false });
    expect(dates(2027, "tet")).toEqual(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"]);
    expect(dates(2027, "hung_kings")).toEqual(["2027-04-16"]);
    expect(dates(2027, "reunification")).toEqual(["2027-04-30"]);
    expect(dates(2027, "labour_day")).toEqual(["2027-05-01"]);
    expect(dates(2027, "national_day")).toEqual(["2027-09-02"]);
    expect(h.find((x) => x.key === "national_day_adjacent")).toMatchObject({ date: "2027-09-01", provisional: true });
    for (const d of ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-04-16", "2027-04-30", "2027-09-01", "2027-09-02"]) {
      expect(isWorkingDay(d), d).toBe(false);
    }
    expect(isWorkingDay("2027-09-03")).toBe(true);
  });

  it("marks what the government fixes each year as provisional, and the fixed days as not", () => {
    const all = holidaysOf(2027);
    for (const h of all) {
      const fixed = ["new_year", "reunification", "labour_day", "national_day"].includes(h.key);
      // a substitute is as provisional as the holiday it makes up for (1 May 2027 is a Saturday: fixed)
      const expected = h.key === "substitute" ? all.find((x) => x.date === h.for && x.key !== "substitute")!.provisional : !fixed;
      expect(h.provisional, `${h.key} ${h.date}`).toBe(expected);
    }
    expect(all.find((x) => x.key === "substitute" && x.for === "2027-05-01")).toMatchObject({ date: "2027-05-03", provisional: false });
  });

  it("a recorded day off on 3 September moves 2 September's companion there and confirms it", () => {
    const adj: Adjustment[] = [{ date: "2027-09-03", kind: "day_off" }];
    expect(holidaysOf(2027, adj).find((x) => x.key === "national_day_adjacent")).toMatchObject({ date: "2027-09-03", provisional: false });
    expect(isWorkingDay("2027-09-01", adj)).toBe(true);
    expect(isWorkingDay("2027-09-03", adj)).toBe(false);
  });

  it("each request's own copy of the same adjustments gives the same days, and a new day off changes them", () => {
    // the holidays are kept per set of days off, not per list: every request reads a new list from the database
    const read = (): Adjustment[] => [{ date: "2027-09-03", kind: "day_off" }];
    expect(isWorkingDay("2027-09-01", [])).toBe(false);
    expect(isWorkingDay("2027-09-01", read())).toBe(true);
    expect(isWorkingDay("2027-09-01", read())).toBe(true);
    expect(isWorkingDay("2027-09-01", [...read(), { date: "2027-09-04", kind: "working_day" }])).toBe(true);
    expect(isWorkingDay("2027-09-01", [{ date: "2027-09-04", kind: "working_day" }])).toBe(false);
    expect(isWorkingDay("2027-09-01", [])).toBe(false);
  });
});

describe("substitute days (Điều 111 khoản 3)", () => {
  it("a holiday on a Sunday is made up on Monday (Giỗ Tổ 2026)", () => {
    expect(holidaysOf(2026).find((h) => h.key === "substitute")).toMatchObject({ date: "2026-04-27", for: "2026-04-26" });
    expect(isWorkingDay("2026-04-27")).toBe(false);
    expect(isWorkingDay("2026-04-28")).toBe(true);
  });

  it("New Year's Day on a Saturday is made up on Monday 3 January 2028", () => {
    expect(isWorkingDay("2028-01-03")).toBe(false);
    expect(isWorkingDay("2028-01-04")).toBe(true);
  });

  it("two holidays on one weekend take the next two working days (30/4 and 1/5 2033), skipping other holidays", () => {
    const subs = holidaysOf(2033).filter((h) => h.key === "substitute");
    expect(subs).toContainEqual(expect.objectContaining({ date: "2033-05-02", for: "2033-04-30" }));
    expect(subs).toContainEqual(expect.objectContaining({ date: "2033-05-03", for: "2033-05-01" }));
    expect(subs).toContainEqual(expect.objectContaining({ date: "2033-04-11", for: "2033-04-09" }));
    expect(isWorkingDay("2033-05-04")).toBe(true);
  });

  it("Tết days on a weekend are made up after the range (Tết 2027: Saturday and Sunday inside it)", () => {
    const subs = holidaysOf(2027).filter((h) => h.key === "substitute" && h.for!.startsWith("2027-02"));
    expect(subs.map((s) => s.date)).toEqual(["2027-02-10", "2027-02-11"]);
    expect(isWorkingDay("2027-02-12")).toBe(true);
  });
});

describe("the lunar dates, 2025–2035", () => {
  it.each(Object.entries(TET))("Tết %s is %s, and the range runs from the eve to the 4th", (year, tet) => {
    expect(lunarToSolar(1, 1, Number(year))).toBe(tet);
    const range = dates(Number(year), "tet");
    expect(range).toHaveLength(5);
    expect(range[1]).toBe(tet);
    expect(range[0] < tet && range[4] > tet).toBe(true);
  });

  it("Giỗ Tổ Hùng Vương: 7 April 2025, 26 April 2026", () => {
    expect(dates(2025, "hung_kings")).toEqual(["2025-04-07"]);
    expect(dates(2026, "hung_kings")).toEqual(["2026-04-26"]);
  });

  it("the eve of Tết is the 29th of the last month from 2025 to 2032, the 30th again in 2033", () => {
    for (let y = 2025; y <= 2032; y++) expect(lunarToSolar(29, 12, y - 1), String(y)).toBe(dates(y, "tet")[0]);
    expect(lunarToSolar(30, 12, 2032)).toBe(dates(2033, "tet")[0]);
  });

  it("agrees with the announced Tết 2026 (notice 9441/TB-BNV: 16 to 20 February 2026)", () => {
    expect(dates(2026, "tet")).toEqual(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]);
  });

  it("outside 2025–2035 still answers, with every holiday provisional", () => {
    const h = holidaysOf(2036);
    expect(h.length).toBeGreaterThan(8);
    expect(h.every((x) => x.provisional)).toBe(true);
    expect(isWorkingDay("2036-01-01")).toBe(false);
  });
});

describe("counting working days", () => {
  it("adds across the Tết break of 2026", () => {
    expect(addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
    expect(addWorkingDays("2026-02-13", 2)).toBe("2026-02-24");
    expect(workingDaysBetween("2026-02-13", "2026-02-24")).toBe(2);
    expect(workingDaysBetween("2026-02-24", "2026-02-13")).toBe(-2);
    expect(addWorkingDays("2026-02-24", -2)).toBe("2026-02-13");
  });

  it("counts a compensatory working Saturday and skips an announced extra day off", () => {
    const adj: Adjustment[] = [
      { date: "2027-02-13", kind: "working_day" },
      { date: "2027-02-04", kind: "day_off" },
    ];
    expect(addWorkingDays("2027-02-12", 1)).toBe("2027-02-15");
    expect(addWorkingDays("2027-02-12", 1, adj)).toBe("2027-02-13");
    expect(isWorkingDay("2027-02-04", adj)).toBe(false);
    expect(addWorkingDays("2027-02-03", 1, adj)).toBe("2027-02-12");
  });

  it("an announced working day wins over a computed holiday", () => {
    expect(isWorkingDay("2027-02-11", [{ date: "2027-02-11", kind: "working_day" }])).toBe(true);
  });

  it("n = 0 is the day itself when it works, else the next working day", () => {
    expect(addWorkingDays("2026-11-27", 0)).toBe("2026-11-27");
    expect(addWorkingDays("2026-11-28", 0)).toBe("2026-11-30");
  });

  it("counts from the Hà Nội date: 00:30 on Monday in Hà Nội is still Sunday in UTC", () => {
    const instant = new Date("2026-11-29T17:30:00Z");
    expect(instant.toISOString().slice(0, 10)).toBe("2026-11-29");
    const today = hanoiDate(instant);
    expect(today).toBe("2026-11-30");
    expect(isWorkingDay(today)).toBe(true);
    expect(addWorkingDays(today, 2)).toBe("2026-12-02");
    expect(isWorkingDay(hanoiDate(new Date("2026-11-29T16:59:59Z")))).toBe(false);
  });

  it("refuses what is not a calendar date or a whole number", () => {
    expect(() => isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => addWorkingDays("2026-02-01", 1.5)).toThrow(RangeError);
  });
});
