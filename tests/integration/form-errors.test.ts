/**
 * Every kind of form answers a bad submission the same way, through the real handler: status 400 (413 for
 * a file over the limit), the form again with one error summary at the top that lists the fields in the
 * order of the page, each field marked invalid and described by its message, in the user's language.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import { dictionaryFor } from "~/i18n/index";
import { transition } from "~/models/initiative/lifecycle.server";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { saveReview } from "~/models/review/reviews.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { expectErrorSummary } from "./form-summary";
import { currentCriteria, initiativeInReview, signIn, staffIds, statusOf, submission, userId } from "./review-fixtures";
import { exeBytes, pngBytes, submissionForm, unescapeHtml } from "./submit-fixtures";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-form-errors-"));
process.env.DATA_DIR = dataDir;

const vi = dictionaryFor("vi");
const en = dictionaryFor("en");

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let ip = 0;
beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function send(path: string, body: FormData | URLSearchParams, opts: { cookie?: string; lang?: "vi" | "en" } = {}) {
  const cookie = [opts.cookie, opts.lang ? `lang=${opts.lang}` : null].filter(Boolean).join("; ");
  const res = await app.fetch(path, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {}, ip: `198.51.100.${++ip}` });
  return { status: res.status, html: unescapeHtml(await res.text()) };
}

describe("the citizen's forms", () => {
  it("the submission lists its errors in the order of the page (the shares' sum and the files before the consent)", async () => {
    const body = submissionForm({ title: "", "author.email": "không phải email", "author.share": "50", consentData: null }, [
      ["chương trình.pdf", exeBytes()],
    ]);
    const { status, html } = await send("/submit", body);
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-title", "f-author-email", "f-author-share", "f-attachments", "f-consentData"]);
    expect(html).toContain(vi.citizen.validation.sharesSum(80));
    expect(html).toContain(vi.citizen.validation.fileType("chương trình.pdf"));
  });

  it("the submission with an error in every part lists them exactly in the order of the page, long texts included", async () => {
    const body = submissionForm(
      {
        title: "",
        reformArea: "",
        "scope.type": "agency",
        "scope.agencyId": "",
        problem: "ngắn",
        benefit: "x".repeat(10_001),
        "applied.before": "on",
        "applied.at": "",
        "author.fullName": "",
        "author.email": "không phải email",
        "author.share": "50",
        consentData: null,
      },
      [["chương trình.pdf", exeBytes()]],
    );
    const { status, html } = await send("/submit", body);
    expect(status).toBe(400);
    expectErrorSummary(html, [
      "f-title",
      "f-reformArea",
      "f-scope-agencyId",
      "f-problem",
      "f-benefit",
      "f-applied-at",
      "f-author-fullName",
      "f-author-email",
      "f-author-share",
      "f-attachments",
      "f-consentData",
    ]);
    // Without JavaScript each long text states its limit, and the field points at it.
    expect(html).toContain(vi.citizen.longForm.limit(10_000));
    expect(html).toMatch(/id="f-problem"[^>]*aria-describedby="[^"]*f-problem-count/);
  });

  it("the tracking lookup, in English", async () => {
    const { status, html } = await send("/track", new URLSearchParams({ code: "", email: "x" }), { lang: "en" });
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-code", "f-email"]);
    expect(html).toContain(en.citizen.validation.required);
    expect(html).toContain(en.citizen.validation.email);
  });
});

describe("the staff's forms", () => {
  it("changing one's password", async () => {
    const cookie = await signIn(t.db, "secretary@example.org");
    const { status, html } = await send("/staff/password", new URLSearchParams({ current: "", next: "ngắn", repeat: "khác" }), { cookie });
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-current", "f-next", "f-repeat"]);
  });

  it("creating an account: the roles' group is linked and described too", async () => {
    const cookie = await signIn(t.db, "admin@example.org");
    const { status, html } = await send("/staff/admin/users", new URLSearchParams({ intent: "create", name: "", email: "x" }), { cookie });
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-name", "f-email", "f-role"]);
    expect(html).toContain(vi.staff.users.roleRequired);
  });

  it("asking for information during screening", async () => {
    const secretary = await userId(t.db, "secretary@example.org");
    const created = await createInitiative(t.db, submission(), [], { submitKey: `form-errors-${Date.now()}` });
    await transition(t.db, { initiativeId: created.id, to: "screening", actor: "secretary", actorUserId: secretary });
    const { version } = await statusOf(t.db, created.id);
    const cookie = await signIn(t.db, "secretary@example.org");
    const { status, html } = await send(
      `/staff/initiatives/${created.code}`,
      new URLSearchParams({ intent: "needs_info", version: String(version), message: "  " }),
      { cookie },
    );
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-message"]);
  });

  it("a review, with the criterion named in the summary, and a conflict declaration on the same page", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    const cookie = await signIn(t.db, "reviewer1@example.org");
    const review = new URLSearchParams({ intent: "submit", comment: "" });
    criteria.forEach((c, k) => review.set(`score_${c.id}`, k === 1 ? "999" : String(c.scale_min)));
    const reviewed = await send(`/staff/reviews/${i.assignments[0]}`, review, { cookie, lang: "en" });
    expect(reviewed.status).toBe(400);
    expectErrorSummary(reviewed.html, [`f-score_${criteria[1].id}`, "f-recommendation", "f-comment"]);
    expect(reviewed.html).toContain(`: ${en.review.errors.score_range}</a>`);

    const conflict = await send(`/staff/reviews/${i.assignments[0]}`, new URLSearchParams({ intent: "conflict", type: "", note: "" }), {
      cookie,
    });
    expect(conflict.status).toBe(400);
    expectErrorSummary(conflict.html, ["f-conflict-type", "f-conflict-confirm"]);
    expect(conflict.html).toContain(vi.review.errors.conflict_type);
  });

  it("the council's decision: the documents' problem is listed last, where the field is", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    for (const [k, r] of [ids.r1, ids.r2].entries()) {
      await saveReview(t.db, {
        assignmentId: i.assignments[k],
        reviewerId: r,
        scores: Object.fromEntries(criteria.map((c) => [c.id, 8])),
        recommendation: "recognise",
        comment: "Đáp ứng đầy đủ tiêu chí.",
        submit: true,
      });
    }
    const s = await statusOf(t.db, i.id);
    expect(s.status).toBe("council");
    const fd = new FormData();
    for (const [k, v] of Object.entries({
      version: s.version,
      membersPresent: "bảy",
      votesFor: 1,
      votesAgainst: 1,
      votesAbstain: 1,
      reason: "Ngắn.",
    }))
      fd.set(k, String(v));
    // A picture is not a signed decision: only PDF.
    fd.append("documents", new File([new Uint8Array(pngBytes())], "ảnh.png", { type: "image/png" }));
    const { status, html } = await send(`/staff/initiatives/${i.code}/decision`, fd, { cookie: await signIn(t.db, "chair@example.org") });
    expect(status).toBe(400);
    expectErrorSummary(html, ["f-outcome", "f-membersPresent", "f-reason", "f-documents"]);
    expect(html).toContain(vi.review.errors.file_type);
    expect(await t.db.selectFrom("attachments").select("id").where("initiative_id", "=", i.id).execute()).toEqual([]);
  });

  it("reference data: a new unit and a new commendation level (pages that had no summary)", async () => {
    const cookie = await signIn(t.db, "admin@example.org");
    const unit = await send("/staff/admin/units", new URLSearchParams({ intent: "unit.create", code: "x", name: "", type: "phường" }), {
      cookie,
    });
    expect(unit.status).toBe(400);
    expectErrorSummary(unit.html, ["f-new-unit-code", "f-new-unit-name"]);
    const level = await send(
      "/staff/admin/commendations",
      new URLSearchParams({ intent: "create", code: "", name_vi: "", name_en: "", rank: "x" }),
      { cookie, lang: "en" },
    );
    expect(level.status).toBe(400);
    expectErrorSummary(level.html, ["f-new-code", "f-new-name_vi", "f-new-name_en", "f-new-rank"]);
    expect(level.html).toContain(en.review.errors.rank_invalid);
  });
});
