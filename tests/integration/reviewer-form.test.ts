/**
 * The reviewer form through the real handler (docs/decisions/035-reviewer-form.md): the conflict question before
 * any content, the confirmation before a declaration, the score bands' descriptors (seeded, edited by an
 * administrator as a new rubric version, shown beside each score), the weighted total the page renders, the error
 * summary, and the feedback after each step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/i18n/sections/review";
import "~/i18n/sections/staff";
import { dictionaryFor } from "~/i18n/index";
import { formatScore, formTotal, weightedTotal } from "~/models/review/aggregation";
import { answerNoConflict } from "~/models/review/conflicts.server";
import { saveReview } from "~/models/review/reviews.server";
import { criteriaOf, getCurrentRubric } from "~/models/review/rubric.server";
import { InvalidTransitionError } from "~/models/errors";
import { DEFAULT_DESCRIPTORS } from "../../db/seed/reference";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { expectErrorSummary } from "./form-summary";
import { currentCriteria, initiativeInReview, signIn, staffIds, statusOf, SECRET_AUTHOR } from "./review-fixtures";
import { get as getWith, post as postWith } from "./staff-support";
import { unescapeHtml } from "./submit-fixtures";

const vi = dictionaryFor("vi");

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
const cookies = {} as Record<"admin" | "r1" | "r2" | "r3", string>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  cookies.admin = await signIn(t.db, "admin@example.org");
  cookies.r1 = await signIn(t.db, "reviewer1@example.org");
  cookies.r2 = await signIn(t.db, "reviewer2@example.org");
  cookies.r3 = await signIn(t.db, "reviewer3@example.org");
});
afterAll(async () => {
  await t.cleanup();
});

async function page(path: string, cookie: string) {
  const res = await getWith(app, path, cookie);
  return { status: res.status, html: unescapeHtml(await res.text()), location: res.headers.get("Location") };
}
async function send(path: string, cookie: string, fields: Record<string, string>) {
  const res = await postWith(app, path, cookie, fields);
  return { status: res.status, html: unescapeHtml(await res.text()), location: res.headers.get("Location") };
}
async function assignmentRow(id: number) {
  return t.db.selectFrom("assignments").select(["status", "no_conflict_at"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describe("the conflict question comes before the content", () => {
  it("shows only the neutral facts and the question; the content, a draft and a file wait for the answer", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2], {}, { conflictUnanswered: true });
    const a = i.assignments[0];
    const first = await page(`/staff/reviews/${a}`, cookies.r1);
    expect(first.status).toBe(200);
    expect(first.html).toContain(vi.review.reviewForm.question);
    expect(first.html).toContain(vi.common.area.procedures);
    const copy = await t.db
      .selectFrom("reviewer_copies")
      .select(["title", "problem"])
      .where("initiative_id", "=", i.id)
      .executeTakeFirstOrThrow();
    for (const body of [first.html, await (await getWith(app, `/staff/reviews/${a}.data`, cookies.r1)).text()]) {
      expect(body).not.toContain(copy.problem);
      expect(body).not.toContain(copy.title);
      expect(body).not.toContain(SECRET_AUTHOR.fullName);
      expect(body).not.toContain(SECRET_AUTHOR.organisation);
    }
    expect(first.html).not.toContain('id="review-form"');

    // scores posted past the question are refused, and nothing is saved
    const criteria = await currentCriteria(t.db);
    const early = await send(`/staff/reviews/${a}`, cookies.r1, {
      intent: "save",
      ...Object.fromEntries(criteria.map((c) => [`score_${c.id}`, "5"])),
    });
    expect(early.status).toBe(409);
    expect(early.html).toContain(vi.review.errors.conflict_question_first);
    expect(await t.db.selectFrom("reviews").select("id").where("assignment_id", "=", a).execute()).toEqual([]);

    // no answer: the summary links to the question
    const none = await send(`/staff/reviews/${a}`, cookies.r1, { intent: "question" });
    expect(none.status).toBe(400);
    expectErrorSummary(none.html, ["f-knows"]);
    expect(none.html).toContain(vi.review.errors.conflict_question);

    // "no": recorded, audited, and the content is shown with the feedback
    const no = await send(`/staff/reviews/${a}`, cookies.r1, { intent: "question", knows: "no" });
    expect(no.status).toBe(302);
    expect(no.location).toBe(`/staff/reviews/${a}?done=no_conflict`);
    expect((await assignmentRow(a)).no_conflict_at).not.toBeNull();
    const after = await page(no.location!, cookies.r1);
    expect(after.html).toContain(copy.problem);
    expect(after.html).toContain('id="review-form"');
    expect(after.html).toMatch(new RegExp(`data-feedback="">${vi.staff.glossary.no_conflict}`));
    expect(after.html).not.toContain(vi.review.reviewForm.question);
    const audit = await t.db.selectFrom("audit_log").select("target_id").where("action", "=", "review.no_conflict").execute();
    expect(audit.map((r) => Number(r.target_id))).toContain(a);
  });

  it("leads a 'yes' to a confirmation that must be ticked before the irreversible declaration", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3], {}, { conflictUnanswered: true });
    const a = i.assignments[2];
    const yes = await send(`/staff/reviews/${a}`, cookies.r3, { intent: "question", knows: "yes" });
    expect(yes.status).toBe(302);
    expect(yes.location).toBe(`/staff/reviews/${a}?step=conflict`);
    const confirm = await page(yes.location!, cookies.r3);
    expect(confirm.html).toContain(vi.review.reviewForm.confirm);
    expect(confirm.html).toContain('name="confirm"');
    expect(confirm.html).not.toContain('id="review-form"');
    const copy = await t.db.selectFrom("reviewer_copies").select("problem").where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(confirm.html).not.toContain(copy.problem);

    // without the tick: refused at the box, nothing declared
    const unticked = await send(`/staff/reviews/${a}`, cookies.r3, { intent: "conflict", type: "same_organisation", note: "" });
    expect(unticked.status).toBe(400);
    expectErrorSummary(unticked.html, ["f-conflict-confirm"]);
    expect(unticked.html).toContain(vi.review.errors.conflict_confirm);
    expect((await assignmentRow(a)).status).toBe("assigned");
    expect(await t.db.selectFrom("conflicts").select("id").where("initiative_id", "=", i.id).execute()).toEqual([]);

    const declared = await send(`/staff/reviews/${a}`, cookies.r3, {
      intent: "conflict",
      type: "same_organisation",
      note: "",
      confirm: "on",
    });
    expect(declared.status).toBe(302);
    expect(declared.location).toBe("/staff/reviews?done=conflict");
    expect((await assignmentRow(a)).status).toBe("conflict");
    const list = await page(declared.location!, cookies.r3);
    expect(list.html).toContain(vi.staff.glossary.conflict_declared);
    expect(list.html).toContain('tabindex="-1"');
  });

  it("lets a reviewer who answered 'no' still declare later, with the same confirmation", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const a = i.assignments[1];
    const p = await page(`/staff/reviews/${a}`, cookies.r2);
    expect(p.html).toContain(`href="/staff/reviews/${a}?step=conflict"`);
    const unticked = await send(`/staff/reviews/${a}`, cookies.r2, { intent: "conflict", type: "other", note: "" });
    expect(unticked.status).toBe(400);
    expect((await assignmentRow(a)).status).toBe("assigned");
  });

  it("does not take an answer for a review that closed (the model refuses it)", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2], {}, { conflictUnanswered: true });
    await t.db.updateTable("initiatives").set({ status: "withdrawn" }).where("id", "=", i.id).execute();
    await expect(answerNoConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1 })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect((await assignmentRow(i.assignments[0])).no_conflict_at).toBeNull();
    const closed = await page(`/staff/reviews/${i.assignments[0]}`, cookies.r1);
    expect(closed.html).toContain(vi.review.reviewForm.closed);
    expect(closed.html).not.toContain('id="question-form"');
  });

  it("sends the secretary no request for a replacement when the declaration moved the case to the council", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    const criteria = await currentCriteria(t.db);
    for (const [k, r] of [ids.r1, ids.r2].entries()) {
      await saveReview(t.db, {
        assignmentId: i.assignments[k],
        reviewerId: r,
        scores: Object.fromEntries(criteria.map((c) => [c.id, 6])),
        recommendation: "recognise",
        comment: "Đạt yêu cầu về tính mới.",
        submit: true,
      });
    }
    const declared = await send(`/staff/reviews/${i.assignments[2]}`, cookies.r3, {
      intent: "conflict",
      type: "other",
      note: "",
      confirm: "on",
    });
    expect(declared.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
    const mails = await t.db.selectFrom("outbox").select("status").where("dedupe_key", "like", `conflict:${i.assignments[2]}:%`).execute();
    expect(mails).toEqual([]);
    const notices = await t.db
      .selectFrom("staff_notifications")
      .select("status")
      .where("kind", "=", "conflict_declared")
      .where("assignment_id", "=", i.assignments[2])
      .execute();
    expect(notices.map((n) => n.status).filter((s) => s !== "obsolete" && s !== "skipped")).toEqual([]);
  });
});

describe("the score bands' descriptors", () => {
  it("are seeded for the default rubric and shown beside each criterion with their bands", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const p = await page(`/staff/reviews/${i.assignments[0]}`, cookies.r1);
    for (const key of ["novelty", "applicability", "benefit", "feasibility"]) {
      for (const band of ["low", "mid", "high"] as const) expect(p.html).toContain(DEFAULT_DESCRIPTORS[key][`band_${band}_vi`]);
    }
    // the default 0–10 scale in three bands, tied to the score field
    for (const range of ["0–3 điểm", "4–6 điểm", "7–10 điểm"]) expect(p.html).toContain(range);
    const novelty = (await currentCriteria(t.db)).find((c) => c.key === "novelty")!;
    expect(p.html).toMatch(new RegExp(`id="f-score_${novelty.id}"[^>]*aria-describedby="[^"]*f-score_${novelty.id}-bands`));
  });

  it("are edited by the administrator as a new rubric version; a review keeps the words it started on", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    // reviewer 1 starts on the current version
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: {},
      recommendation: null,
      comment: "",
      submit: false,
    });
    const before = await getCurrentRubric(t.db);
    const fields: Record<string, string> = { current: String(before.versionId), count: String(before.criteria.length) };
    before.criteria.forEach((c, k) => {
      Object.assign(fields, {
        [`c.${k}.key`]: c.key,
        [`c.${k}.label_vi`]: c.label_vi,
        [`c.${k}.label_en`]: c.label_en,
        [`c.${k}.weight`]: String(c.weight),
        [`c.${k}.scale_min`]: String(c.scale_min),
        [`c.${k}.scale_max`]: String(c.scale_max),
      });
      for (const [f, v] of Object.entries(before.descriptors[c.id])) fields[`c.${k}.${f}`] = v;
    });
    const NEW_LOW = "Giải pháp không có điểm gì mới so với cách làm hiện tại (mô tả mới).";

    const tooLong = await send("/staff/admin/rubric", cookies.admin, { ...fields, "c.0.band_low_vi": "x".repeat(301) });
    expect(tooLong.status).toBe(400);
    expectErrorSummary(tooLong.html, ["f-c-0-band_low_vi"]);
    expect(tooLong.html).toContain(vi.review.errors.descriptor_long);
    expect((await getCurrentRubric(t.db)).versionId).toBe(before.versionId);

    const saved = await send("/staff/admin/rubric", cookies.admin, { ...fields, "c.0.band_low_vi": NEW_LOW });
    expect(saved.status).toBe(302);
    const after = await getCurrentRubric(t.db);
    expect(after.versionId).not.toBe(before.versionId);
    expect(saved.location).toBe(`/staff/admin/rubric?done=${after.versionId}`);
    expect(after.descriptors[after.criteria[0].id].band_low_vi).toBe(NEW_LOW);
    expect(after.descriptors[after.criteria[1].id]).toEqual(before.descriptors[before.criteria[1].id]);
    const admin = await page(saved.location!, cookies.admin);
    expect(admin.html).toContain(NEW_LOW);
    expect(admin.html).toContain(vi.staff.glossary.rubric_saved(after.versionId));

    // reviewer 2 starts now: the new words; reviewer 1's draft stays on the old version and its words
    const fresh = await page(`/staff/reviews/${i.assignments[1]}`, cookies.r2);
    expect(fresh.html).toContain(NEW_LOW);
    const old = await page(`/staff/reviews/${i.assignments[0]}`, cookies.r1);
    expect(old.html).not.toContain(NEW_LOW);
    expect(old.html).toContain(before.descriptors[criteria[0].id].band_low_vi);
  });
});

describe("the weighted total", () => {
  it("is what the shared function gives, rendered by the server for the saved draft and for a refused form", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const a = i.assignments[0];
    const criteria = await criteriaOf(t.db, (await getCurrentRubric(t.db)).versionId);
    const total = (html: string) => html.match(/<output[^>]*data-total=""[^>]*>([^<]*)<\/output>/)?.[1];

    // 7, 8, 6, 9 on weights 30, 25, 30, 15 of 0–10: 21 + 20 + 18 + 13.5 = 72.5
    const byKey: Record<string, string> = { novelty: "7", applicability: "8", benefit: "6", feasibility: "9" };
    const values = Object.fromEntries(criteria.map((c) => [`score_${c.id}`, byKey[c.key]]));
    expect(formTotal(criteria, values)).toBeCloseTo(72.5, 10);

    const draft = await send(`/staff/reviews/${a}`, cookies.r1, { intent: "save", ...values });
    expect(draft.status).toBe(302);
    expect(draft.location).toBe(`/staff/reviews/${a}?done=draft`);
    const shown = await page(draft.location!, cookies.r1);
    expect(total(shown.html)).toBe("72,5");
    const scores = Object.fromEntries(criteria.map((c) => [c.id, Number(byKey[c.key])]));
    expect(total(shown.html)).toBe(formatScore(weightedTotal(criteria, scores), "vi"));
    // the draft's feedback names the case, and says it is not sent
    expect(shown.html).toContain(`Đã lưu bản nháp phiếu chấm điểm ${i.code} lúc`);

    // a refused submission re-renders the posted scores and their total; an empty score gives no total yet
    const half = { ...values, [`score_${criteria[0].id}`]: "" };
    const refused = await send(`/staff/reviews/${a}`, cookies.r1, { intent: "submit", ...half, comment: "" });
    expect(refused.status).toBe(400);
    expect(total(refused.html)).toBe("—");
    expect(formTotal(criteria, half)).toBeNull();
    const changed = { ...values, [`score_${criteria[0].id}`]: "10" };
    const refused2 = await send(`/staff/reviews/${a}`, cookies.r1, { intent: "submit", ...changed, comment: "" });
    expect(refused2.status).toBe(400);
    expect(total(refused2.html)).toBe(formatScore(formTotal(criteria, changed), "vi"));
    expectErrorSummary(refused2.html, ["f-recommendation", "f-comment"]);

    // sent: the feedback carries the same total
    const sent = await send(`/staff/reviews/${a}`, cookies.r1, {
      intent: "submit",
      ...values,
      recommendation: "recognise",
      comment: "Giải pháp rõ ràng, có số liệu.",
    });
    expect(sent.status).toBe(302);
    const done = await page(sent.location!, cookies.r1);
    expect(done.html).toContain(vi.staff.glossary.review_submitted(i.code, "72,5"));
  });
});
