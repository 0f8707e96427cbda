/**
 * The private tracking page to the end of the procedure, the page for a link that opens nothing, the look-up form's
 * own words and the receipt, through the real Remix handler on a real SQLite file. Every state is reached the way
 * the staff side reaches it (the lifecycle, the council's decision, publication).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import "~/i18n/sections/tracking";
import "~/i18n/sections/tracked";
import { dictionaryFor } from "~/i18n/index";
import { transition } from "~/models/initiative/lifecycle.server";
import { recordDecision } from "~/models/council/decisions.server";
import { workingDayCalendar } from "~/models/calendar/calendar.server";
import { REPLY_WORKING_DAYS, SCREENING_WORKING_DAYS, PUBLICATION_WORKING_DAYS } from "~/models/initiative/stages";
import { SCREENING_START_WORKING_DAYS } from "~/models/service-targets/targets";
import { hanoiDate } from "~/utils/clock";
import { formatDate } from "~/utils/dates";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import { pdfBytes, submissionForm, unescapeHtml } from "./submit-fixtures";
import { publishFixture, submitAndRecognise } from "./public-fixtures";

const vi = dictionaryFor("vi");
const page = vi.tracking.track.page;
const tt = vi.tracked;

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  process.env.DATA_DIR = path.join(t.dir, "data");
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

async function linkOf(id: number) {
  const row = await t.db
    .selectFrom("initiatives")
    .select(["code", "link_version", "due_on", "title"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { ...row, link: `/track/${row.code}?t=${trackingToken(row.code, row.link_version)}` };
}

let ip = 0;
/** A submission through the form, as a citizen sends it (with a co-author and a file). */
async function submitThroughForm(overrides: Record<string, string | null> = {}, files: [string, Buffer, string?][] = []) {
  const res = await app.fetch("/submit", {
    method: "POST",
    body: submissionForm(overrides, files),
    ip: `198.51.100.${++ip}`,
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  const row = await t.db.selectFrom("initiatives").select(["id"]).orderBy("id", "desc").executeTakeFirstOrThrow();
  return { id: row.id, response: res, ...(await linkOf(row.id)) };
}

async function pageOf(link: string) {
  const res = await app.fetch(link);
  expect(res.status).toBe(200);
  return unescapeHtml(await res.text());
}

/** The stepper's items: stage, state and whether it is the current one. */
function stepsIn(html: string) {
  const list = /<ol class="stepper">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li class="step step-(\w+)" data-stage="(\w+)"( aria-current="step")?/g)].map((m) => ({
    stage: m[2],
    state: m[1],
    current: Boolean(m[3]),
  }));
}

function expectNoDeadline(html: string, dueOn: string) {
  expect(html).not.toContain(`<dt>${page.due}</dt>`);
  expect(html).not.toContain(formatDate(dueOn, "vi"));
  expect(html).not.toContain('data-expected="statutory"');
}

