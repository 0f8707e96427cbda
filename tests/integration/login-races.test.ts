/**
 * Sign-in limits under concurrency, through the real Remix handler on a real SQLite file. Every attempt that
 * reaches the password check leaves one row in `login_attempts` (reserved before the check, settled after), so the
 * rows count the password verifications that ran.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, DEMO_PASSWORD, login, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;

beforeEach(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterEach(() => t.cleanup());

/** Reads the body, so every render finishes instead of waiting for a reader until it is aborted. */
async function done(res: Promise<Response>): Promise<Response> {
  const r = await res;
  await r.arrayBuffer();
  return r;
}

const attemptsOf = (email: string) => t.db.selectFrom("login_attempts").selectAll().where("email", "=", email).execute();
const sessionsOf = async (email: string) =>
  t.db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select("sessions.id")
    .where("users.email", "=", email)
    .execute();

describe("sign-in under concurrent attempts", () => {
  it("200 concurrent wrong passwords then the right one: not signed in, at most 5 verifications", { timeout: 120_000 }, async () => {
    const ip = "198.51.100.20";
    const wrong = await Promise.all(Array.from({ length: 200 }, (_, i) => done(login(app, ACCOUNTS.admin, `wrong-${i}`, { ip }))));
    const right = await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip });
    expect(right.status).toBe(429);
    expect(right.headers.get("Set-Cookie") ?? "").not.toMatch(/sk_staff=[^;]/);
    expect(await sessionsOf(ACCOUNTS.admin)).toHaveLength(0);

    const statuses = wrong.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
    const rows = await attemptsOf(ACCOUNTS.admin);
    expect(rows).toHaveLength(5);
    // every reservation was settled as a failure once its check had run
    expect(rows.every((r) => r.success === 0 && r.settled_at !== null)).toBe(true);
  });

  it("the right password among 200 concurrent wrong ones signs in at most once the limit allows it", { timeout: 120_000 }, async () => {
    const ip = "198.51.100.21";
    const all = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => done(login(app, ACCOUNTS.secretary, `wrong-${i}`, { ip }))),
      done(login(app, ACCOUNTS.secretary, DEMO_PASSWORD, { ip })),
      ...Array.from({ length: 100 }, (_, i) => done(login(app, ACCOUNTS.secretary, `wrong-b${i}`, { ip }))),
    ]);
    const rows = await attemptsOf(ACCOUNTS.secretary);
    expect(rows.length).toBeLessThanOrEqual(5);
    const verifiedOk = rows.filter((r) => r.success === 1).length;
    expect(all.filter((r) => r.status === 302)).toHaveLength(verifiedOk);
  });

  it("throttles the password change's current-password check the same way", { timeout: 60_000 }, async () => {
    const ip = "198.51.100.22";
    const cookie = await signIn(app, ACCOUNTS.chair, DEMO_PASSWORD, ip);
    const before = (await attemptsOf(ACCOUNTS.chair)).length;
    const started = Date.now();
    const tries = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        done(
          app.fetch("/staff/password", {
            method: "POST",
            ip,
            headers: { Cookie: cookie },
            body: new URLSearchParams({ current: `wrong-${i}`, next: "a-brand-new-passphrase", repeat: "a-brand-new-passphrase" }),
          }),
        ),
      ),
    );
    expect(tries.filter((r) => r.status === 400)).toHaveLength(5);
    expect(tries.filter((r) => r.status === 429)).toHaveLength(55);
    expect((await attemptsOf(ACCOUNTS.chair)).length - before).toBe(5);
    // the right current password is refused too while locked
    const right = await app.fetch("/staff/password", {
      method: "POST",
      ip,
      headers: { Cookie: cookie },
      body: new URLSearchParams({ current: DEMO_PASSWORD, next: "a-brand-new-passphrase", repeat: "a-brand-new-passphrase" }),
    });
    expect(right.status).toBe(429);
    // until the fifth failure leaves the 15-minute window: 900 s from a failure made since `started`
    const retryAfter = right.headers.get("Retry-After") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    const elapsed = Math.ceil((Date.now() - started) / 1000);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(900 - elapsed);
    expect(Number(retryAfter)).toBeLessThanOrEqual(900);
  });
});

