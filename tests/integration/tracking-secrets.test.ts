/**
 * The secrets of a submission, through the real Remix handler on a real SQLite file: a replayed submit key
 * never hands out another initiative's private link, the link's secret is not stored in the database,
 * sending the link again retires the old one, and links issued before the change keep working until then.
 */
import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import "~/i18n/sections/tracking";
import { dictionaryFor } from "~/i18n/index";
import { createDb, type DB } from "../../db/client";
import { deliverDue } from "../../app/models/outbox/sender.server";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { seed } from "../../db/seed/index";
import { createTestDb, type TestDb } from "../setup/db";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import { newSubmitKey, rowCounts, submissionForm, unescapeHtml } from "./submit-fixtures";

const vi = dictionaryFor("vi").tracking;

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATA_DIR = path.join(t.dir, "data");
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

function post(body: FormData, cookie = "", endpoint = "/submit") {
  return app.fetch(endpoint, { method: "POST", body, ip: freshIp(), headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

/** The code and secret the receipt cookie carries (what the confirmation page will show). */
function receiptOf(res: Response): { code: string; token: string } {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("sk_receipt="));
  expect(header, "a receipt cookie").toBeTruthy();
  const [code, token] = decodeURIComponent(header!.split(";")[0].slice("sk_receipt=".length)).split("~");
  return { code, token };
}

/** Everything a response gives its client: status line, headers and body. */
async function wholeResponse(res: Response): Promise<string> {
  return `${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${await res.text()}`;
}

const LINK = /\/track\/(SK-\d{4}-\d{6})\?t=([A-Za-z0-9_%-]+)/;

/** Delivers every pending email (as the server's sender does) and returns the texts that went to `address`. */
async function deliverTo(db: DB, address: string): Promise<string[]> {
  const sent: { to: string; text: string; html: string }[] = [];
  const transport = { send: async (m: { to: string; text: string; html: string }) => void sent.push(m) };
  while ((await deliverDue(db, transport, "test@example.org", new Date(), 100)).sent > 0);
  return sent.filter((m) => m.to === address).map((m) => `${m.text}\n${m.html}`);
}

const OTHER_CONTENT = {
  title: "Một sáng kiến hoàn toàn khác của người khác",
  problem: "Nội dung này không liên quan gì đến hồ sơ đầu tiên được gửi với cùng khóa.",
  "author.fullName": "Phạm Thị Mai",
  "author.email": "mai.pham@example.org",
};

describe("a replayed submit key", () => {
  it("with other content makes a new initiative with its own code, and never shows the first one's link", async () => {
    const key = newSubmitKey();
    const first = await post(submissionForm({}, [], key));
    expect(first.status).toBe(302);
    const a = receiptOf(first);
    const before = await rowCounts(t.db);

    const replay = await post(submissionForm(OTHER_CONTENT, [], key));
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toBe("/submit/received");
    const after = await rowCounts(t.db);
    expect(after.initiatives - before.initiatives).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);

    const replayText = await wholeResponse(replay.clone());
    expect(replayText).not.toContain(a.token);
    const b = receiptOf(replay);
    expect(b.code).not.toBe(a.code);
    expect(b.token).not.toBe(a.token);
    const page = await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(replay) } });
    expect(page.status).toBe(200);
    const html = unescapeHtml(await page.text());
    expect(html).toContain(b.code);
    expect(html).not.toContain(a.code);
    expect(html).not.toContain(a.token);
    expect(html).toContain(`/track/${b.code}?t=${b.token}`);
    // Each secret opens its own page only.
    expect((await app.fetch(`/track/${b.code}?t=${b.token}`)).status).toBe(200);
    expect((await app.fetch(`/track/${a.code}?t=${b.token}`)).status).toBe(404);
    const row = await t.db.selectFrom("initiatives").select(["title"]).where("code", "=", b.code).executeTakeFirstOrThrow();
    expect(row.title).toBe(OTHER_CONTENT.title);
    // The new content's receipt goes to its own author, not to the first one's.
    const mails = await deliverTo(t.db, OTHER_CONTENT["author.email"]);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`/track/${b.code}?t=${b.token}`);

    // That second content posted again with the same key (a double click) is its duplicate, not a third initiative.
    const again = await post(submissionForm(OTHER_CONTENT, [], key));
    expect(again.status).toBe(302);
    expect((await rowCounts(t.db)).initiatives).toBe(after.initiatives);
    const againPage = unescapeHtml(await (await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(again) } })).text());
    expect(againPage).toContain(b.code);
    expect(againPage).not.toContain(b.token);
  });

  it("with the same content answers 'already received' with the code and no secret to a browser without the receipt", async () => {
    const key = newSubmitKey();
    const first = await post(submissionForm({}, [], key));
    const a = receiptOf(first);
    const before = await rowCounts(t.db);

    const replay = await post(submissionForm({}, [], key));
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toBe("/submit/received");
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await wholeResponse(replay.clone())).not.toContain(a.token);

    const page = await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(replay) } });
    expect(page.status).toBe(200);
    const text = await wholeResponse(page);
    expect(text).not.toContain(a.token);
    expect(text).not.toMatch(LINK);
    const html = unescapeHtml(text);
    expect(html).toContain(a.code);
    expect(html).toContain(vi.received.duplicate);
    expect(html).toContain(vi.received.linkEmailed);

    // The enhanced form's endpoint answers the same way: no secret in its JSON or its headers.
    const json = await post(submissionForm({}, [], key), "", "/submit/upload");
    expect(json.status).toBe(200);
    const jsonText = await wholeResponse(json.clone());
    expect(jsonText).not.toContain(a.token);
    expect(await json.json()).toMatchObject({ ok: true, redirectTo: "/submit/received" });
    const jsonPage = unescapeHtml(await (await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(json) } })).text());
    expect(jsonPage).toContain(a.code);
    expect(jsonPage).not.toContain(a.token);
  });

  it("shows the private link again to the browser that holds the first submission's receipt", async () => {
    const key = newSubmitKey();
    const first = await post(submissionForm({}, [], key));
    const a = receiptOf(first);
    const jar = cookiesFrom(first);
    const replay = await post(submissionForm({}, [], key), jar);
    expect(replay.status).toBe(302);
    expect(await wholeResponse(replay.clone())).not.toContain(a.token);
    const page = await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(replay, jar) } });
    expect(page.status).toBe(200);
    const html = unescapeHtml(await page.text());
    expect(html).toContain(`/track/${a.code}?t=${a.token}`);
    expect(html).toContain(vi.received.duplicate);
  });

  it("lets a forged receipt cookie show nothing", async () => {
    const first = await post(submissionForm());
    const a = receiptOf(first);
    const forged = `sk_receipt=${encodeURIComponent(`${a.code}~${a.token.slice(0, -2)}xx`)}`;
    const page = await app.fetch("/submit/received", { headers: { Cookie: forged } });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(a.token);
  });
});