describe("the private page once the procedure has ended", () => {
  it("published: no deadline, the decision, links to the public page and the certificate (to verify and to print)", async () => {
    const p = await publishFixture(t.db, { title: "Trả kết quả hộ tịch qua bưu điện cho người cao tuổi" });
    const { link, due_on } = await linkOf(p.id);
    const html = await pageOf(link);
    expectNoDeadline(html, due_on);
    expect(html).toContain(`data-status="published"`);
    expect(html).toContain(`href="/initiatives/${p.slug}"`);
    expect(html).toContain(`href="/certificates/${p.certificateNumber}"`);
    expect(html).toContain(`href="/certificates/${p.certificateNumber}/print"`);
    expect(html).toContain("Giải pháp mới, khả thi, có thể nhân rộng");
    expect(html).toContain(tt.decision.votesText(9, 8, 1, 0));
    expect(stepsIn(html)).toEqual([
      { stage: "received", state: "done", current: false },
      { stage: "screening", state: "done", current: false },
      { stage: "review", state: "done", current: false },
      { stage: "decision", state: "done", current: false },
      { stage: "publication", state: "current", current: true },
    ]);
    // The links lead somewhere.
    for (const href of [`/initiatives/${p.slug}`, `/certificates/${p.certificateNumber}`, `/certificates/${p.certificateNumber}/print`]) {
      expect((await app.fetch(href)).status, href).toBe(200);
    }
  });

  it("recognised, not yet published: no deadline, the certificate to verify, the publication expected in working days", async () => {
    const r = await submitAndRecognise(t.db, { title: "Số hóa sổ hộ tịch của phường", decidedAt: new Date() });
    const { link, due_on } = await linkOf(r.id);
    const html = await pageOf(link);
    expectNoDeadline(html, due_on);
    expect(html).toContain(`href="/certificates/${r.certificateNumber}"`);
    expect(html).not.toContain(`/certificates/${r.certificateNumber}/print`);
    expect(html).not.toContain('data-link="public-page"');
    expect((await app.fetch(`/certificates/${r.certificateNumber}`)).status).toBe(200);
    const steps = stepsIn(html);
    expect(steps.find((s) => s.current)?.stage).toBe("publication");
    const calendar = await workingDayCalendar(t.db);
    const expected = calendar.addWorkingDays(hanoiDate(), PUBLICATION_WORKING_DAYS);
    expect(html).toContain(tt.stages.expected.target(formatDate(expected, "vi")));
  });

  it("not recognised: no deadline, the reason and the vote, no certificate or public page", async () => {
    const r = await submitThroughForm();
    const chair = await t.db.selectFrom("users").select("id").where("email", "=", "chair@example.org").executeTakeFirstOrThrow();
    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: r.id, to: "in_review", actor: "secretary" });
    await transition(t.db, { initiativeId: r.id, to: "council", actor: "system" });
    const { version } = await t.db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
    await recordDecision(t.db, {
      initiativeId: r.id,
      expectedVersion: version,
      actorUserId: chair.id,
      outcome: "not_recognised",
      membersPresent: 9,
      votesFor: 2,
      votesAgainst: 6,
      votesAbstain: 1,
      reason: "Giải pháp chưa chứng minh được hiệu quả khi áp dụng thử ở các xã, phường khác.",
      commendationLevelId: null,
    });
    const html = await pageOf(r.link);
    expectNoDeadline(html, r.due_on);
    expect(html).toContain("Giải pháp chưa chứng minh được hiệu quả");
    expect(html).toContain(tt.decision.votesText(9, 2, 6, 1));
    expect(html).not.toContain('data-link="certificate"');
    expect(html).not.toContain('data-link="public-page"');
    expect(stepsIn(html).map((s) => s.stage)).toEqual(["received", "screening", "review", "decision"]);
    expect(stepsIn(html).at(-1)).toEqual({ stage: "decision", state: "current", current: true });
    expect(html).toMatch(/data-stage="decision"[^>]*>[\s\S]*?data-status="not_recognised"/);
  });

  it("rejected at screening: no deadline, the procedure ends at screening", async () => {
    const r = await submitThroughForm();
    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: r.id, to: "rejected", actor: "secretary", message: "Trùng với sáng kiến SK-2025-000012." });
    const html = await pageOf(r.link);
    expectNoDeadline(html, r.due_on);
    expect(stepsIn(html)).toEqual([
      { stage: "received", state: "done", current: false },
      { stage: "screening", state: "current", current: true },
    ]);
    expect(html).toMatch(/data-stage="screening"[^>]*>[\s\S]*?data-status="rejected"/);
    expect(html).not.toContain('id="decision-title"');
  });

  it("withdrawn during review: no deadline, the stages done, then the withdrawal", async () => {
    const r = await submitThroughForm();
    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: r.id, to: "in_review", actor: "secretary" });
    const { version } = await t.db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
    const done = await app.fetch(r.link, {
      method: "POST",
      body: new URLSearchParams({ intent: "withdraw", version: String(version) }),
      redirect: "manual",
    });
    expect(done.status).toBe(302);
    const html = await pageOf(r.link);
    expectNoDeadline(html, r.due_on);
    expect(stepsIn(html)).toEqual([
      { stage: "received", state: "done", current: false },
      { stage: "screening", state: "done", current: false },
      { stage: "withdrawn", state: "current", current: true },
    ]);
  });
});