describe("sign-in lockout is not a denial of service", () => {
  it("wrong passwords from one address do not lock the account out at another address", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 5; i++) expect((await login(app, ACCOUNTS.admin, `wrong-${i}`, { ip: "203.0.113.66" })).status).toBe(400);
    expect((await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "203.0.113.66" })).status).toBe(429);
    expect((await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.10" })).status).toBe(302);
  });

  it("above the account-wide threshold answers 429 with a Retry-After that doubles", { timeout: 120_000 }, async () => {
    // 20 failures spread over four addresses (five each, the most one address may make)
    for (let a = 0; a < 4; a++) {
      for (let i = 0; i < 5; i++) expect((await login(app, ACCOUNTS.admin, `w-${a}-${i}`, { ip: `203.0.113.${a + 1}` })).status).toBe(400);
    }
    const first = await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.77" });
    expect(first.status).toBe(429);
    const retry1 = Number(first.headers.get("Retry-After"));
    expect(retry1).toBeGreaterThan(0);
    expect(retry1).toBeLessThanOrEqual(60);
    expect((await attemptsOf(ACCOUNTS.admin)).length).toBe(20);

    // the block lapses; one more failure, and the next block is twice as long
    await t.db
      .updateTable("login_attempts")
      .set({ at: new Date(Date.now() - 61_000).toISOString() })
      .execute();
    expect((await login(app, ACCOUNTS.admin, "w-late", { ip: "203.0.113.9" })).status).toBe(400);
    const second = await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.77" });
    expect(second.status).toBe(429);
    const retry2 = Number(second.headers.get("Retry-After"));
    expect(retry2).toBeGreaterThan(60);
    expect(retry2).toBeLessThanOrEqual(120);

    await t.db
      .updateTable("login_attempts")
      .set({ at: new Date(Date.now() - 121_000).toISOString() })
      .execute();
    expect((await login(app, ACCOUNTS.admin, "w-later", { ip: "203.0.113.10" })).status).toBe(400);
    const third = await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.77" });
    expect(Number(third.headers.get("Retry-After"))).toBeGreaterThan(120);
    expect(Number(third.headers.get("Retry-After"))).toBeLessThanOrEqual(240);
    expect(await sessionsOf(ACCOUNTS.admin)).toHaveLength(0);

    // once the block lapses, the right password signs in and clears the account's count
    await t.db
      .updateTable("login_attempts")
      .set({ at: new Date(Date.now() - 241_000).toISOString() })
      .execute();
    expect((await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.77" })).status).toBe(302);
    expect((await login(app, ACCOUNTS.admin, "one-typo", { ip: "192.0.2.78" })).status).toBe(400);
  });

  it("npm run staff:unlock lifts the account-wide back-off", { timeout: 120_000 }, async () => {
    for (let a = 0; a < 4; a++) {
      for (let i = 0; i < 5; i++) await login(app, ACCOUNTS.admin, `w-${a}-${i}`, { ip: `203.0.113.${a + 20}` });
    }
    expect((await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.80" })).status).toBe(429);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "db/cli.ts", "staff:unlock", "--email", ACCOUNTS.admin],
      {
        cwd: path.resolve("."),
        env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: "test" },
      },
    );
    expect(stdout).toContain("20 failed attempts");
    expect((await login(app, ACCOUNTS.admin, DEMO_PASSWORD, { ip: "192.0.2.80" })).status).toBe(302);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("action", "=", "user.unlock")
      .executeTakeFirst();
    expect(entry).toEqual({ action: "user.unlock", actor_user_id: null });
  });
});
