/**
 * The administrator's working-day calendar (/staff/admin/calendar): the year's holidays with their
 * provisional marks, the announced adjustments, adding and removing one (audited), refusing bad input
 * in the user's language, and keeping everyone else out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workingDayCalendar } from "~/models/calendar/calendar.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn } from "./review-fixtures";

const PAGE = "/staff/admin/calendar";
let t: TestDb;
let app: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
});
afterAll(() => t.cleanup());

const post = (fields: Record<string, string>, cookie = admin) =>
  app.fetch(PAGE, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
const page = async (query = "", cookie = admin) => {
  const res = await app.fetch(`${PAGE}${query}`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
const rows = () => t.db.selectFrom("working_day_adjustments").selectAll().orderBy("date").execute();
const audits = (action: string) => t.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

describe("the year's calendar", () => {
  it("lists the computed holidays, provisional until confirmed, and the seeded Tết 2026 announcement", async () => {
    const html = await page("?year=2026");
    expect(html).toContain("Thông báo số 9441/TB-BNV");
    // Tết 2026 is confirmed by the seeded rows; Giỗ Tổ (26 April, a Sunday) and its substitute are not.
    const row = (date: string) => new RegExp(`<tr><td><time dateTime="${date}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row("2026-02-17")).toContain("Chính thức");
    expect(row("2026-04-26")).toContain("Tạm tính");
    expect(row("2026-04-27")).toContain("Nghỉ bù cho ngày 2026-04-26");
    expect(row("2026-01-01")).toContain("Chính thức");
  });

  it("has a printable view without the forms", async () => {
    const html = await page("?year=2026&print=1");
    expect(html).toContain("2026-02-17");
    // the layout keeps its sign-out form; the page itself shows no form to change anything
    expect(html).not.toContain(`name="intent"`);
  });

  it("refuses a year that is not one with 400", async () => {
    expect((await app.fetch(`${PAGE}?year=abc`, { headers: { Cookie: admin } })).status).toBe(400);
    expect((await app.fetch(`${PAGE}?year=99999`, { headers: { Cookie: admin } })).status).toBe(400);
  });

  it("says when a year's lunar dates are outside the checked years", async () => {
    expect(await page("?year=2036")).toContain("2025–2035");
  });
});

describe("adjustments", () => {
  it("adds a compensatory working Saturday, audited, and the bound calendar counts it", async () => {
    const before = await workingDayCalendar(t.db);
    expect(before.isWorkingDay("2027-02-13")).toBe(false);
    const res = await post({ intent: "add", date: "2027-02-13", kind: "working_day", note: "Làm bù Tết 2027 theo thông báo thử" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${PAGE}?year=2027&done=added&date=2027-02-13`);
    expect((await rows()).find((r) => r.date === "2027-02-13")).toMatchObject({
      kind: "working_day",
      note: "Làm bù Tết 2027 theo thông báo thử",
    });
    const [entry] = await audits("calendar.adjustment.add");
    expect(entry).toMatchObject({ target_type: "calendar", target_id: "2027-02-13" });
    expect(JSON.parse(entry!.details)).toMatchObject({ kind: "working_day" });
    const after = await workingDayCalendar(t.db);
    expect(after.isWorkingDay("2027-02-13")).toBe(true);
    expect(after.addWorkingDays("2027-02-12", 1)).toBe("2027-02-13");
    expect(await page("?year=2027")).toContain("Làm bù Tết 2027 theo thông báo thử");
  });

  it("refuses bad input with a message tied to each field, in Vietnamese and in English, and writes nothing", async () => {
    const before = await rows();
    const res = await post({ intent: "add", date: "2027-02-30", kind: "holiday", note: " " });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-date-error"[^>]*>[\s\S]*?Ngày không hợp lệ/);
    expect(html).toMatch(/id="f-kind-error"[^>]*>[\s\S]*?Chọn ngày nghỉ hoặc ngày làm việc/);
    expect(html).toMatch(/id="f-note-error"[^>]*>[\s\S]*?Ghi căn cứ/);
    expect(html).toMatch(/id="f-date"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-date"/);
    const en = await post({ intent: "add", date: "13/02/2027", kind: "day_off", note: "x" }, `${admin}; lang=en`);
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain("Not a valid date");
    expect(enHtml).toContain("at least 3 characters");
    expect(await rows()).toEqual(before);
  });

  it("refuses a second adjustment for a date that has one", async () => {
    const res = await post({ intent: "add", date: "2026-02-17", kind: "working_day", note: "Trùng ngày đã có" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Ngày này đã có điều chỉnh");
    expect((await rows()).find((r) => r.date === "2026-02-17")).toMatchObject({ kind: "day_off" });
  });

  it("removes an adjustment, audited; removing one that is gone is a 404", async () => {
    const res = await post({ intent: "remove", date: "2027-02-13" });
    expect(res.status).toBe(302);
    expect((await rows()).some((r) => r.date === "2027-02-13")).toBe(false);
    expect(await audits("calendar.adjustment.remove")).toEqual([expect.objectContaining({ target_id: "2027-02-13" })]);
    expect((await workingDayCalendar(t.db)).isWorkingDay("2027-02-13")).toBe(false);
    const again = await post({ intent: "remove", date: "2027-02-13" });
    expect(again.status).toBe(404);
    // shown on the page, not only in the page's data
    expect(await again.text()).toMatch(/role="alert"[^>]*>[\s\S]*?Ngày điều chỉnh này không còn/);
  });
});

describe("who may use it", () => {
  it("other roles get 403 for reading and for acting, and change nothing", async () => {
    const before = await rows();
    for (const who of ["secretary@example.org", "chair@example.org", "reviewer2@example.org"]) {
      const cookie = await signIn(t.db, who);
      expect((await app.fetch(PAGE, { headers: { Cookie: cookie } })).status, who).toBe(403);
      expect((await post({ intent: "add", date: "2027-03-01", kind: "day_off", note: "Không được phép" }, cookie)).status, who).toBe(403);
      expect((await post({ intent: "remove", date: "2026-02-17" }, cookie)).status, who).toBe(403);
    }
    const anon = await app.fetch(PAGE);
    expect(anon.status).toBe(302);
    expect(await rows()).toEqual(before);
  });
});
