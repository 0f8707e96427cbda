import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "~/models/errors";
import { declareConflict, hasConflict } from "~/models/review/conflicts.server";
import { addReviewers, AssignmentError } from "~/models/screening/screening.server";
import { addDays, toDateOnly } from "~/utils/dates";
import { getAggregate, getReviewPage, listReviewerAssignments, saveReview } from "~/models/review/reviews.server";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, staffIds, statusOf } from "./review-fixtures";

let t: TestDb;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeEach(async () => {
  t = await createTestDb({ withDemo: true });
  ids = await staffIds(t.db);
});
afterEach(() => t.cleanup());

async function fullScores(values: number[]) {
  const criteria = await currentCriteria(t.db);
  return Object.fromEntries(criteria.map((c, i) => [c.id, values[i]]));
}

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a thrown DomainError");
}

describe("saving and submitting a review", () => {
  it("keeps a partial draft, then refuses to submit it incomplete, then submits", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: { [criteria[0].id]: 7 },
      recommendation: null,
      comment: "",
      submit: false,
    });
    const page = await getReviewPage(t.db, i.assignments[0], ids.r1);
    expect(page.review?.scores).toEqual({ [criteria[0].id]: 7 });
    expect(page.review?.submitted_at).toBeNull();
    expect(page.editable).toBe(true);

    const refused = await rejection(
      saveReview(t.db, {
        assignmentId: i.assignments[0],
        reviewerId: ids.r1,
        scores: { [criteria[0].id]: 7 },
        recommendation: "recognise",
        comment: "Đủ tốt để công nhận.",
        submit: true,
      }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((await getReviewPage(t.db, i.assignments[0], ids.r1)).review?.submitted_at).toBeNull();

    const out = await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([7, 8, 9, 6]),
      recommendation: "recognise",
      comment: "Đủ tốt để công nhận.",
      submit: true,
    });
    expect(out).toEqual({ submitted: true, movedToCouncil: false });
    const after = await getReviewPage(t.db, i.assignments[0], ids.r1);
    expect(after.assignment.status).toBe("submitted");
    expect(after.editable).toBe(false);
    // the other reviewer has not submitted: nothing to show yet
    expect(after.others).toEqual([]);
    const audit = await t.db.selectFrom("audit_log").select(["action", "actor_user_id"]).where("action", "=", "review.submit").execute();
    expect(audit).toEqual([{ action: "review.submit", actor_user_id: ids.r1 }]);
  });

  it("refuses scores outside the scale, and a second submission", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const bad = await rejection(
      saveReview(t.db, {
        assignmentId: i.assignments[0],
        reviewerId: ids.r1,
        scores: await fullScores([11, 8, 9, 6]),
        recommendation: "recognise",
        comment: "Nhận xét đủ dài.",
        submit: true,
      }),
    );
    expect(bad).toMatchObject({ code: "validation", messageKey: "score_range" });
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([7, 8, 9, 6]),
      recommendation: "recognise",
      comment: "Nhận xét đủ dài.",
      submit: true,
    });
    const again = await rejection(
      saveReview(t.db, {
        assignmentId: i.assignments[0],
        reviewerId: ids.r1,
        scores: await fullScores([1, 1, 1, 1]),
        recommendation: "reject",
        comment: "Đổi ý sau khi gửi.",
        submit: true,
      }),
    );
    expect(again).toMatchObject({ code: "invalid_transition", messageKey: "review_closed" });
  });

  it("belongs to its reviewer only", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    expect(await rejection(getReviewPage(t.db, i.assignments[0], ids.r2))).toBeInstanceOf(ForbiddenError);
    expect(
      await rejection(
        saveReview(t.db, {
          assignmentId: i.assignments[0],
          reviewerId: ids.r2,
          scores: {},
          recommendation: null,
          comment: "",
          submit: false,
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(await rejection(getReviewPage(t.db, 999999, ids.r1))).toBeInstanceOf(NotFoundError);
  });

  it("shows the others' scores only after submitting, and moves to the council when all are in", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: await fullScores([3, 4, 5, 6]),
      recommendation: "reject",
      comment: "Chưa có tính mới rõ ràng.",
      submit: true,
    });
    const before = await getReviewPage(t.db, i.assignments[0], ids.r1);
    expect(before.others).toBeNull();
    const out = await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([9, 8, 9, 6]),
      recommendation: "recognise",
      comment: "Rất đáng công nhận.",
      submit: true,
    });
    expect(out.movedToCouncil).toBe(true);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
    const event = await t.db
      .selectFrom("events")
      .select(["actor_type", "from_status", "to_status"])
      .where("initiative_id", "=", i.id)
      .where("to_status", "=", "council")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ actor_type: "system", from_status: "in_review", to_status: "council" });
    const page = await getReviewPage(t.db, i.assignments[0], ids.r1);
    expect(page.others).toHaveLength(1);
    expect(page.others![0].recommendation).toBe("reject");
    expect(Object.values(page.others![0].scores)).toEqual([3, 4, 5, 6]);

    const agg = await getAggregate(t.db, i.id);
    expect(agg.aggregate.reviewCount).toBe(2);
    expect(agg.aggregate.criteria[0].spread).toBe(6);
    expect(agg.aggregate.needsDiscussion).toBe(true);
  });
});

