/**
 * A review's default due date counts working days on the one calendar (docs/decisions/037-service-targets-and-ratings.md):
 * the assignment form's default, an assignment sent with the date left empty and automatic assignment all give the
 * same date, across Tết and the days an administrator announced. The clock is set to a Friday before Tết 2027
 * (Saturday 6 February): 14 calendar days would put the due date on Friday 12 February, the first working day
 * after the holiday.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addAdjustment } from "~/models/calendar/calendar.server";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { startScreening } from "~/models/screening/screening.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { makeReviewerCopy, signIn, staffIds, statusOf, submission } from "./review-fixtures";
import { get, post } from "./staff-support";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let secretary: string;
let n = 0;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  // Only Date is faked: the database drivers' timers keep running. 09:00 in Hà Nội on Friday 29 January 2027.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2027-01-29T02:00:00Z"));
  secretary = await signIn(t.db, "secretary@example.org");
});
afterAll(async () => {
  vi.useRealTimers();
  await t.cleanup();
});

/*
 * From Friday 29 January 2027 (the day itself does not count): 1–4 February (4); 5 February, the last day of the
 * lunar year, through 9 February is Tết, with 10 and 11 February off for Tết's Saturday and Sunday; Friday
 * 12 February (5); 15–19 February (6–10).
 */
const TEN_WORKING_DAYS = "2027-02-19";

async function inScreening() {
  const c = await createInitiative(t.db, submission(), [], { submitKey: `due-days-${++n}` });
  await startScreening(t.db, { initiativeId: c.id, userId: ids.secretary, expectedVersion: 1 });
  await makeReviewerCopy(t.db, c.id, ids.secretary);
  return { id: c.id, code: c.code };
}

const dueDates = async (initiativeId: number) =>
  (await t.db.selectFrom("assignments").select("due_on").where("initiative_id", "=", initiativeId).execute()).map((r) => r.due_on);

/** The date fields of the assignment form, with the value each offers. */
async function offeredDueDates(code: string): Promise<string[]> {
  const res = await get(app, `/staff/initiatives/${code}`, secretary);
  expect(res.status).toBe(200);
  const html = await res.text();
  return [...html.matchAll(/<input[^>]*name="due_\d+"[^>]*>/g)].map((m) => /value="([^"]*)"/.exec(m[0])?.[1] ?? "");
}

describe("the assignment form", () => {
  it("offers 10 working days from today, across Tết, and gives that date to a reviewer whose date is left empty", async () => {
    const i = await inScreening();
    const offered = await offeredDueDates(i.code);
    expect(offered.length).toBeGreaterThanOrEqual(2);
    for (const v of offered) expect(v).toBe(TEN_WORKING_DAYS);

    const res = await post(app, `/staff/initiatives/${i.code}`, secretary, {
      intent: "assign",
      version: String((await statusOf(t.db, i.id)).version),
      reviewer: [String(ids.r1), String(ids.r2)],
      [`due_${ids.r1}`]: "",
      [`due_${ids.r2}`]: "",
    });
    expect(res.status).toBe(302);
    expect(await dueDates(i.id)).toEqual([TEN_WORKING_DAYS, TEN_WORKING_DAYS]);
  });
});

describe("automatic assignment", () => {
  it("gives the confirmed reviewers the same working-day due date", async () => {
    const i = await inScreening();
    const proposal = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "propose", mode: "deterministic" });
    expect(proposal.status).toBe(200);
    const html = await proposal.text();
    // The confirmation form's hidden fields and ticked reviewers, as the browser sends them.
    const form = html.slice(html.indexOf('name="intent" value="confirm"') - 200);
    const fields: Record<string, string[]> = {};
    for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) (fields[m[1]] ??= []).push(m[2]);
    for (const m of form.matchAll(/<input type="checkbox" name="(r_\d+)"[^>]*? value="(\d+)"/g)) (fields[m[1]] ??= []).push(m[2]);
    expect(fields[`r_${i.id}`]?.length).toBeGreaterThanOrEqual(2);

    const res = await post(app, `/staff/assign?case=${i.code}`, secretary, { intent: "confirm", ...fields });
    expect(res.status).toBe(302);
    const due = await dueDates(i.id);
    expect(due.length).toBeGreaterThanOrEqual(2);
    for (const d of due) expect(d).toBe(TEN_WORKING_DAYS);
  });
});

describe("an announced change of the calendar", () => {
  it("moves the default: a working Saturday recorded by the administrator counts", async () => {
    // As governments do before Tết: a Saturday worked to make up for a bridging day off.
    await addAdjustment(t.db, { date: "2027-01-30", kind: "working_day", note: "Làm bù cho ngày nghỉ Tết (thử nghiệm)" }, ids.admin);
    const i = await inScreening();
    for (const v of await offeredDueDates(i.code)) expect(v).toBe("2027-02-18");
  });
});

describe("the help page", () => {
  it("states the default in working days, from the constant the assignment uses", async () => {
    const res = await get(app, "/help");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("mặc định 10 ngày làm việc kể từ khi được phân công");
  });
});
