/**
 * The administrators' outbox page through the real handler: what is dead, failing and waiting, with the last
 * error; "retry now" and "resend to a corrected address" (validated, audited, the original kept with its
 * history); other roles get 403 and change nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDue } from "../../app/models/outbox/sender.server";
import { smtpTransport } from "../../emails/transport.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { startSmtpSink } from "../setup/smtp";
import { signIn } from "./review-fixtures";
import { get, post } from "./staff-support";
import { unescapeHtml } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;
let admin: string;
let secretary: string;
const PAGE = "/staff/admin/outbox";

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
  secretary = await signIn(t.db, "secretary@example.org");
});
afterAll(() => t.cleanup());

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
let ids: Record<"dead" | "dead2" | "failed" | "inFlight" | "waiting" | "sent", number>;

beforeEach(async () => {
  await t.db.deleteFrom("outbox").execute();
  await t.db.deleteFrom("audit_log").execute();
  const row = async (to: string, extra: Record<string, unknown>) => {
    const r = await t.db
      .insertInto("outbox")
      .values({
        to_address: to,
        subject: `Biên nhận ${to}`,
        html: `<p>Biên nhận</p>`,
        text: "Biên nhận hồ sơ",
        created_at: ago(3_600_000),
        status: "pending",
        next_attempt_at: ago(3_600_000),
        ...extra,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return r.id;
  };
  ids = {
    dead: await row("nguyen.van.a@exmaple.vn", {
      status: "dead",
      attempts: 1,
      last_error_code: "550",
      last_error: "Recipient command failed: 550 5.1.1 User unknown",
    }),
    dead2: await row("tran.b@example.vn", {
      status: "dead",
      attempts: 25,
      last_error_code: "ECONNECTION",
      last_error: "Connection refused",
    }),
    failed: await row("le.c@example.vn", {
      attempts: 2,
      next_attempt_at: later(60_000),
      last_error_code: "ETIMEDOUT",
      last_error: "Greeting never received",
    }),
    inFlight: await row("pham.d@example.vn", {
      attempts: 1,
      last_error_code: "421",
      last_error: "Try again later",
      locked_until: later(120_000),
      lease_owner: "other-sender",
    }),
    waiting: await row("hoang.e@example.vn", { next_attempt_at: later(1_000) }),
    sent: await row("sent.f@example.vn", { status: "sent", attempts: 1, sent_at: ago(1_000) }),
  };
  await t.db
    .insertInto("outbox_attempts")
    .values({ outbox_id: ids.dead, at: ago(1_000), ok: 0, error: "550: Recipient command failed" })
    .execute();
});

const snapshot = async () => ({
  outbox: await t.db.selectFrom("outbox").selectAll().orderBy("id").execute(),
  audit: await t.db.selectFrom("audit_log").selectAll().execute(),
});

describe("the outbox page", () => {
  it("lists dead, failing and waiting messages with their last error, and is linked for administrators only", async () => {
    const res = await get(app, PAGE, admin);
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    expect(html).toContain('href="/staff/admin/outbox"');
    for (const to of ["nguyen.van.a@exmaple.vn", "tran.b@example.vn", "le.c@example.vn", "pham.d@example.vn", "hoang.e@example.vn"])
      expect(html).toContain(to);
    expect(html).not.toContain("sent.f@example.vn");
    expect(html).toContain("550");
    expect(html).toContain("User unknown");
    expect(html).toContain("ETIMEDOUT");
    expect(html).toContain("2 thư hỏng, 2 thư đang thử lại, 1 thư chờ gửi");
    expect(html).toContain("đang gửi");
    const en = unescapeHtml(await (await get(app, PAGE, admin, "en")).text());
    expect(en).toContain("2 dead, 2 retrying, 1 waiting");

    const queue = unescapeHtml(await (await get(app, "/staff", secretary)).text());
    expect(queue).not.toContain('href="/staff/admin/outbox"');
  });

  it("refuses other roles with 403, for reading and for acting, and changes nothing", async () => {
    const before = await snapshot();
    expect((await get(app, PAGE, secretary)).status).toBe(403);
    expect((await post(app, PAGE, secretary, { intent: "retry", id: String(ids.dead) })).status).toBe(403);
    expect((await post(app, PAGE, secretary, { intent: "resend", id: String(ids.dead), address: "ok@example.vn" })).status).toBe(403);
    expect((await get(app, PAGE)).status).toBe(302);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a bad address with 400 and a message in the user's language, and changes nothing", async () => {
    const before = await snapshot();
    for (const address of ["", "nguyen.van.a", "a@b", "x".repeat(250) + "@example.vn", "a b@example.vn"]) {
      const res = await post(app, PAGE, admin, { intent: "resend", id: String(ids.dead), address });
      expect(res.status, address).toBe(400);
      expect(unescapeHtml(await res.text())).toContain("Địa chỉ thư điện tử không hợp lệ.");
    }
    const en = await post(app, PAGE, admin, { intent: "resend", id: String(ids.dead), address: "nope" }, "en");
    expect(en.status).toBe(400);
    expect(unescapeHtml(await en.text())).toContain("The email address is not valid.");
    const nonsense = await post(app, PAGE, admin, { intent: "delete", id: String(ids.dead) });
    expect(nonsense.status).toBe(400);
    expect((await post(app, PAGE, admin, { intent: "retry", id: "abc" })).status).toBe(400);
    expect((await post(app, PAGE, admin, { intent: "retry", id: "999999" })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("resends a dead message to a corrected address: a new row goes out, the original keeps its history, both audited", async () => {
    const res = await post(app, PAGE, admin, { intent: "resend", id: String(ids.dead), address: "  nguyen.van.a@example.vn " });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^${PAGE}\\?done=resend&id=${ids.dead}&copy=\\d+$`));

    const original = await t.db.selectFrom("outbox").selectAll().where("id", "=", ids.dead).executeTakeFirstOrThrow();
    expect([original.status, original.attempts, original.last_error_code, original.to_address]).toEqual([
      "resent",
      1,
      "550",
      "nguyen.van.a@exmaple.vn",
    ]);
    expect(await t.db.selectFrom("outbox_attempts").select("error").where("outbox_id", "=", ids.dead).execute()).toHaveLength(1);
    const copy = await t.db.selectFrom("outbox").selectAll().where("id", "=", original.replaced_by!).executeTakeFirstOrThrow();
    expect([copy.status, copy.attempts, copy.to_address, copy.subject, copy.text]).toEqual([
      "pending",
      0,
      "nguyen.van.a@example.vn",
      original.subject,
      original.text,
    ]);

    const entries = await t.db.selectFrom("audit_log").selectAll().execute();
    expect(entries.map((e) => [e.action, e.target_type, e.target_id])).toEqual([["outbox.resend", "outbox", String(ids.dead)]]);
    expect(JSON.parse(entries[0].details)).toEqual({ copy: copy.id, from: "*@exmaple.vn", to: "*@example.vn", last_error_code: "550" });

    const page = unescapeHtml(await (await get(app, location, admin)).text());
    expect(page).toContain(`Đã tạo thư số ${copy.id} tới địa chỉ đã sửa; thư số ${ids.dead} được giữ lại trong lịch sử.`);
    expect(page).toContain(`gửi lại của thư số ${ids.dead}`);

    // The copy goes out; the original is not sent again.
    const sink = await startSmtpSink();
    try {
      await t.db.updateTable("outbox").set({ status: "sent" }).where("id", "in", [ids.failed, ids.inFlight, ids.waiting]).execute();
      expect(await deliverDue(t.db, smtpTransport(sink.url), "Sáng kiến CCHC <no-reply@example.org>")).toEqual({ sent: 1, failed: 0 });
      expect(sink.recipients()).toEqual(["nguyen.van.a@example.vn"]);
    } finally {
      await sink.close();
    }
    // A resent message cannot be resent or retried again.
    const again = await post(app, PAGE, admin, { intent: "resend", id: String(ids.dead), address: "other@example.vn" });
    expect(again.status).toBe(409);
    expect(unescapeHtml(await again.text())).toContain("Thư này đã được gửi hoặc đã được gửi lại");
  });

  it("retries a dead message now, audited; refuses one another sender is sending", async () => {
    const res = await post(app, PAGE, admin, { intent: "retry", id: String(ids.dead2) });
    expect(res.status).toBe(302);
    const row = await t.db.selectFrom("outbox").selectAll().where("id", "=", ids.dead2).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(25);
    expect(Date.parse(row.next_attempt_at)).toBeLessThanOrEqual(Date.now());
    const entries = await t.db.selectFrom("audit_log").selectAll().execute();
    expect(entries.map((e) => [e.action, e.target_id])).toEqual([["outbox.retry", String(ids.dead2)]]);

    const failed = await post(app, PAGE, admin, { intent: "retry", id: String(ids.failed) });
    expect(failed.status).toBe(302);
    expect(
      (await t.db.selectFrom("outbox").select("next_attempt_at").where("id", "=", ids.failed).executeTakeFirstOrThrow()).next_attempt_at <=
        new Date().toISOString(),
    ).toBe(true);

    const before = await snapshot();
    const busy = await post(app, PAGE, admin, { intent: "retry", id: String(ids.inFlight) }, "en");
    expect(busy.status).toBe(409);
    expect(unescapeHtml(await busy.text())).toContain("This message is being sent right now");
    expect((await post(app, PAGE, admin, { intent: "resend", id: String(ids.inFlight), address: "ok@example.vn" })).status).toBe(409);
    expect((await post(app, PAGE, admin, { intent: "retry", id: String(ids.sent) })).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });
});