describe("conflicts of interest", () => {
  it("unassigns the reviewer, records the conflict, drops the draft and tells the secretary", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([5, 5, 5, 5]),
      recommendation: null,
      comment: "",
      submit: false,
    });
    await declareConflict(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      type: "same_organisation",
      note: "Cùng đơn vị công tác.",
    });
    const a = await t.db.selectFrom("assignments").select("status").where("id", "=", i.assignments[0]).executeTakeFirstOrThrow();
    expect(a.status).toBe("conflict");
    expect(await hasConflict(t.db, i.id, ids.r1)).toBe(true);
    expect(await hasConflict(t.db, i.id, ids.r2)).toBe(false);
    expect(await t.db.selectFrom("reviews").select("id").where("assignment_id", "=", i.assignments[0]).execute()).toEqual([]);
    expect((await listReviewerAssignments(t.db, ids.r1)).map((r) => r.id)).not.toContain(i.assignments[0]);
    expect(await rejection(getReviewPage(t.db, i.assignments[0], ids.r1))).toBeInstanceOf(ForbiddenError);
    const mail = await t.db
      .selectFrom("outbox")
      .select(["to_address", "subject"])
      .where("dedupe_key", "like", `conflict:${i.assignments[0]}:%`)
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual(["secretary@example.org"]);
    const audit = await t.db.selectFrom("audit_log").select("details").where("action", "=", "review.conflict").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ initiativeId: i.id, type: "same_organisation" });
    // the initiative waits for a replacement
    expect((await statusOf(t.db, i.id)).status).toBe("in_review");

    // the same reviewer cannot be assigned again; someone else can
    const dueOn = toDateOnly(addDays(new Date(), 10));
    const version = (await statusOf(t.db, i.id)).version;
    const again = await addReviewers(t.db, {
      initiativeId: i.id,
      userId: ids.secretary,
      expectedVersion: version,
      reviewers: [{ reviewerId: ids.r1, dueOn }],
    }).catch((e) => e);
    expect(again).toBeInstanceOf(AssignmentError);
    expect((again as AssignmentError).problem).toBe("conflict");
    expect(
      (await t.db.selectFrom("assignments").select("id").where("initiative_id", "=", i.id).where("reviewer_id", "=", ids.r1).execute())
        .length,
    ).toBe(1);
    await addReviewers(t.db, {
      initiativeId: i.id,
      userId: ids.secretary,
      expectedVersion: version,
      reviewers: [{ reviewerId: ids.r3, dueOn }],
    });
    const r3 = await listReviewerAssignments(t.db, ids.r3);
    expect(r3.some((r) => r.code === i.code && r.status === "assigned")).toBe(true);
  });

  it("moves to the council when the remaining reviews are in and a replacement has scored", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: await fullScores([7, 7, 7, 7]),
      recommendation: "recognise",
      comment: "Đáp ứng các tiêu chí.",
      submit: true,
    });
    await saveReview(t.db, {
      assignmentId: i.assignments[2],
      reviewerId: ids.r3,
      scores: await fullScores([8, 7, 7, 7]),
      recommendation: "recognise",
      comment: "Đáp ứng các tiêu chí.",
      submit: true,
    });
    expect((await statusOf(t.db, i.id)).status).toBe("in_review");
    const out = await declareConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1, type: "relationship", note: "" });
    expect(out.movedToCouncil).toBe(true);
    expect((await statusOf(t.db, i.id)).status).toBe("council");
  });

  it("does not move on with a single review left after a conflict", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: await fullScores([7, 7, 7, 7]),
      recommendation: "recognise",
      comment: "Đáp ứng các tiêu chí.",
      submit: true,
    });
    await declareConflict(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      type: "other",
      note: "Tôi đã góp ý cho tác giả trước đây.",
    });
    expect((await statusOf(t.db, i.id)).status).toBe("in_review");
  });

  it("cannot be declared on a review already submitted", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: await fullScores([7, 7, 7, 7]),
      recommendation: "recognise",
      comment: "Đáp ứng các tiêu chí.",
      submit: true,
    });
    const r = await rejection(declareConflict(t.db, { assignmentId: i.assignments[0], reviewerId: ids.r1, type: "other", note: "" }));
    expect(r).toMatchObject({ code: "invalid_transition", messageKey: "review_closed" });
    expect(await hasConflict(t.db, i.id, ids.r1)).toBe(false);
  });
});
