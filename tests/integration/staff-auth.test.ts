import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import { SelfChangeError, setUserActive, setUserRoles } from "~/models/staff/users.server";
import { ACCOUNTS, expectLoginRedirect, get, login, post, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;

beforeEach(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterEach(() => t.cleanup());

const sessionsOf = async (email: string) =>
  t.db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select("sessions.id")
    .where("users.email", "=", email)
    .execute();

describe("staff sign-in", () => {
  it("sends an anonymous visitor to the login page and back afterwards", async () => {
    const res = await get(app, "/staff?status=screening");
    expectLoginRedirect(res, "/staff?status=screening");
    const page = await get(app, "/staff/login?redirectTo=%2Fstaff%3Fstatus%3Dscreening");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Đăng nhập dành cho cán bộ");
    expect(html).toContain('value="/staff?status=screening"');

    const ok = await login(app, ACCOUNTS.secretary, undefined, { redirectTo: "/staff?status=screening" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/staff?status=screening");
    const setCookie = ok.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^sk_staff=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const queue = await get(app, "/staff?status=screening", cookiesFrom(ok));
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain("Nguyễn Thị Thư Ký");
  });

  it("never redirects off the site after sign-in", async () => {
    // A browser drops tabs from a URL and reads a backslash as "/": "/\t/evil.example" would leave the site.
    for (const target of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example/x", "/\t\\evil.example"]) {
      const res = await login(app, ACCOUNTS.secretary, undefined, { redirectTo: target });
      expect(res.headers.get("Location")).toBe("/staff");
    }
  });

  it("keeps only a hash of the random session id on the server", async () => {
    const cookie = await signIn(app, ACCOUNTS.chair);
    const raw = decodeURIComponent(cookie.split("sk_staff=")[1]);
    const rows = await sessionsOf(ACCOUNTS.chair);
    expect(rows).toHaveLength(1);
    expect(raw).not.toContain(rows[0].id);
    // the cookie is signed: its value is the id plus a signature; tampering with it is refused
    const tampered = cookie.replace(/sk_staff=./, (m) => m.slice(0, -1) + (m.endsWith("A") ? "B" : "A"));
    expectLoginRedirect(await get(app, "/staff", tampered), "/staff");
  });

  it("refuses wrong passwords with a clear message, in the user's language", async () => {
    const vi = await login(app, ACCOUNTS.secretary, "wrong-password");
    expect(vi.status).toBe(400);
    expect(await vi.text()).toContain("Thư điện tử hoặc mật khẩu không đúng.");
    const en = await app.fetch("/staff/login", {
      method: "POST",
      body: new URLSearchParams({ email: "nobody@example.org", password: "x" }),
      headers: { Cookie: "lang=en" },
    });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("The email or password is not correct.");
    const empty = await app.fetch("/staff/login", { method: "POST", body: new URLSearchParams({ email: "", password: "" }) });
    expect(empty.status).toBe(400);
  });

  // Changed on purpose: the lock is per (account, address) pair, so wrong passwords from elsewhere cannot lock
  // the owner out; the account-wide back-off and concurrency are in login-races.test.ts.
  it("locks an account at one address after 5 failures in 15 minutes; other addresses are not locked", async () => {
    const ip = "198.51.100.1";
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      const res = await login(app, ACCOUNTS.secretary, `wrong-${i}`, { ip });
      expect(res.status).toBe(400);
    }
    const locked = await login(app, ACCOUNTS.secretary, undefined, { ip });
    expect(locked.status).toBe(429);
    // until the fifth failure leaves the 15-minute window: 900 s from a failure made since `started`
    const retryAfter = locked.headers.get("Retry-After") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(900 - Math.ceil((Date.now() - started) / 1000));
    expect(Number(retryAfter)).toBeLessThanOrEqual(900);
    expect(await locked.text()).toMatch(/Đăng nhập sai quá nhiều lần[^<]*15 phút/);
    expect(await sessionsOf(ACCOUNTS.secretary)).toHaveLength(0);
    // another account at the same address is not affected, nor the same account at another address
    expect((await login(app, ACCOUNTS.chair, undefined, { ip })).status).toBe(302);
    expect((await login(app, ACCOUNTS.secretary, undefined, { ip: "198.51.100.99" })).status).toBe(302);
    // the lock lifts when the failures leave the 15-minute window
    await t.db
      .updateTable("login_attempts")
      .set({ at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .execute();
    expect((await login(app, ACCOUNTS.secretary, undefined, { ip })).status).toBe(302);
  });

  it("locks an address after 30 failures in 15 minutes, whatever the accounts", { timeout: 120_000 }, async () => {
    const ip = "192.0.2.44";
    for (let i = 0; i < 30; i++) expect((await login(app, `guess${i}@example.org`, "x", { ip })).status).toBe(400);
    const locked = await login(app, ACCOUNTS.chair, undefined, { ip });
    expect(locked.status).toBe(429);
    expect((await login(app, ACCOUNTS.chair, undefined, { ip: "192.0.2.45" })).status).toBe(302);
  });

  it("rotates the session id at sign-in and drops the old one", async () => {
    const first = await signIn(app, ACCOUNTS.secretary);
    const second = await login(app, ACCOUNTS.secretary, undefined, { cookie: first });
    const fresh = cookiesFrom(second);
    expect(fresh).not.toBe(first);
    expect(await sessionsOf(ACCOUNTS.secretary)).toHaveLength(1);
    expectLoginRedirect(await get(app, "/staff", first), "/staff");
    expect((await get(app, "/staff", fresh)).status).toBe(200);
  });

  it("ends the session at once on logout", async () => {
    const cookie = await signIn(app, ACCOUNTS.chair);
    // a GET does not sign out (a link on another site must not)
    expect((await get(app, "/staff/logout", cookie)).status).toBe(302);
    expect((await get(app, "/staff", cookie)).status).toBe(200);
    const out = await post(app, "/staff/logout", cookie, {});
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/staff/login");
    expect(out.headers.get("Set-Cookie")).toMatch(/sk_staff=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect(await sessionsOf(ACCOUNTS.chair)).toHaveLength(0);
    expectLoginRedirect(await get(app, "/staff", cookie), "/staff");
  });

  it("ends a user's sessions at once when an administrator changes their roles or deactivates them", async () => {
    const admin = await signIn(app, ACCOUNTS.admin);
    const secretary = await signIn(app, ACCOUNTS.secretary);
    const code = (await t.db.selectFrom("initiatives").select("code").where("status", "=", "screening").executeTakeFirstOrThrow()).code;
    expect((await get(app, `/staff/initiatives/${code}`, secretary)).status).toBe(200);
    const user = await t.db.selectFrom("users").select("id").where("email", "=", ACCOUNTS.secretary).executeTakeFirstOrThrow();

    const re = await post(app, "/staff/admin/users", admin, { intent: "roles", userId: String(user.id), role: ["reviewer"] });
    expect(re.status).toBe(200);
    expectLoginRedirect(await get(app, `/staff/initiatives/${code}`, secretary), `/staff/initiatives/${code}`);
    // signed in again, the new role applies: a reviewer may not open the full submission
    const asReviewer = await signIn(app, ACCOUNTS.secretary);
    expect((await get(app, `/staff/initiatives/${code}`, asReviewer)).status).toBe(403);

    const off = await post(app, "/staff/admin/users", admin, { intent: "deactivate", userId: String(user.id) });
    expect(off.status).toBe(200);
    expectLoginRedirect(await get(app, "/staff", asReviewer), "/staff");
    expect((await login(app, ACCOUNTS.secretary)).status).toBe(400);

    const on = await post(app, "/staff/admin/users", admin, { intent: "reactivate", userId: String(user.id) });
    expect(on.status).toBe(200);
    expect((await login(app, ACCOUNTS.secretary)).status).toBe(302);

    const actions = (
      await t.db
        .selectFrom("audit_log")
        .select("action")
        .where("target_type", "=", "user")
        .where("target_id", "=", String(user.id))
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual(["user.roles", "user.deactivate", "user.reactivate"]);
  });

  it("ends sessions that have expired", async () => {
    const cookie = await signIn(app, ACCOUNTS.chair);
    await t.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expectLoginRedirect(await get(app, "/staff", cookie), "/staff");
  });

  it("creates an account with a one-time password that must be changed at the first sign-in", async () => {
    const admin = await signIn(app, ACCOUNTS.admin);
    const created = await post(app, "/staff/admin/users", admin, {
      intent: "create",
      name: "Đặng Thu Hà",
      email: "Ha.Dang@Example.org",
      role: ["secretary", "chair"],
    });
    expect(created.status).toBe(200);
    const html = await created.text();
    const password = /data-one-time-password="?[^>]*>([^<]+)</.exec(html)?.[1];
    expect(password).toBeTruthy();
    const row = await t.db.selectFrom("users").selectAll().where("email", "=", "ha.dang@example.org").executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(1);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(password!);
    // the list never shows it again
    expect(await (await get(app, "/staff/admin/users", admin)).text()).not.toContain(password!);

    const dup = await post(app, "/staff/admin/users", admin, { intent: "create", name: "X", email: "ha.dang@example.org", role: "chair" });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("Thư điện tử này đã có tài khoản.");
    const noRole = await post(app, "/staff/admin/users", admin, { intent: "create", name: "Y", email: "y@example.org" });
    expect(noRole.status).toBe(400);

    const first = await login(app, "ha.dang@example.org", password!, { redirectTo: "/staff?status=council" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/staff/password?redirectTo=%2Fstaff%3Fstatus%3Dcouncil");
    const cookie = cookiesFrom(first);
    const forced = await get(app, "/staff", cookie);
    expect(forced.status).toBe(302);
    expect(forced.headers.get("Location")).toMatch(/^\/staff\/password\?redirectTo=/);
    const page = await get(app, "/staff/password", cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("mật khẩu một lần");

    const short = await post(app, "/staff/password", cookie, { current: password!, next: "short", repeat: "short" });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain("ít nhất 12 ký tự");
    expect(shortHtml).toMatch(
      /aria-invalid="true"[^>]*aria-describedby="f-next-hint f-next-error"|aria-describedby="f-next-hint f-next-error"[^>]*aria-invalid="true"/,
    );
    const mismatch = await post(app, "/staff/password", cookie, {
      current: password!,
      next: "a long enough phrase",
      repeat: "a long enough phrasE",
    });
    expect(mismatch.status).toBe(400);
    const wrong = await post(app, "/staff/password", cookie, {
      current: "not-it",
      next: "a long enough phrase",
      repeat: "a long enough phrase",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Mật khẩu hiện tại không đúng.");

    const other = await signIn(app, "ha.dang@example.org", password!);
    const done = await post(app, "/staff/password", cookie, {
      current: password!,
      next: "a long enough phrase",
      repeat: "a long enough phrase",
      redirectTo: "/staff?status=council",
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/staff?status=council&password=changed");
    const renewed = cookiesFrom(done, cookie);
    expect((await get(app, "/staff?status=council", renewed)).status).toBe(200);
    // the password change ended every other session, and the one it was made from got a new id
    expectLoginRedirect(await get(app, "/staff", other), "/staff");
    expectLoginRedirect(await get(app, "/staff", cookie), "/staff");
    expect(
      (await t.db.selectFrom("users").select("must_change_password").where("id", "=", row.id).executeTakeFirstOrThrow())
        .must_change_password,
    ).toBe(0);
    expect((await login(app, "ha.dang@example.org", "a long enough phrase")).status).toBe(302);

    // a reset issues a new one-time password and ends the sessions again
    const reset = await post(app, "/staff/admin/users", admin, { intent: "reset", userId: String(row.id) });
    const again = /data-one-time-password="?[^>]*>([^<]+)</.exec(await reset.text())?.[1];
    expect(again).toBeTruthy();
    expectLoginRedirect(await get(app, "/staff", renewed), "/staff");
    expect((await login(app, "ha.dang@example.org", "a long enough phrase")).status).toBe(400);
    const third = await login(app, "ha.dang@example.org", again!);
    expect(third.headers.get("Location")).toMatch(/^\/staff\/password/);

    const actions = (
      await t.db.selectFrom("audit_log").select("action").where("target_id", "=", String(row.id)).orderBy("id").execute()
    ).map((r) => r.action);
    expect(actions).toEqual(["user.create", "user.password_change", "user.password_reset"]);
  });

  it("does not let an administrator lock themselves out", async () => {
    const admin = await signIn(app, ACCOUNTS.admin);
    const me = await t.db.selectFrom("users").select("id").where("email", "=", ACCOUNTS.admin).executeTakeFirstOrThrow();
    expect((await post(app, "/staff/admin/users", admin, { intent: "roles", userId: String(me.id), role: "secretary" })).status).toBe(400);
    const off = await post(app, "/staff/admin/users", admin, { intent: "deactivate", userId: String(me.id) });
    expect(off.status).toBe(400);
    expect(await off.text()).toContain("Bạn không thể tự khóa hoặc bỏ vai trò quản trị của chính mình.");
    expect((await get(app, "/staff/admin/users", admin)).status).toBe(200);
    // The rule is the model's: a caller other than this page is refused too, and nothing is written.
    await expect(setUserRoles(t.db, me.id, ["secretary"], me.id)).rejects.toBeInstanceOf(SelfChangeError);
    await expect(setUserActive(t.db, me.id, false, me.id)).rejects.toBeInstanceOf(SelfChangeError);
    const roles = await t.db.selectFrom("user_roles").select("role").where("user_id", "=", me.id).execute();
    expect(roles.map((r) => r.role)).toContain("admin");
    const written = await t.db.selectFrom("audit_log").select("action").where("target_id", "=", String(me.id)).execute();
    expect(written.map((r) => r.action)).not.toContain("user.roles");
    // Adding a role to oneself while keeping the administrator's is fine.
    await setUserRoles(t.db, me.id, ["admin", "secretary"], me.id);
  });
});

describe("one lookup of the signed-in user per request", () => {
  it("the staff layout and the page share it, and a new request looks up again (a sign-out shows at once)", async () => {
    let lookups = 0;
    const counted = t.db.withPlugin({
      transformQuery(args) {
        const from = (args.node as { from?: { froms?: { table?: { identifier?: { name?: string } } }[] } }).from;
        if (from?.froms?.some((f) => f.table?.identifier?.name === "sessions")) lookups++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const counting = await createTestApp(counted);
    const res = await get(counting, "/staff", cookie);
    expect(res.status).toBe(200);
    expect(lookups).toBe(1);
    await t.db.deleteFrom("sessions").execute();
    expectLoginRedirect(await get(counting, "/staff", cookie), "/staff");
    expect(lookups).toBe(2);
  });
});
