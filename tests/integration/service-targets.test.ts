/**
 * The service targets in working days (docs/decisions/037-service-targets-and-ratings.md), through the real handler:
 * the target for screening to start, as the citizen's private page and the secretary's worklist show it, across a
 * weekend, Tết (with its substitute days) and a compensatory working Saturday an administrator recorded. The
 * expected dates are counted by hand from the 2026–2027 calendars.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/tracked";
import "~/i18n/sections/timeliness";
import { dictionaryFor } from "~/i18n/index";
import { formatDate } from "~/utils/dates";
import { getTimeliness } from "~/models/public/timeliness.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn } from "./review-fixtures";
import { moves, receivedOn } from "./timeliness-fixtures";

let t: TestDb;
let app: TestApp;
const tt = dictionaryFor("vi").tracked;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

async function privatePage(id: number) {
  const row = await t.db.selectFrom("initiatives").select(["code", "link_version"]).where("id", "=", id).executeTakeFirstOrThrow();
  const res = await app.fetch(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`);
  expect(res.status).toBe(200);
  return res.text();
}

async function target(id: number) {
  return (await t.db.selectFrom("service_times").select("ack_target_on").where("initiative_id", "=", id).executeTakeFirstOrThrow())
    .ack_target_on;
}

describe("the demo data", () => {
  it("has on-time and late cases of both kinds, and ratings with a comment answered", async () => {
    const f = await getTimeliness(t.db);
    for (const tally of [f.acknowledged, f.decided]) {
      expect(tally.onTime).toBeGreaterThan(0);
      expect(tally.measured - tally.onTime).toBeGreaterThan(0);
    }
    expect(f.ratings.count).toBeGreaterThan(3);
    expect(await t.db.selectFrom("rating_replies").select("id").execute()).toHaveLength(1);
  });
});

describe("the target for screening to start (3 working days after receipt)", () => {
  it("skips a weekend: received on Friday 27 November 2026, due Wednesday 2 December", async () => {
    const id = await receivedOn(t.db, "2026-11-27");
    expect(await target(id)).toBe("2026-12-02");
    expect(await privatePage(id)).toContain(tt.stages.expected.start(formatDate("2026-12-02", "vi")));
  });

  it("skips Tết and its substitute days: received Thursday 4 February 2027, due Tuesday 16 February", async () => {
    // Tết 2027 is 5–9 February; 6 and 7 February fall on a weekend, made up on the 10th and 11th.
    const id = await receivedOn(t.db, "2027-02-04");
    expect(await target(id)).toBe("2027-02-16");
    expect(await privatePage(id)).toContain(tt.stages.expected.start(formatDate("2027-02-16", "vi")));
  });

  it("skips the substitute day of a holiday on a Saturday: received Thursday 29 April 2027, due Thursday 6 May", async () => {
    // 30 April (Friday) and 1 May (Saturday) are holidays; 1 May is made up on Monday 3 May.
    const id = await receivedOn(t.db, "2027-04-29");
    expect(await target(id)).toBe("2027-05-06");
  });

  it("counts a compensatory working Saturday an administrator recorded", async () => {
    const before = await receivedOn(t.db, "2027-05-05");
    expect(await target(before)).toBe("2027-05-10");
    await t.db
      .insertInto("working_day_adjustments")
      .values({
        date: "2027-05-08",
        kind: "working_day",
        note: "Làm bù theo thông báo",
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const after = await receivedOn(t.db, "2027-05-05");
    expect(await target(after)).toBe("2027-05-08");
    expect(await privatePage(after)).toContain(tt.stages.expected.start(formatDate("2027-05-08", "vi")));
  });

  it("once screening started, the page shows screening's own target and the reply window of a request in working days", async () => {
    const id = await receivedOn(t.db, "2027-02-03");
    // Requested on Wednesday 3 February 2027: 10 working days after Tết's seven days off is 24 February.
    await moves(t.db, id, [
      ["screening", "2027-02-03"],
      ["needs_info", "2027-02-03"],
    ]);
    expect(await privatePage(id)).toContain(tt.stages.expected.reply(formatDate("2027-02-24", "vi")));
  });
});

describe("the staff worklist", () => {
  it("shows each waiting case's target with its kind, and marks a missed one", async () => {
    const late = await receivedOn(t.db, "2026-03-02");
    const secretary = await signIn(t.db, "secretary@example.org");
    const html = await (await app.fetch("/staff?view=needs", { headers: { Cookie: secretary } })).text();
    const code = (await t.db.selectFrom("initiatives").select("code").where("id", "=", late).executeTakeFirstOrThrow()).code;
    const row = html.slice(html.indexOf(`data-code="${code}"`));
    const badge = /<span class="([^"]*)" data-badge="target" data-target="([a-z_]+)">([^<]*)/.exec(row.slice(0, row.indexOf("</tr>")));
    expect(badge?.[2]).toBe("screening_start");
    expect(badge?.[1]).toBe("badge overdue");
    const w = dictionaryFor("vi").timeliness.worklist;
    // Received Monday 2 March 2026: three working days later is Thursday 5 March.
    expect(badge?.[3]).toContain(w.by(formatDate("2026-03-05", "vi"), w.kinds.screening_start));
  });
});
