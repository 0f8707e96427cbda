/**
 * The private tracking page and the "send me my link" form, through the real Remix handler on a real
 * SQLite file: secrets, the timeline meant for the submitter, answering a request, withdrawing, documents.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import "~/i18n/sections/tracking";
import { dictionaryFor } from "~/i18n/index";

const dictionaries = { vi: dictionaryFor("vi"), en: dictionaryFor("en") };
import { transition } from "~/models/initiative/lifecycle.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import { exeBytes, listFiles, pdfBytes, rowCounts, sha256, submissionForm, unescapeHtml } from "./submit-fixtures";
import { putFile, storedBytes } from "../setup/files";
import { expectErrorSummary } from "./form-summary";

let t: TestDb;
let app: TestApp;
let dataDir: string;
const vi = dictionaries.vi;
const page = vi.tracking.track.page;

beforeAll(async () => {
  t = await createTestDb();
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ip = 0;
async function submit(overrides: Record<string, string | null> = {}) {
  const res = await app.fetch("/submit", { method: "POST", body: submissionForm(overrides), ip: `203.0.113.${++ip}`, redirect: "manual" });
  expect(res.status).toBe(302);
  const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  const token = trackingToken(row.code, row.link_version);
  return { ...row, token, link: `/track/${row.code}?t=${token}` };
}

function form(values: Record<string, string>) {
  return new URLSearchParams(values);
}

describe("the private page", () => {
  it("answers 404 to a wrong, missing or other initiative's secret", async () => {
    const a = await submit();
    const b = await submit();
    expect((await app.fetch(a.link)).status).toBe(200);
    expect((await app.fetch(`/track/${a.code}`)).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}?t=`)).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}?t=${a.token}x`)).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}?t=${b.token}`)).status).toBe(404);
    expect((await app.fetch(`/track/SK-1999-000001?t=${a.token}`)).status).toBe(404);
    expect((await app.fetch(`/track/nonsense?t=${a.token}`)).status).toBe(404);
    const post = await app.fetch(`/track/${a.code}?t=wrong`, { method: "POST", body: form({ intent: "withdraw", version: "1" }) });
    expect(post.status).toBe(404);
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", a.id).executeTakeFirstOrThrow()).status).toBe(
      "submitted",
    );
  });

  it("shows the status in words, the due date and only the events meant for the submitter", async () => {
    const a = await submit();
    await transition(t.db, { initiativeId: a.id, to: "screening", actor: "secretary" });
    await t.db
      .insertInto("events")
      .values({
        initiative_id: a.id,
        at: new Date().toISOString(),
        actor_type: "staff",
        actor_user_id: null,
        from_status: null,
        to_status: null,
        kind: "note",
        message: "Nội bộ: nghi trùng lặp",
        visibility: "staff",
      })
      .execute();
    const res = await app.fetch(a.link);
    expect(res.headers.get("Cache-Control")).toMatch(/no-store/);
    // no Referer to other sites; not "no-referrer", under which forms posted without JavaScript carry `Origin: null`
    expect(res.headers.get("Referrer-Policy")).toBe("same-origin");
    const html = unescapeHtml(await res.text());
    expect(html).toContain(vi.common.status.screening);
    expect(html).toContain(page.kinds.submitted);
    expect(html).toContain(page.statusChange(vi.common.status.screening));
    expect(html).toContain(a.due_on.split("-").reverse().join("/"));
    expect(html).not.toContain("Nội bộ");
    expect(html).not.toContain("Số liệu nội bộ của phường"); // the confidential field is not echoed either
  });

  it("lets the submitter answer a request for information, with a file, which returns it to screening", async () => {
    const a = await submit();
    await transition(t.db, { initiativeId: a.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: a.id, to: "needs_info", actor: "secretary", message: "Đề nghị bổ sung số liệu năm 2025." });
    let html = unescapeHtml(await (await app.fetch(a.link)).text());
    expect(html).toContain(page.request);
    expect(html).toContain("Đề nghị bổ sung số liệu năm 2025.");
    const version = Number(/name="version" value="(\d+)"/.exec(html)![1]);

    // An empty answer and a wrong file: 400, nothing written, nothing stored.
    const counts = await rowCounts(t.db);
    const files = listFiles(dataDir);
    const bad = new FormData();
    bad.set("intent", "reply");
    bad.set("version", String(version));
    bad.set("message", " \u200B ");
    bad.append("files", new File([new Uint8Array(exeBytes())], "số liệu.pdf"));
    const refused = await app.fetch(a.link, { method: "POST", body: bad });
    expect(refused.status).toBe(400);
    html = unescapeHtml(await refused.text());
    expect(html).toContain(vi.citizen.validation.required);
    expect(html).toContain(vi.citizen.validation.fileType("số liệu.pdf"));
    // The message's field comes first on the page, so first in the summary; each error is tied to its field.
    expectErrorSummary(html, ["f-message", "f-files"]);
    expect(await rowCounts(t.db)).toEqual(counts);
    expect(listFiles(dataDir)).toEqual(files);

    const pdf = pdfBytes("bổ sung");
    const good = new FormData();
    good.set("intent", "reply");
    good.set("version", String(version));
    good.set("message", "Số liệu năm 2025: 1.240 hồ sơ.");
    good.append("files", new File([new Uint8Array(pdf)], "số liệu 2025.pdf", { type: "application/pdf" }));
    const answered = await app.fetch(a.link, { method: "POST", body: good, redirect: "manual" });
    expect(answered.status).toBe(302);
    expect(answered.headers.get("Location")).toBe(a.link);
    const row = await t.db.selectFrom("initiatives").select(["status", "version"]).where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("screening");
    const event = await t.db
      .selectFrom("events")
      .selectAll()
      .where("initiative_id", "=", a.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect([event.kind, event.actor_type, event.from_status, event.to_status, event.message]).toEqual([
      "reply",
      "submitter",
      "needs_info",
      "screening",
      "Số liệu năm 2025: 1.240 hồ sơ.",
    ]);
    const attachment = await t.db.selectFrom("attachments").selectAll().where("event_id", "=", event.id).executeTakeFirstOrThrow();
    expect([attachment.purpose, attachment.filename, attachment.sha256]).toEqual(["reply", "số liệu 2025.pdf", sha256(pdf)]);
    expect(await storedBytes(t.db, dataDir, sha256(pdf))).toEqual(pdf);

    // The flash notice shows once.
    html = unescapeHtml(await (await app.fetch(a.link, { headers: { Cookie: cookiesFrom(answered) } })).text());
    expect(html).toContain(page.replySent);
    expect(html).not.toContain(page.request);
    // The same answer posted again (a stale page) is refused with 409 and changes nothing.
    const again = await app.fetch(a.link, { method: "POST", body: good });
    expect(again.status).toBe(409);
    expect(unescapeHtml(await again.text())).toContain(page.stale);
    expect((await t.db.selectFrom("initiatives").select("version").where("id", "=", a.id).executeTakeFirstOrThrow()).version).toBe(
      row.version,
    );
  });

  it("withdraws only after a confirmation step, and only while the procedure is open", async () => {
    const a = await submit();
    let html = await (await app.fetch(a.link)).text();
    expect(html).toContain('value="confirm-withdraw"');
    const step = await app.fetch(a.link, { method: "POST", body: form({ intent: "confirm-withdraw", version: "1" }) });
    expect(step.status).toBe(200);
    html = unescapeHtml(await step.text());
    expect(html).toContain(page.withdrawConfirmTitle);
    expect(html).toContain('value="withdraw"');
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", a.id).executeTakeFirstOrThrow()).status).toBe(
      "submitted",
    );

    const done = await app.fetch(a.link, { method: "POST", body: form({ intent: "withdraw", version: "1" }), redirect: "manual" });
    expect(done.status).toBe(302);
    const row = await t.db.selectFrom("initiatives").select("status").where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    html = unescapeHtml(await (await app.fetch(a.link)).text());
    expect(html).toContain(vi.common.status.withdrawn);
    expect(html).not.toContain('value="confirm-withdraw"');
    const twice = await app.fetch(a.link, { method: "POST", body: form({ intent: "withdraw", version: "2" }) });
    expect(twice.status).toBe(409);
  });

  it("offers decision documents for download behind the secret", async () => {
    const a = await submit();
    const b = await submit();
    const pdf = pdfBytes("quyết định");
    await putFile(t.db, dataDir, pdf);
    const at = new Date().toISOString();
    const inserted = await t.db
      .insertInto("attachments")
      .values({
        initiative_id: a.id,
        event_id: null,
        purpose: "decision",
        sha256: sha256(pdf),
        filename: "Quyết định số 12.pdf",
        mime: "application/pdf",
        size: pdf.length,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const html = unescapeHtml(await (await app.fetch(a.link)).text());
    const href = `/track/${a.code}/files/${inserted.id}?t=${a.token}`;
    expect(html).toContain(href);
    expect(html).toContain(page.purpose.decision);
    const res = await app.fetch(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toContain("filename*=UTF-8''Quy%E1%BA%BFt");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(pdf);
    expect((await app.fetch(`/track/${a.code}/files/${inserted.id}?t=wrong`)).status).toBe(404);
    expect((await app.fetch(`/track/${b.code}/files/${inserted.id}?t=${b.token}`)).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}/files/999999?t=${a.token}`)).status).toBe(404);
  });

  it("prints without the forms and buttons", async () => {
    const css = fs.readFileSync("public/styles.css", "utf8");
    expect(css).toMatch(/@media print[^}]*\.no-print/);
    const html = await (await app.fetch((await submit()).link)).text();
    expect(html).toMatch(/<section[^>]*class="no-print"/);
  });
});

describe("asking for the link again", () => {
  const lookup = (code: string, email: string, from = "198.18.0.1") =>
    app.fetch("/track", { method: "POST", body: form({ code, email }), ip: from, redirect: "manual" });

  it("sends the link when code and email match, and answers the same when they do not", async () => {
    const a = await submit({ "author.email": "Chi.Le@Example.com" });
    const outbox = async () => await t.db.selectFrom("outbox").select(["to_address", "text", "dedupe_key"]).orderBy("id", "desc").execute();
    const before = (await outbox()).length;

    const miss = await lookup(a.code, "someone@example.com");
    const wrongCode = await lookup("SK-1999-000042", "chi.le@example.com");
    expect((await outbox()).length).toBe(before);
    const hit = await lookup(a.code.toLowerCase(), " chi.le@example.com ");
    for (const res of [miss, wrongCode, hit]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/track?sent=1");
    }
    const mails = await outbox();
    expect(mails.length).toBe(before + 1);
    expect(mails[0].to_address).toBe("Chi.Le@Example.com");
    // The queued email holds the link without its secret; the sender derives it for the new link version,
    // which replaces the old one (docs/decisions/012-tracking-links.md).
    expect(mails[0].text).toContain(`/track/${a.code}?t={tracking-token}`);
    expect(mails[0].text).not.toContain(a.token);
    // Asked again within the hour: no second mail (no inbox flooding), same answer.
    expect((await lookup(a.code, "chi.le@example.com")).status).toBe(302);
    expect((await outbox()).length).toBe(before + 1);
    const sent = unescapeHtml(await (await app.fetch("/track?sent=1")).text());
    expect(sent).toContain(vi.tracking.track.sent);
  });

  it("shows format errors next to the fields", async () => {
    const res = await app.fetch("/track", { method: "POST", body: form({ code: "12345", email: "" }), ip: "198.18.0.9" });
    expect(res.status).toBe(400);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(vi.tracking.track.codeInvalid);
    expect(html).toContain('aria-invalid="true"');
  });

  it("gives an empty field one message: 'required', not also 'invalid'", async () => {
    const res = await app.fetch("/track", { method: "POST", body: form({ code: "", email: " " }), ip: "198.18.0.10" });
    expect(res.status).toBe(400);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(vi.citizen.validation.required);
    expect(html).not.toContain(vi.tracking.track.codeInvalid);
    expect(html).not.toContain(vi.citizen.validation.email);
  });

  it("limits look-ups per address with 429", async () => {
    const from = "198.18.0.77";
    for (let i = 0; i < 20; i++) expect((await lookup("SK-2020-000001", "x@example.com", from)).status).toBe(302);
    const res = await app.fetch("/track", {
      method: "POST",
      body: form({ code: "SK-2020-000001", email: "x@example.com" }),
      ip: from,
      headers: { Cookie: "lang=en" },
    });
    expect(res.status).toBe(429);
    expect(unescapeHtml(await res.text())).toContain(dictionaries.en.tracking.track.rateLimited);
  });
});