/** Every text value in every table, the outbox of emails (pending and sent) included. */
async function everyStoredText(db: DB): Promise<string[]> {
  // Both engines: every table the migrations made.
  const tables = await db.introspection.getTables();
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const r of rows.rows) for (const v of Object.values(r)) if (typeof v === "string") out.push(v);
  }
  return out;
}

describe("the private link's secret", () => {
  it("is stored nowhere: no text column of initiatives (or any other table, the emails included) holds it", async () => {
    const res = await post(submissionForm({ "author.email": "stored.nowhere@example.com" }));
    const a = receiptOf(res);
    for (const value of await everyStoredText(t.db)) expect(value).not.toContain(a.token);
    // The receipt email, built when it is sent, carries the working link; the sent row still does not.
    const mails = await deliverTo(t.db, "stored.nowhere@example.com");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`/track/${a.code}?t=${a.token}`);
    expect((await app.fetch(`/track/${a.code}?t=${a.token}`)).status).toBe(200);
    const row = await t.db.selectFrom("initiatives").selectAll().where("code", "=", a.code).executeTakeFirstOrThrow();
    const columns = Object.entries(row).filter(([, v]) => typeof v === "string");
    expect(columns.length).toBeGreaterThan(5);
    for (const [column, value] of columns) expect(value, column).not.toContain(a.token);
    for (const value of await everyStoredText(t.db)) expect(value).not.toContain(a.token);
  });
});

async function lookup(code: string, email: string) {
  const res = await app.fetch("/track", { method: "POST", body: new URLSearchParams({ code, email }), ip: freshIp(), redirect: "manual" });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/track?sent=1");
}

describe("sending the link again", () => {
  it("retires the old link: it answers 404, the new one opens, and the page says so", async () => {
    const email = "resend.me@example.com";
    const res = await post(submissionForm({ "author.email": email }));
    const a = receiptOf(res);
    const old = `/track/${a.code}?t=${a.token}`;
    expect((await app.fetch(old)).status).toBe(200);
    expect(await deliverTo(t.db, email)).toHaveLength(1);

    await lookup(a.code, email);
    const mails = await deliverTo(t.db, email);
    expect(mails).toHaveLength(1);
    const [, code, token] = LINK.exec(mails[0])!;
    expect(code).toBe(a.code);
    expect(token).not.toBe(a.token);
    expect((await app.fetch(old)).status).toBe(404);
    expect((await app.fetch(`/track/${code}?t=${token}`)).status).toBe(200);
    // The confirmation page's receipt held the old secret: it is retired too.
    expect((await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(res) } })).status).toBe(404);

    // Asked again within the hour: no mail, and the link just sent keeps working.
    await lookup(a.code, email);
    expect(await deliverTo(t.db, email)).toHaveLength(0);
    expect((await app.fetch(`/track/${code}?t=${token}`)).status).toBe(200);

    // A code and email that do not match change nothing.
    await lookup(a.code, "someone.else@example.com");
    expect((await app.fetch(`/track/${code}?t=${token}`)).status).toBe(200);

    const page = unescapeHtml(await (await app.fetch("/track")).text());
    expect(page).toContain(vi.track.resendNote);
  });
});