describe("the private page while the procedure is open", () => {
  it("shows the deadline, the statutory decision date and the target for screening to start in working days", async () => {
    const r = await submitThroughForm();
    const html = await pageOf(r.link);
    expect(html).toContain(`<dt>${page.due}</dt>`);
    expect(html).toContain(tt.stages.expected.statutory(formatDate(r.due_on, "vi")));
    const calendar = await workingDayCalendar(t.db);
    // Before screening starts, the date shown is the target for it to start (decision 037), not for it to end.
    expect(html).toContain(tt.stages.expected.start(formatDate(calendar.addWorkingDays(hanoiDate(), SCREENING_START_WORKING_DAYS), "vi")));
    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "secretary" });
    expect(await pageOf(r.link)).toContain(
      tt.stages.expected.target(formatDate(calendar.addWorkingDays(hanoiDate(), SCREENING_WORKING_DAYS), "vi")),
    );
    expect(stepsIn(html)).toEqual([
      { stage: "received", state: "done", current: false },
      { stage: "screening", state: "current", current: true },
      { stage: "review", state: "upcoming", current: false },
      { stage: "decision", state: "upcoming", current: false },
      { stage: "publication", state: "upcoming", current: false },
    ]);
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
  });

  it("gives the reply window of a request for information in working days, and the reviewers' due date in review", async () => {
    const r = await submitThroughForm();
    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: r.id, to: "needs_info", actor: "secretary", message: "Đề nghị bổ sung số liệu." });
    const calendar = await workingDayCalendar(t.db);
    let html = await pageOf(r.link);
    expect(html).toContain(tt.stages.expected.reply(formatDate(calendar.addWorkingDays(hanoiDate(), REPLY_WORKING_DAYS), "vi")));

    await transition(t.db, { initiativeId: r.id, to: "screening", actor: "submitter", kind: "reply", message: "Đã bổ sung." });
    const reviewer = await t.db.selectFrom("users").select("id").where("email", "=", "reviewer1@example.org").executeTakeFirstOrThrow();
    await t.db
      .insertInto("assignments")
      .values({
        initiative_id: r.id,
        reviewer_id: reviewer.id,
        assigned_by: null,
        assigned_at: new Date().toISOString(),
        due_on: "2099-12-15",
        status: "assigned",
      })
      .execute();
    await transition(t.db, { initiativeId: r.id, to: "in_review", actor: "secretary" });
    html = await pageOf(r.link);
    expect(html).toContain(tt.stages.expected.reviews(formatDate("2099-12-15", "vi")));
    expect(stepsIn(html).find((s) => s.current)?.stage).toBe("review");
  });
});

