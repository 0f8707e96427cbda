import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPeriodicJobs } from "~/jobs.server";
import { createTestDb, type TestDb } from "../setup/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe("periodic jobs", () => {
  it("prune sign-in attempts and rate-limit hits older than a day, and keep recent ones", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const old = "2026-11-24T11:00:00.000Z";
    const recent = "2026-11-25T11:50:00.000Z";
    await t.db
      .insertInto("login_attempts")
      .values([
        { email: "a@example.org", ip: "203.0.113.1", at: old, success: 0 },
        { email: "a@example.org", ip: "203.0.113.1", at: recent, success: 0 },
      ])
      .execute();
    await t.db
      .insertInto("rate_hits")
      .values([
        { bucket: "submit:203.0.113.1", at: old },
        { bucket: "submit:203.0.113.1", at: recent },
      ])
      .execute();
    await runPeriodicJobs(t.db, now);
    await runPeriodicJobs(t.db, now);
    expect((await t.db.selectFrom("login_attempts").select("at").execute()).map((r) => r.at)).toEqual([recent]);
    expect((await t.db.selectFrom("rate_hits").select("at").execute()).map((r) => r.at)).toEqual([recent]);
  });
});
