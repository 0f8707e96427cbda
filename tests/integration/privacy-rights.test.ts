/**
 * The submitter's rights from the private tracking page, through the real Remix handler on a real database:
 * the data download (a zip read back with yauzl), correcting the contact details with an email change confirmed
 * from the new address, requests that become staff work due in 2 working days and are answered by email, erasure
 * (a recognised initiative keeps its decision, certificate and content) and restriction.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/rights";
import { dictionaryFor } from "~/i18n/index";
import { transition } from "~/models/initiative/lifecycle.server";
import { listPrivacyRequests, makeRequest } from "~/models/privacy/rights.server";
import { ANONYMOUS_NAME } from "~/models/privacy/anonymise.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { putFile, storedBytes } from "../setup/files";
import { pdfBytes, submissionForm, unescapeHtml } from "./submit-fixtures";
import { ACCOUNTS, get, post, signIn } from "./staff-support";
import { linkOf, unzip } from "./privacy-fixtures";

const vi = dictionaryFor("vi").rights;
let t: TestDb;
let app: TestApp;
let dataDir: string;
let secretary: string;

beforeAll(async () => {
  // Set before the build first reads its environment (each test file runs in its own process).
  Object.assign(process.env, {
    RETENTION_REJECTED_MONTHS: "18",
    RETENTION_WITHDRAWN_MONTHS: "30",
    RETENTION_NOT_RECOGNISED_FILES_MONTHS: "0",
  });
  t = await createTestDb({ withDemo: true });
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
  secretary = await signIn(app, ACCOUNTS.secretary);
});
afterAll(() => t.cleanup());

let ip = 0;
async function submit(files: [string, Buffer][] = [], overrides: Record<string, string> = {}) {
  const res = await app.fetch("/submit", {
    method: "POST",
    body: submissionForm(overrides, files),
    ip: `198.51.100.${++ip}`,
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  const row = await t.db.selectFrom("initiatives").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
  return { id: row.id, ...(await linkOf(t.db, row.id)) };
}

const author = (id: number) =>
  t.db.selectFrom("authors").selectAll().where("initiative_id", "=", id).where("position", "=", 0).executeTakeFirstOrThrow();
const mailTo = (address: string) => t.db.selectFrom("outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
const auditOf = (id: number, action: string) =>
  t.db.selectFrom("audit_log").selectAll().where("target_id", "=", String(id)).where("action", "=", action).execute();

describe("download my data", () => {
  it("is a zip of data.json with every field, the visible history and the consents, and the attachments' bytes", async () => {
    const pdf = pdfBytes("dữ liệu của tôi");
    const a = await submit([["Đề xuất chi tiết.pdf", pdf]]);
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
        message: "Ghi chú nội bộ không dành cho người gửi",
        visibility: "staff",
      })
      .execute();

    const res = await app.fetch(`/track/${a.code}/data.zip${a.q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toContain(`${a.code}-du-lieu.zip`);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(entries.get("data.json")!.toString("utf8"));
    const row = await t.db.selectFrom("initiatives").selectAll().where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(data.initiative).toMatchObject({
      code: a.code,
      title: row.title,
      problem: row.problem,
      solution: row.solution,
      status: "submitted",
    });
    // Every field of the row but the secrets of the link and the form.
    for (const key of Object.keys(row)) {
      if (["submit_key", "legacy_token_hash", "link_version", "content_hash", "search_text"].includes(key)) {
        expect(data.initiative, key).not.toHaveProperty(key);
      } else expect(data.initiative, key).toHaveProperty(key);
    }
    const me = await author(a.id);
    expect(data.people[0]).toMatchObject({ role: "submitter", full_name: me.full_name, email: me.email, phone: me.phone });
    expect(data.consents).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: "handling", given: true })]));
    expect(data.history.map((e: { kind: string }) => e.kind)).not.toContain("note");
    expect(JSON.stringify(data)).not.toContain("Ghi chú nội bộ");
    expect(data.attachments).toHaveLength(1);
    expect(entries.get(data.attachments[0].path)!.equals(pdf)).toBe(true);
    expect(await auditOf(a.id, "privacy.data.download")).toHaveLength(1);
  });

  it("answers 404 without the right secret", async () => {
    const a = await submit();
    expect((await app.fetch(`/track/${a.code}/data.zip`)).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}/data.zip?t=${a.token}x`)).status).toBe(404);
    expect(await auditOf(a.id, "privacy.data.download")).toHaveLength(0);
  });
});

describe("correcting the contact details", () => {
  it("saves name, phone and organisation at once; a new email only once the link sent to it is followed", async () => {
    const a = await submit();
    const before = await author(a.id);
    const rightsPage = await app.fetch(`/track/${a.code}/rights${a.q}`);
    expect(rightsPage.status).toBe(200);
    expect(await rightsPage.text()).toContain(before.email!);

    const res = await app.fetch(`/track/${a.code}/rights${a.q}`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        intent: "contact",
        fullName: "Trần Văn Mới",
        email: "moi@example.net",
        phone: "0987 654 321",
        organisation: "",
      }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/track/${a.code}${a.q}&rights=email`);
    const now = await author(a.id);
    expect(now).toMatchObject({ full_name: "Trần Văn Mới", phone: "0987654321", email: before.email });

    const [confirm] = await mailTo("moi@example.net");
    expect(confirm.subject).toContain(a.code);
    const link = /\/track\/[^"\s]+\/confirm-email\?k=[\w-]+/.exec(unescapeHtml(confirm.text))![0];
    const shown = await app.fetch(link);
    expect(shown.status).toBe(200);
    // Opening the link changes nothing (a mail scanner follows links): the button does.
    expect((await author(a.id)).email).toBe(before.email);
    const key = new URL(link, "http://x").searchParams.get("k")!;
    const ok = await app.fetch(link, { method: "POST", body: new URLSearchParams({ k: key }) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(vi.confirm.done("moi@example.net"));
    expect((await author(a.id)).email).toBe("moi@example.net");
    const told = await mailTo(before.email!);
    expect(told.map((m) => m.subject)).toContainEqual(expect.stringContaining("Địa chỉ thư điện tử của hồ sơ đã thay đổi"));
    expect(told.find((m) => m.subject.includes("đã thay đổi"))!.text).toContain("moi@example.net");

    // Used once.
    expect((await app.fetch(link, { method: "POST", body: new URLSearchParams({ k: key }) })).status).toBe(404);
    expect((await app.fetch(`/track/${a.code}/confirm-email?k=nonsense`)).status).toBe(404);
    expect((await auditOf(a.id, "privacy.contact.correct"))[0].details).toBe(JSON.stringify({ fields: ["fullName", "phone"] }));
    expect(await auditOf(a.id, "privacy.email.confirm")).toHaveLength(1);
  });

  it("refuses a wrong phone or email with 400 in Vietnamese and changes nothing", async () => {
    const a = await submit();
    const before = await author(a.id);
    const res = await app.fetch(`/track/${a.code}/rights${a.q}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "contact", fullName: "Tên Khác", email: "not-an-email", phone: "12345", organisation: "" }),
    });
    expect(res.status).toBe(400);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(vi.errors.phone);
    expect(html).toContain(vi.errors.email);
    expect(await author(a.id)).toEqual(before);
    const outboxRows = await t.db.selectFrom("outbox").select("id").where("to_address", "=", "not-an-email").execute();
    expect(outboxRows).toHaveLength(0);
  });
});

describe("requests about one's data", () => {
  it("is due 2 working days later on the calendar: a Friday before a substitute holiday gives the Wednesday", async () => {
    const a = await submit();
    // Friday 24 April 2026, 10:00 in Hà Nội; Sunday 26 April is Hùng Kings' day, so Monday 27 is off.
    const { dueOn } = await makeRequest(t.db, { initiativeId: a.id, kind: "objection", reason: "", now: new Date("2026-04-24T03:00:00Z") });
    expect(dueOn).toBe("2026-04-29");
    const listOnTuesday = await listPrivacyRequests(t.db, new Date("2026-04-28T03:00:00Z"));
    expect(listOnTuesday.open.find((r) => r.code === a.code)).toMatchObject({ due_on: "2026-04-29", overdue: false });
    const listOnThursday = await listPrivacyRequests(t.db, new Date("2026-04-30T03:00:00Z"));
    expect(listOnThursday.open.find((r) => r.code === a.code)).toMatchObject({ overdue: true });
  });

  it("goes from the tracking page to the staff list, is acknowledged and answered by email, and shows on the page", async () => {
    const a = await submit();
    const me = await author(a.id);
    const res = await app.fetch(`/track/${a.code}/rights${a.q}`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ intent: "request", kind: "restriction", reason: "Tôi không muốn nhận thêm thư." }),
    });
    expect(res.status).toBe(302);
    const request = await t.db.selectFrom("privacy_requests").selectAll().where("initiative_id", "=", a.id).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ kind: "restriction", status: "pending", reason: "Tôi không muốn nhận thêm thư." });
    expect((await mailTo(me.email!)).map((m) => m.subject)).toContainEqual(`[${a.code}] Đã nhận yêu cầu về dữ liệu cá nhân`);
    expect(await auditOf(a.id, "privacy.request")).toHaveLength(1);

    // A second one of the same kind while the first waits: refused, in Vietnamese.
    const again = await app.fetch(`/track/${a.code}/rights${a.q}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "request", kind: "restriction" }),
    });
    expect(again.status).toBe(409);
    expect(unescapeHtml(await again.text())).toContain(vi.errors.already_pending);

    const list = await get(app, "/staff/privacy-requests", secretary);
    expect(list.status).toBe(200);
    const html = unescapeHtml(await list.text());
    expect(html).toContain(a.code);
    expect(html).toContain("Tôi không muốn nhận thêm thư.");

    const reviewer = await signIn(app, ACCOUNTS.reviewer);
    expect(
      (await post(app, "/staff/privacy-requests", reviewer, { id: String(request.id), decision: "granted", answer: "Đồng ý" })).status,
    ).toBe(403);

    const noReason = await post(app, "/staff/privacy-requests", secretary, { id: String(request.id), decision: "granted", answer: "" });
    expect(noReason.status).toBe(400);
    expect(unescapeHtml(await noReason.text())).toContain(vi.errors.answer_required);

    const answered = await post(app, "/staff/privacy-requests", secretary, {
      id: String(request.id),
      decision: "granted",
      answer: "Chúng tôi chỉ liên hệ bạn về yêu cầu này.",
    });
    expect(answered.status).toBe(302);
    expect(
      await t.db.selectFrom("privacy_requests").select(["status", "answer"]).where("id", "=", request.id).executeTakeFirstOrThrow(),
    ).toEqual({
      status: "granted",
      answer: "Chúng tôi chỉ liên hệ bạn về yêu cầu này.",
    });
    const answerMail = (await mailTo(me.email!)).find((m) => m.dedupe_key === `privacy-answer:${request.id}`)!;
    expect(answerMail.text).toContain("Chúng tôi chỉ liên hệ bạn về yêu cầu này.");
    const page = unescapeHtml(await (await app.fetch(a.page)).text());
    expect(page).toContain(vi.statuses.granted);
    expect(page).toContain("Chúng tôi chỉ liên hệ bạn về yêu cầu này.");
    expect(page).toContain(vi.track.restricted);

    // Restricted: staff no longer see the contact data, and a status change mails nobody.
    const staffPage = unescapeHtml(await (await get(app, `/staff/initiatives/${a.code}`, secretary)).text());
    expect(staffPage).not.toContain(me.email!);
    const mailsBefore = (await mailTo(me.email!)).length;
    await transition(t.db, { initiativeId: a.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: a.id, to: "rejected", actor: "secretary", message: "Không thuộc phạm vi." });
    expect(await mailTo(me.email!)).toHaveLength(mailsBefore);

    // Answered once.
    const twice = await post(app, "/staff/privacy-requests", secretary, { id: String(request.id), decision: "refused", answer: "Đổi ý" });
    expect(twice.status).toBe(409);
  });
});

describe("erasure", () => {
  it("of a recognised initiative anonymises the people and keeps the decision, the certificate, the content and the files", async () => {
    // The demo's pending erasure request is on a published initiative.
    const request = await t.db
      .selectFrom("privacy_requests")
      .innerJoin("initiatives", "initiatives.id", "privacy_requests.initiative_id")
      .select(["privacy_requests.id", "initiatives.id as initiative_id", "initiatives.status"])
      .where("privacy_requests.kind", "=", "erasure")
      .where("privacy_requests.status", "=", "pending")
      .executeTakeFirstOrThrow();
    expect(request.status).toBe("published");
    const id = request.initiative_id;
    await t.db.updateTable("publications").set({ author_name: "Nguyễn Văn An" }).where("initiative_id", "=", id).execute();
    await t.db
      .insertInto("authors")
      .values({
        initiative_id: id,
        position: 1,
        full_name: "Hoàng Thị Mai",
        email: "mai@example.net",
        phone: null,
        organisation: null,
        share: 10,
      })
      .execute();
    const file = await putFile(t.db, dataDir, pdfBytes("bản gốc"));
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
    const before = await t.db.selectFrom("initiatives").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const decision = await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", id).executeTakeFirstOrThrow();
    expect(decision.certificate_number).toMatch(/^CN-/);
    const email = (await author(id)).email!;
    await t.db
      .insertInto("outbox")
      .values({
        to_address: email,
        subject: "cũ",
        html: "",
        text: "",
        dedupe_key: null,
        created_at: new Date().toISOString(),
        status: "sent",
        next_attempt_at: new Date().toISOString(),
        locked_until: null,
        sent_at: new Date().toISOString(),
        last_error: null,
        lease_owner: null,
        last_error_code: null,
        replaced_by: null,
      })
      .execute();

    const res = await post(app, "/staff/privacy-requests", secretary, {
      id: String(request.id),
      decision: "granted",
      answer: "Đã xóa dữ liệu cá nhân của bạn.",
    });
    expect(res.status).toBe(302);

    const people = await t.db.selectFrom("authors").selectAll().where("initiative_id", "=", id).orderBy("position").execute();
    expect(people.length).toBe(2);
    for (const p of people) expect(p).toMatchObject({ full_name: ANONYMOUS_NAME, email: null, phone: null, organisation: null });
    const publication = await t.db.selectFrom("publications").selectAll().where("initiative_id", "=", id).executeTakeFirstOrThrow();
    expect(publication.author_name).toBeNull();
    expect(publication.certificate_number).toBe(decision.certificate_number);
    expect(await t.db.selectFrom("decisions").selectAll().where("initiative_id", "=", id).executeTakeFirstOrThrow()).toEqual(decision);
    const after = await t.db.selectFrom("initiatives").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      title: before.title,
      problem: before.problem,
      solution: before.solution,
      benefit: before.benefit,
      status: "published",
    });
    expect(after.anonymised_at).not.toBeNull();
    // Recognised: the files are part of the record kept.
    expect(await t.db.selectFrom("attachments").select("id").where("initiative_id", "=", id).execute()).toHaveLength(1);
    expect(await storedBytes(t.db, dataDir, file.sha256)).not.toBeNull();
    // The old mail to the address is gone; the answer, the last message, goes to it.
    const mail = await mailTo(email);
    expect(mail.map((m) => m.dedupe_key)).toEqual([`privacy-answer:${request.id}`]);
    expect(mail[0].text).toContain("giấy chứng nhận");
    expect(await auditOf(id, "privacy.erasure")).toHaveLength(1);
    // The public page no longer names the author.
    const publicPage = await app.fetch(`/initiatives/${publication.slug}`);
    expect(await publicPage.text()).not.toContain("Nguyễn Văn An");
    // The tracking page still opens (the link is the credential) and says so.
    const tracked = unescapeHtml(await (await app.fetch((await linkOf(t.db, id)).page)).text());
    expect(tracked).toContain(vi.track.anonymised);
  });

  it("of a rejected initiative also deletes the files the submitter sent, from the rows and the store", async () => {
    const pdf = pdfBytes("xóa tôi");
    const a = await submit([["x.pdf", pdf]]);
    const file = await t.db.selectFrom("attachments").select(["sha256"]).where("initiative_id", "=", a.id).executeTakeFirstOrThrow();
    await transition(t.db, { initiativeId: a.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: a.id, to: "rejected", actor: "secretary", message: "Trùng lặp." });
    const { id } = await makeRequest(t.db, { initiativeId: a.id, kind: "erasure", reason: "" });
    expect((await post(app, "/staff/privacy-requests", secretary, { id: String(id), decision: "granted", answer: "Đã xóa." })).status).toBe(
      302,
    );
    expect(await t.db.selectFrom("attachments").select("id").where("initiative_id", "=", a.id).execute()).toHaveLength(0);
    expect(await storedBytes(t.db, dataDir, file.sha256)).toBeNull();
    expect((await author(a.id)).full_name).toBe(ANONYMOUS_NAME);
    // Nothing left to correct or ask for.
    const more = await app.fetch(`/track/${a.code}/rights${a.q}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "request", kind: "objection" }),
    });
    expect(more.status).toBe(409);
  });
});

describe("the notice", () => {
  it("states the retention periods configured, and that a recognition's record is kept through an erasure", async () => {
    const text = unescapeHtml(await (await app.fetch("/privacy")).text());
    expect(text).toContain("18 tháng sau khi hồ sơ không được tiếp nhận");
    expect(text).toContain("30 tháng sau khi hồ sơ được rút");
    expect(text).toContain("được xóa không tự động sau quyết định");
    expect(text).toContain("kể cả khi bạn yêu cầu xóa");
    const en = unescapeHtml(await (await app.fetch("/privacy", { headers: { Cookie: "lang=en" } })).text());
    expect(en).toContain("18 months after a submission is rejected");
  });
});