describe("the submission as sent", () => {
  it("shows the texts, area, scope, co-authors and the files, downloadable behind the secret; not the confidential field", async () => {
    const pdf = pdfBytes("đề xuất");
    const r = await submitThroughForm({}, [["đề xuất chi tiết.pdf", pdf]]);
    const html = await pageOf(r.link);
    expect(html).toContain(`id="submission-title"`);
    expect(html).toContain("Người dân phải đi lại nhiều lần giữa các cơ quan để đăng ký khai sinh cho con.");
    expect(html).toContain("Liên thông điện tử giữa hộ tịch, cư trú và bảo hiểm y tế");
    expect(html).toContain("Giảm hai lượt đi lại cho mỗi hồ sơ");
    expect(html).toContain(vi.common.area.procedures);
    expect(html).toContain(vi.common.domain.civil_status);
    expect(html).toContain("Phường Hoàn Kiếm");
    expect(html).toContain("Trần Thị Bình");
    expect(html).toContain(tt.submission.share(30));
    expect(html).toContain(tt.submission.share(70));
    expect(html).not.toContain("Số liệu nội bộ của phường");
    const file = await t.db.selectFrom("attachments").select("id").where("initiative_id", "=", r.id).executeTakeFirstOrThrow();
    const href = `/track/${r.code}/files/${file.id}?t=${trackingToken(r.code, r.link_version)}`;
    expect(html).toContain(`href="${href}"`);
    expect(html).toContain("đề xuất chi tiết.pdf");
    const download = await app.fetch(href);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
  });

  it("leaves one marked place after the submission for the other sections, before the history", async () => {
    const r = await submitThroughForm();
    const html = await pageOf(r.link);
    const order = ['id="stages-title"', 'id="submission-title"', 'id="history-title"'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("a link that opens nothing", () => {
  it("answers 404 with a page that explains and leads to 'send me my link again', the same for a wrong secret and an unknown code", async () => {
    const r = await submitThroughForm();
    const wrong = await app.fetch(`/track/${r.code}?t=not-the-secret`);
    const unknown = await app.fetch(`/track/SK-1999-000001?t=${trackingToken(r.code, r.link_version)}`);
    const missing = await app.fetch(`/track/${r.code}`);
    for (const [res, code] of [
      [wrong, r.code],
      [unknown, "SK-1999-000001"],
      [missing, r.code],
    ] as const) {
      expect(res.status).toBe(404);
      expect(res.headers.get("Cache-Control")).toMatch(/no-store/);
      const html = unescapeHtml(await res.text());
      expect(html).toContain(tt.wrongLink.title);
      expect(html).toContain(tt.wrongLink.body);
      expect(html).toContain(`href="/track?code=${code}"`);
      expect(html).toMatch(/<title>[^<]*Đường dẫn này không mở được hồ sơ/);
      expect(html).not.toContain(r.title); // nothing of the initiative
    }
    const garbled = await app.fetch(`/track/%3Cscript%3E?t=x`);
    expect(garbled.status).toBe(404);
    expect(await garbled.text()).toContain('href="/track"');

    // In English too.
    const en = unescapeHtml(await (await app.fetch(`/track/${r.code}?t=x`, { headers: { Cookie: "lang=en" } })).text());
    expect(en).toContain(dictionaryFor("en").tracked.wrongLink.title);
  });

  it("/track fills in the code it is given, and only a well-formed one", async () => {
    const html = await (await app.fetch("/track?code=sk-2026-000123")).text();
    expect(html).toMatch(/name="code"[^>]*value="SK-2026-000123"|value="SK-2026-000123"[^>]*name="code"/);
    const odd = await (await app.fetch('/track?code="><b>x')).text();
    expect(odd).not.toContain("<b>x");
  });
});

describe("the look-up form's words", () => {
  it("titles its error box as a look-up, not as a submission", async () => {
    const res = await app.fetch("/track", { method: "POST", body: new URLSearchParams({ code: "12345", email: "" }), ip: "198.18.1.1" });
    expect(res.status).toBe(400);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(vi.tracking.track.errorSummaryTitle);
    expect(html).not.toContain(vi.citizen.submit.errorSummaryTitle);
    const en = await app.fetch("/track", {
      method: "POST",
      body: new URLSearchParams({ code: "", email: "" }),
      ip: "198.18.1.2",
      headers: { Cookie: "lang=en" },
    });
    const enHtml = unescapeHtml(await en.text());
    expect(enHtml).toContain(dictionaryFor("en").tracking.track.errorSummaryTitle);
    expect(enHtml).not.toContain(dictionaryFor("en").citizen.submit.errorSummaryTitle);
  });
});

describe("the receipt", () => {
  it("shows the masked address the receipt went to, and a printable receipt with the code, dates and a QR of the link", async () => {
    const r = await submitThroughForm({ "author.email": "ngoc.tran@example.org" });
    const res = await app.fetch("/submit/received", { headers: { Cookie: cookiesFrom(r.response) } });
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(tt.receipt.sentTo("n***@example.org"));
    expect(html).not.toContain("ngoc.tran@example.org");
    expect(html).toContain(tt.receipt.slipTitle);
    expect(html).toContain(r.code);
    expect(html).toContain(formatDate(r.due_on, "vi"));
    expect(html).toContain(`href="${r.link}"`);
    // The QR: an inline SVG drawn on the server, and no script bundle on the page.
    expect(html).toMatch(
      /<svg class="receipt-qr" role="img"[^>]*><rect[^>]*><\/rect><path d="(M\d+ \d+h\d+v1h-\d+z)+" fill="#000"><\/path><\/svg>/,
    );
    expect(html).not.toMatch(/<link rel="modulepreload"/);
  });

  it("a repeated post without the receipt shows the code but no address (a made-up cookie could name any code)", async () => {
    const r = await submitThroughForm({ "author.email": "ngoc.tran@example.org" });
    const res = await app.fetch("/submit/received", { headers: { Cookie: `sk_duplicate=${r.code}` } });
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    expect(html).toContain(r.code);
    expect(html).not.toContain("n***@example.org");
    expect(html).not.toContain("receipt-qr");
  });
});
