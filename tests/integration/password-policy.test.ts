/**
 * The staff password policy through the password change form (the real handler) and through the models and the
 * operator command that set passwords: a common or guessable password is refused with a message in the user's
 * language and nothing is written.
 */
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import "~/i18n/sections/staff";
import { dictionaryFor } from "~/i18n/index";
import { changeOwnPassword, createUser } from "~/models/staff/users.server";
import { WeakPasswordError } from "~/utils/password-policy.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, DEMO_PASSWORD, login, post, signIn } from "./staff-support";
import { unescapeHtml } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;
beforeEach(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterEach(() => t.cleanup());

const vi = dictionaryFor("vi").staff;
const en = dictionaryFor("en").staff;

const stateOf = async (email: string) => {
  const user = await t.db.selectFrom("users").select(["id", "password_hash"]).where("email", "=", email).executeTakeFirstOrThrow();
  const audits = await t.db.selectFrom("audit_log").select("id").where("action", "=", "user.password_change").execute();
  const sessions = await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
  return { hash: user.password_hash, audits: audits.length, sessions: sessions.length };
};

describe("changing one's password", () => {
  it("refuses common and guessable passwords with the reason, in the user's language, and changes nothing", async () => {
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const before = await stateOf(ACCOUNTS.secretary);
    const cases: Array<[string, "vi" | "en", string]> = [
      ["matkhau123456", "vi", vi.passwordPolicy.common],
      ["Matkhau@2026", "en", en.passwordPolicy.common],
      ["123456a@123456", "vi", vi.passwordPolicy.common],
      ["Sáng kiến CCHC 2026", "vi", vi.passwordPolicy.common],
      ["demo-password-1", "en", en.passwordPolicy.common],
      ["Password1234", "en", en.passwordPolicy.common],
      ["123456789012", "vi", vi.passwordPolicy.common],
      ["zzzzzzzzzzzzzz", "vi", vi.passwordPolicy.sameCharacter],
      ["zzzzzzzzzzzzzz", "en", en.passwordPolicy.sameCharacter],
      ["ngắn quá", "vi", vi.password.tooShort],
    ];
    for (const [next, lang, message] of cases) {
      const res = await post(app, "/staff/password", cookie, { current: DEMO_PASSWORD, next, repeat: next }, lang);
      expect(res.status, next).toBe(400);
      const html = unescapeHtml(await res.text());
      expect(html, next).toContain(message);
      expect(html).toMatch(/aria-describedby="f-next-hint f-next-error"/);
    }
    expect(await stateOf(ACCOUNTS.secretary)).toEqual(before);
    expect((await login(app, ACCOUNTS.secretary, DEMO_PASSWORD)).status).toBe(302);
  });

  it("accepts a phrase of one's own", async () => {
    const cookie = await signIn(app, ACCOUNTS.chair);
    const next = "mưa rơi trên phố cổ";
    const res = await post(app, "/staff/password", cookie, { current: DEMO_PASSWORD, next, repeat: next });
    expect(res.status).toBe(302);
    expect((await login(app, ACCOUNTS.chair, next)).status).toBe(302);
  });
});

describe("the models under every way of setting a password", () => {
  it("refuse a weak password even when a caller skips the form", async () => {
    const me = await t.db
      .selectFrom("users")
      .select(["id", "password_hash"])
      .where("email", "=", ACCOUNTS.reviewer)
      .executeTakeFirstOrThrow();
    await expect(changeOwnPassword(t.db, me.id, "matkhau123456", null)).rejects.toBeInstanceOf(WeakPasswordError);
    const after = await t.db.selectFrom("users").select("password_hash").where("id", "=", me.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(me.password_hash);

    await expect(
      createUser(t.db, { email: "weak@example.org", name: "Weak", roles: ["secretary"], password: "aaaaaaaaaaaaaaaa", actorUserId: null }),
    ).rejects.toBeInstanceOf(WeakPasswordError);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", "weak@example.org").executeTakeFirst()).toBeUndefined();
    // a one-time password (no password given) is random and still works
    const created = await createUser(t.db, { email: "ok@example.org", name: "Ok", roles: ["secretary"], actorUserId: null });
    expect(created.password.length).toBeGreaterThanOrEqual(12);
  });
});

describe("npm run staff:create with STAFF_PASSWORD", () => {
  const run = (password: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "db/cli.ts", "staff:create", "--email", "ops@example.org", "--role", "admin"], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: "development", STAFF_PASSWORD: password },
      encoding: "utf8",
    });

  it("refuses a common password with the reason and creates nothing", async () => {
    const res = run("Matkhau123456");
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(`STAFF_PASSWORD is refused: ${en.passwordPolicy.common}`);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", "ops@example.org").executeTakeFirst()).toBeUndefined();
  }, 60_000);

  it("creates the account with a good one", async () => {
    const res = run("tàu xanh bốn mươi hai");
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", "ops@example.org").executeTakeFirst()).toBeDefined();
  }, 60_000);
});
