/**
 * The review page through the real handler: what a reviewer reads once the others' reviews show,
 * what a form sent from a page left open after the review closed answers (409 with the reason on the
 * page, not a silent reload), error summaries that name the criterion, and when a review is "overdue".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getReviewPage, listReviewerAssignments, saveReview } from "~/models/review/reviews.server";
import { addDays, toDateOnly } from "~/utils/dates";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, signIn, staffIds } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
});
afterAll(() => t.cleanup());

async function fullScores(values: number[]) {
  const criteria = await currentCriteria(t.db);
  return Object.fromEntries(criteria.map((c, i) => [c.id, values[i]]));
}

function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `${start} on the page`).toBeGreaterThan(-1);
  const to = html.indexOf(end, from);
  return html.slice(from, to === -1 ? undefined : to);
}

describe("the review page", () => {
  it("labels another reviewer's recommendation and comment as theirs, not “yours”", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([7, 8, 9, 5]),
      recommendation: "reject",
      comment: "Chưa thấy tính mới rõ ràng.",
      submit: true,
    });
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: await fullScores([8, 8, 8, 8]),
      recommendation: "recognise",
      comment: "Khả thi, nên nhân rộng.",
      submit: true,
    });
    const res = await app.fetch(`/staff/reviews/${i.assignments[1]}`, { headers: { Cookie: await signIn(t.db, "reviewer2@example.org") } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const card = between(html, 'class="card other-review"', "</dl>");
    expect(card).toContain("Chưa thấy tính mới rõ ràng.");
    expect(card).not.toContain("Đề nghị của bạn");
    expect(card).not.toContain("Nhận xét cho hội đồng");
    expect(card).toContain("<dt>Đề nghị</dt>");
    // weights 30, 25, 30, 15 on 0–10: 21 + 20 + 27 + 7.5 = 75.5, written the Vietnamese way
    expect(card).toContain("<dd>75,5</dd>");
  });

  it("a form sent from a page left open after submitting gets 409 and says why on the page", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const r1 = await signIn(t.db, "reviewer1@example.org");
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([7, 7, 7, 7]),
      recommendation: "recognise",
      comment: "Đáp ứng các tiêu chí.",
      submit: true,
    });
    // the stale tab still holds the form, half filled
    for (const intent of ["submit", "save"]) {
      const res = await app.fetch(`/staff/reviews/${i.assignments[0]}`, {
        method: "POST",
        headers: { Cookie: r1 },
        body: new URLSearchParams({ intent, comment: "x" }),
      });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(between(html, 'id="review-closed"', "</p>")).toContain("Phiếu này đã gửi hoặc hồ sơ đã chuyển bước");
    }
    const review = await t.db
      .selectFrom("reviews")
      .select(["comment", "recommendation"])
      .where("assignment_id", "=", i.assignments[0])
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ comment: "Đáp ứng các tiêu chí.", recommendation: "recognise" });
  });

  it("names the criterion in the error summary, in both languages", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    const cookie = await signIn(t.db, "reviewer1@example.org");
    const body = new URLSearchParams({ intent: "save", [`score_${criteria[0].id}`]: "99" });
    const vi = await app.fetch(`/staff/reviews/${i.assignments[0]}`, { method: "POST", headers: { Cookie: cookie }, body });
    expect(vi.status).toBe(400);
    expect(between(await vi.text(), "error-summary", "</ul>")).toContain("Tính mới: Điểm nằm ngoài thang điểm.");
    const en = await app.fetch(`/staff/reviews/${i.assignments[0]}`, { method: "POST", headers: { Cookie: `${cookie}; lang=en` }, body });
    expect(en.status).toBe(400);
    expect(between(await en.text(), "error-summary", "</ul>")).toContain("Novelty: The score is outside the scale.");
  });

  it("is overdue only while the initiative still awaits the review", async () => {
    const i = await initiativeInReview(t.db, [ids.r3, ids.r2]);
    await t.db
      .updateTable("assignments")
      .set({ due_on: toDateOnly(addDays(new Date(), -3)) })
      .where("id", "in", i.assignments)
      .execute();
    const before = (await listReviewerAssignments(t.db, ids.r3)).find((r) => r.id === i.assignments[0]);
    expect(before?.overdue).toBe(true);
    // The secretary may send it to the council without every review; the submitter may withdraw it.
    await t.db.updateTable("initiatives").set({ status: "withdrawn" }).where("id", "=", i.id).execute();
    const after = (await listReviewerAssignments(t.db, ids.r3)).find((r) => r.id === i.assignments[0]);
    expect(after?.status).toBe("assigned");
    expect(after?.overdue).toBe(false);
    const page = await app.fetch(`/staff/reviews/${i.assignments[0]}`, {
      headers: { Cookie: await signIn(t.db, "reviewer3@example.org") },
    });
    expect(await page.text()).not.toContain("Đã quá hạn");
  });

  it("is overdue from midnight in Hà Nội (17:00 UTC), on the list and on the review page", async () => {
    const i = await initiativeInReview(t.db, [ids.r3, ids.r2]);
    const a = i.assignments[0];
    await t.db.updateTable("assignments").set({ due_on: "2031-07-10" }).where("id", "=", a).execute();
    const at = (iso: string) => new Date(iso);
    expect((await listReviewerAssignments(t.db, ids.r3, at("2031-07-10T16:59:59Z"))).find((r) => r.id === a)?.overdue).toBe(false);
    expect((await listReviewerAssignments(t.db, ids.r3, at("2031-07-10T17:00:00Z"))).find((r) => r.id === a)?.overdue).toBe(true);
    expect((await getReviewPage(t.db, a, ids.r3, at("2031-07-10T16:59:59Z"))).assignment.overdue).toBe(false);
    expect((await getReviewPage(t.db, a, ids.r3, at("2031-07-10T17:00:00Z"))).assignment.overdue).toBe(true);
  });
});
