/**
 * Retention on the demo's rejected, withdrawn and not-recognised initiatives: the dry run reports and changes
 * nothing, the real run anonymises the people (the same function as an erasure) and deletes the files of
 * not-recognised ones, with one audit row per initiative, and a second run finds nothing; the daily job runs once a
 * Hà Nội day; `npm run privacy:retention` prints the same plan.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodicJobs } from "~/jobs.server";
import { ANONYMOUS_NAME } from "~/models/privacy/anonymise.server";
import { dailyRetention, retentionPlan, runRetention, type RetentionPolicy } from "~/models/privacy/retention.server";
import { addMonths, hanoiDate, startOfHanoiDay } from "~/utils/clock";
import { createTestDb, type TestDb } from "../setup/db";
import { putFile, storedBytes } from "../setup/files";
import { runScript } from "../setup/run-script";
import { pdfBytes } from "./submit-fixtures";
import type { Status } from "~/domain/vocabulary";

const POLICY: RetentionPolicy = { anonymiseAfter: { rejected: 24, withdrawn: 24 }, deleteFilesAfter: { not_recognised: 24 } };

let t: TestDb;
let dataDir: string;
beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
});
afterAll(() => t.cleanup());

const idsOf = (status: Status) =>
  t.db
    .selectFrom("initiatives")
    .select("id")
    .where("status", "=", status)
    .orderBy("id")
    .execute()
    .then((rows) => rows.map((r) => r.id));

async function attach(id: number, text: string) {
  const file = await putFile(t.db, dataDir, pdfBytes(text));
  await t.db
    .insertInto("attachments")
    .values({
      initiative_id: id,
      event_id: null,
      purpose: "submission",
      sha256: file.sha256,
      filename: "a.pdf",
      mime: "application/pdf",
      size: file.size,
      created_at: new Date().toISOString(),
    })
    .execute();
  return file.sha256;
}

const snapshot = async () => ({
  authors: await t.db.selectFrom("authors").selectAll().orderBy("id").execute(),
  attachments: await t.db.selectFrom("attachments").selectAll().orderBy("id").execute(),
  audit: await t.db.selectFrom("audit_log").selectAll().orderBy("id").execute(),
  initiatives: await t.db.selectFrom("initiatives").selectAll().orderBy("id").execute(),
});

describe("retention", () => {
  it("dry run reports, the real run does it once, a second run finds nothing", async () => {
    const [rejected, withdrawn, notRecognised, published] = await Promise.all(
      (["rejected", "withdrawn", "not_recognised", "published"] as const).map(idsOf),
    );
    expect(rejected.length).toBeGreaterThan(0);
    expect(withdrawn.length).toBeGreaterThan(0);
    const rejectedFile = await attach(rejected[0], "từ chối");
    const notRecognisedFile = await attach(notRecognised[0], "không công nhận");
    const publishedFile = await attach(published[0], "công bố");

    // Not yet: the demo's decisions are months old, the periods 24 months.
    expect(await retentionPlan(t.db, new Date(), POLICY)).toEqual([]);

    const later = new Date(Date.now() + 30 * 31 * 86_400_000);
    const before = await snapshot();
    const dry = await runRetention(t.db, { now: later, dryRun: true, policy: POLICY });
    expect(dry.done).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const anonymise = dry.planned.filter((p) => p.action === "anonymise").map((p) => p.id);
    expect(anonymise.sort((a, b) => a - b)).toEqual([...rejected, ...withdrawn].sort((a, b) => a - b));
    expect(dry.planned.filter((p) => p.action === "delete_files")).toEqual([
      expect.objectContaining({ id: notRecognised[0], status: "not_recognised", files: 1 }),
    ]);

    const real = await runRetention(t.db, { now: later, policy: POLICY });
    expect(real.done).toEqual(dry.planned);
    for (const id of [...rejected, ...withdrawn]) {
      const people = await t.db.selectFrom("authors").selectAll().where("initiative_id", "=", id).execute();
      for (const p of people) expect(p).toMatchObject({ full_name: ANONYMOUS_NAME, email: null, phone: null, organisation: null });
      const audit = await t.db
        .selectFrom("audit_log")
        .selectAll()
        .where("target_id", "=", String(id))
        .where("action", "=", "privacy.retention.anonymise")
        .execute();
      expect(audit).toHaveLength(1);
    }
    expect(
      await t.db.selectFrom("attachments").select("id").where("initiative_id", "in", [rejected[0], notRecognised[0]]).execute(),
    ).toEqual([]);
    expect(await storedBytes(t.db, dataDir, rejectedFile)).toBeNull();
    expect(await storedBytes(t.db, dataDir, notRecognisedFile)).toBeNull();
    // Not recognised: only the files go; the people stay until a request or another rule says otherwise.
    const nr = await t.db.selectFrom("authors").select("full_name").where("initiative_id", "=", notRecognised[0]).executeTakeFirstOrThrow();
    expect(nr.full_name).not.toBe(ANONYMOUS_NAME);
    expect(
      await t.db
        .selectFrom("audit_log")
        .select("id")
        .where("target_id", "=", String(notRecognised[0]))
        .where("action", "=", "privacy.retention.files")
        .execute(),
    ).toHaveLength(1);
    // A recognition is kept whole.
    expect(await storedBytes(t.db, dataDir, publishedFile)).not.toBeNull();
    expect(
      (await t.db.selectFrom("authors").select("full_name").where("initiative_id", "=", published[0]).executeTakeFirstOrThrow()).full_name,
    ).not.toBe(ANONYMOUS_NAME);

    const afterFirst = await snapshot();
    const again = await runRetention(t.db, { now: later, policy: POLICY });
    expect(again).toEqual({ planned: [], done: [] });
    expect(await snapshot()).toEqual(afterFirst);
  });

  it("counts the period from the day the initiative entered its status, in Hà Nội", async () => {
    const [id] = await idsOf("withdrawn");
    const since = await t.db
      .selectFrom("events")
      .select((e) => e.fn.max("at").as("at"))
      .where("initiative_id", "=", id)
      .where("to_status", "=", "withdrawn")
      .executeTakeFirstOrThrow();
    const entered = hanoiDate(new Date(since.at!));
    const policy: RetentionPolicy = { anonymiseAfter: { withdrawn: 6 }, deleteFilesAfter: {} };
    // 6 months later the same Hà Nội day: not yet; the next day: due.
    const sameDay = startOfHanoiDay(addMonths(entered, 6));
    const nextDay = startOfHanoiDay(addMonths(entered, 6));
    nextDay.setUTCDate(nextDay.getUTCDate() + 1);
    await t.db.updateTable("initiatives").set({ anonymised_at: null }).where("id", "=", id).execute();
    expect((await retentionPlan(t.db, sameDay, policy)).map((p) => p.id)).not.toContain(id);
    expect((await retentionPlan(t.db, nextDay, policy)).map((p) => p.id)).toContain(id);
  });

  it("is a periodic job that runs once a Hà Nội day", async () => {
    expect(periodicJobs.map((j) => j.name)).toContain("privacy-retention");
    const day = new Date("2031-03-10T02:00:00Z");
    expect((await dailyRetention(t.db, day)).ran).toBe(true);
    expect((await dailyRetention(t.db, new Date("2031-03-10T16:00:00Z"))).ran).toBe(false);
    // 17:00 UTC is midnight in Hà Nội: the next day.
    expect((await dailyRetention(t.db, new Date("2031-03-10T17:00:00Z"))).ran).toBe(true);
  });
});

describe("npm run privacy:retention", () => {
  let u: TestDb;
  beforeAll(async () => {
    u = await createTestDb({ withDemo: true });
  });
  afterAll(() => u.cleanup());

  it("prints the plan with --dry-run and changes nothing; without it, does it", async () => {
    const env = {
      DATABASE_URL: u.url,
      DATA_DIR: path.join(u.dir, "data"),
      RETENTION_REJECTED_MONTHS: "1",
      RETENTION_WITHDRAWN_MONTHS: "1",
      RETENTION_NOT_RECOGNISED_FILES_MONTHS: "1",
      NODE_ENV: "test",
    };
    const policy: RetentionPolicy = { anonymiseAfter: { rejected: 1, withdrawn: 1 }, deleteFilesAfter: { not_recognised: 1 } };
    const expected = await retentionPlan(u.db, new Date(), policy);
    expect(expected.length).toBeGreaterThan(0);
    const script = "db/operations/privacy-retention.ts";
    const dry = await runScript(script, ["--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Retention periods in months: rejected 1, withdrawn 1, not recognised (files) 1");
    expect(dry.stdout).toContain("dry run");
    for (const item of expected) expect(dry.stdout).toContain(item.code);
    expect(await u.db.selectFrom("initiatives").select("id").where("anonymised_at", "is not", null).execute()).toEqual([]);

    const real = await runScript(script, [], env);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain("Done:");
    for (const item of expected.filter((i) => i.action === "anonymise")) {
      const row = await u.db.selectFrom("initiatives").select("anonymised_at").where("id", "=", item.id).executeTakeFirstOrThrow();
      expect(row.anonymised_at, item.code).not.toBeNull();
    }
    const third = await runScript(script, ["--dry-run"], env);
    expect(third.stdout).toContain("Nothing is due (dry run).");
  });
});
