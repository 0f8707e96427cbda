/**
 * Per-address limits under concurrency, through the real Remix handler on a real SQLite file: a slot is taken
 * atomically before the body is read, and given back when the request turns out invalid.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { submissionForm } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATA_DIR = path.join(t.dir, "data");
  // The default, stated here because the test depends on it.
  process.env.SUBMISSION_RATE_LIMIT = "10";
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

const count = async (table: "initiatives" | "rate_hits") =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Reads the body, so every render finishes instead of waiting for a reader until it is aborted. */
async function done(res: Promise<Response>): Promise<Response> {
  const r = await res;
  await r.arrayBuffer();
  return r;
}

const submit = (ip: string, overrides: Record<string, string | null> = {}) =>
  done(app.fetch("/submit", { method: "POST", body: submissionForm(overrides), ip, redirect: "manual" }));

const lookup = (ip: string, code = "SK-2020-000001") =>
  done(app.fetch("/track", { method: "POST", body: new URLSearchParams({ code, email: "x@example.com" }), ip, redirect: "manual" }));

describe("the submission limit under concurrency", () => {
  it("40 concurrent submissions from one address with a limit of 10: 10 accepted, 30 refused with 429", async () => {
    const before = await count("initiatives");
    const all = await Promise.all(Array.from({ length: 40 }, () => submit("192.0.2.40")));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect((await count("initiatives")) - before).toBe(10);
  });

  it("gives the slot back when a submission is invalid, so corrections never use up the limit", async () => {
    const ip = "192.0.2.41";
    // One after another: while in flight, an invalid submission holds its slot like any other.
    for (let i = 0; i < 15; i++) expect((await submit(ip, { title: "" })).status).toBe(400);
    const hits = await t.db.selectFrom("rate_hits").select("id").where("bucket", "=", `submit:${ip}`).execute();
    expect(hits).toHaveLength(0);
    const valid = await Promise.all(Array.from({ length: 12 }, () => submit(ip)));
    expect(valid.filter((r) => r.status === 302)).toHaveLength(10);
    expect(valid.filter((r) => r.status === 429)).toHaveLength(2);
  });
});

describe("the /track look-up limit under concurrency", () => {
  it("60 concurrent look-ups from one address: 20 answered, 40 refused with 429", async () => {
    const all = await Promise.all(Array.from({ length: 60 }, () => lookup("192.0.2.60")));
    expect(all.filter((r) => r.status === 302)).toHaveLength(20);
    expect(all.filter((r) => r.status === 429)).toHaveLength(40);
  });

  it("an invalid look-up form does not use up the limit", async () => {
    const ip = "192.0.2.61";
    for (let i = 0; i < 25; i++) expect((await lookup(ip, "not-a-code")).status).toBe(400);
    const valid = await Promise.all(Array.from({ length: 20 }, () => lookup(ip)));
    expect(valid.every((r) => r.status === 302)).toBe(true);
  });
});