describe("a link issued before secrets were derived", () => {
  let legacy: { db: DB; app: TestApp } | undefined;
  afterAll(async () => {
    await legacy?.db.destroy();
  });

  it("still opens after the upgrade, is not stored in plain text, and stops when the link is sent again", async () => {
    // A database as it was before the change, holding a row written the old way.
    const file = path.join(t.dir, "legacy.sqlite");
    const db = createDb(`file:${file}`);
    const names = Object.keys(migrations).sort();
    const at = names.indexOf("0008_tracking_secrets");
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const before = at > 0 ? await migrator.migrateTo(names[at - 1]) : await migrator.migrateToLatest();
    expect(before.error).toBeUndefined();
    const oldToken = "LegacyTok3n_only-in-old-emails_Q7xW2pZ9";
    const code = "SK-2025-000042";
    const now = "2025-06-01T08:00:00.000Z";
    // Written through an untyped handle: the column it fills no longer exists in the app's types.
    const inserted = await (db as unknown as Kysely<any>)
      .insertInto("initiatives")
      .values({
        code,
        access_token: oldToken,
        submit_key: "legacy-form-key-0000000042",
        status: "submitted",
        version: 1,
        title: "Sáng kiến gửi trước khi nâng cấp",
        reform_area: "procedures",
        procedure_domain: null,
        scope_type: "city",
        agency_id: null,
        unit_id: null,
        problem: "Vấn đề được mô tả trước khi nâng cấp hệ thống.",
        solution: "Giải pháp được mô tả trước khi nâng cấp hệ thống.",
        benefit: "Lợi ích được mô tả trước khi nâng cấp hệ thống.",
        applied_before: 0,
        applied_at: null,
        confidential: "",
        author_type: "individual",
        consent_data: 1,
        consent_publish_name: 0,
        lang: "vi",
        submitted_at: now,
        due_on: "2025-09-01",
        updated_at: now,
        search_text: "",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    const email = "legacy.author@example.com";
    await db
      .insertInto("authors")
      .values({ initiative_id: id, position: 0, full_name: "Đỗ Văn Cũ", email, phone: null, organisation: null, share: 100 })
      .execute();
    // Its receipt, sent, and a status email still waiting to go out, each holding the old link.
    const oldUrl = `http://localhost:3000/track/${code}?t=${oldToken}`;
    for (const [status, subject] of [
      ["sent", "Biên nhận"],
      ["pending", "Trạng thái"],
    ] as const) {
      await db
        .insertInto("outbox")
        .values({
          to_address: email,
          subject,
          html: `<p><a href="${oldUrl}">${oldUrl}</a></p>`,
          text: `Mở: ${oldUrl}\n`,
          dedupe_key: `legacy:${status}`,
          created_at: now,
          status,
          next_attempt_at: now,
        })
        .execute();
    }

    await migrateToLatest(db);
    await seed(db, { demo: false, demoPassword: "demo-password" });
    const legacyApp = await createTestApp(db);
    legacy = { db, app: legacyApp };

    for (const value of await everyStoredText(db)) expect(value).not.toContain(oldToken);
    const oldLink = `/track/${code}?t=${oldToken}`;
    expect((await legacyApp.fetch(oldLink)).status).toBe(200);
    expect((await legacyApp.fetch(`/track/${code}?t=${oldToken}x`)).status).toBe(404);

    // The email that was waiting goes out with a link that works (the one derived for the current version).
    const pending = await deliverTo(db, email);
    expect(pending).toHaveLength(1);
    expect(pending[0]).not.toContain(oldToken);
    const [, pendingCode, pendingToken] = LINK.exec(pending[0])!;
    expect(pendingCode).toBe(code);
    expect((await legacyApp.fetch(`/track/${code}?t=${pendingToken}`)).status).toBe(200);

    const res = await legacyApp.fetch("/track", {
      method: "POST",
      body: new URLSearchParams({ code, email }),
      ip: freshIp(),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const mails = await deliverTo(db, email);
    expect(mails).toHaveLength(1);
    const [, mailedCode, token] = LINK.exec(mails[0])!;
    expect(mailedCode).toBe(code);
    expect(token).not.toBe(oldToken);
    expect((await legacyApp.fetch(oldLink)).status).toBe(404);
    expect((await legacyApp.fetch(`/track/${code}?t=${pendingToken}`)).status).toBe(404);
    expect((await legacyApp.fetch(`/track/${code}?t=${token}`)).status).toBe(200);
  });
});
