/**
 * Fixtures for the review, decision and publication tests: an initiative with distinctive personal data,
 * moved along the lifecycle the way the staff side does it, reviewers assigned, and signed-in cookies.
 */
import { answerNoConflict } from "~/models/review/conflicts.server";
import type { DB } from "../../db/client";
import { createInitiative, type SubmissionData } from "~/models/initiative/initiatives.server";
import { transition } from "~/models/initiative/lifecycle.server";
import { commitSessionCookie, createSessionRow } from "~/utils/session.server";
import { addDays, toDateOnly } from "~/utils/dates";
import { reviewerCopyEditor, saveReviewerCopy } from "~/models/screening/reviewer-copy.server";

/** Values that cannot appear on a page by chance: the blind tests look for them. */
export const SECRET_AUTHOR = {
  fullName: "Zyxwvu Độc Nhất",
  email: "zyx.unique@example.net",
  phone: "0987654321",
  organisation: "Công ty Độc Nhất Zyx",
};
export const SECRET_CONFIDENTIAL = "Số liệu mật Qwertz nội bộ chỉ dành cho hội đồng";
export const SECRET_COAUTHOR = "Wvutsr Đồng Tác Giả";
/** A co-author's email, and a name they agreed to publish: reviewers still see neither. */
export const SECRET_COAUTHOR_EMAIL = "wvutsr.coauthor@example.net";

let counter = 0;

export function submission(overrides: Partial<SubmissionData> = {}): SubmissionData {
  return {
    title: "Tiếp nhận hồ sơ đất đai qua một đầu mối tại xã",
    reformArea: "procedures",
    procedureDomain: "land",
    scopeType: "city",
    agencyId: null,
    unitId: null,
    problem: "Người dân phải đến nhiều nơi để nộp hồ sơ đất đai.",
    solution: "Một đầu mối tiếp nhận, chuyển hồ sơ điện tử giữa các bộ phận.",
    benefit: "Giảm hai lượt đi lại cho mỗi hồ sơ.",
    appliedBefore: false,
    appliedAt: null,
    confidential: SECRET_CONFIDENTIAL,
    authorType: "business",
    author: { ...SECRET_AUTHOR, share: 60 },
    coAuthors: [{ fullName: SECRET_COAUTHOR, share: 40, email: SECRET_COAUTHOR_EMAIL, consentPublishName: false }],
    consentData: true,
    consentPublishName: false,
    lang: "vi",
    ...overrides,
  };
}

export async function userId(db: DB, email: string): Promise<number> {
  const u = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return u.id;
}

export async function staffIds(db: DB) {
  return {
    admin: await userId(db, "admin@example.org"),
    secretary: await userId(db, "secretary@example.org"),
    chair: await userId(db, "chair@example.org"),
    r1: await userId(db, "reviewer1@example.org"),
    r2: await userId(db, "reviewer2@example.org"),
    r3: await userId(db, "reviewer3@example.org"),
  };
}

export async function signIn(db: DB, email: string): Promise<string> {
  const { id, expires } = await createSessionRow(db, await userId(db, email));
  const header = await commitSessionCookie(id, expires);
  return header.split(";")[0];
}

export async function assign(db: DB, initiativeId: number, reviewerId: number, assignedBy: number, dueOn?: string) {
  const a = await db
    .insertInto("assignments")
    .values({
      initiative_id: initiativeId,
      reviewer_id: reviewerId,
      assigned_by: assignedBy,
      assigned_at: new Date().toISOString(),
      due_on: dueOn ?? toDateOnly(addDays(new Date(), 14)),
      status: "assigned",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return a.id;
}

/** A fresh initiative in review with the given reviewers assigned; returns its id, code and assignment ids. */
export async function initiativeInReview(
  db: DB,
  reviewers: number[],
  overrides: Partial<SubmissionData> = {},
  /** `conflictUnanswered`: the reviewers have not yet answered the conflict question (by default they answered "no") */
  opts: { withoutReviewerCopy?: boolean; conflictUnanswered?: boolean } = {},
) {
  const secretary = await userId(db, "secretary@example.org");
  const created = await createInitiative(db, submission(overrides), [], { submitKey: `fixture-${Date.now()}-${++counter}` });
  await transition(db, { initiativeId: created.id, to: "screening", actor: "secretary", actorUserId: secretary });
  // As on the staff side: reviewers are assigned once the secretary saved the reviewer copy.
  if (!opts.withoutReviewerCopy) await makeReviewerCopy(db, created.id, secretary);
  const assignments: number[] = [];
  for (const r of reviewers) assignments.push(await assign(db, created.id, r, secretary));
  await transition(db, { initiativeId: created.id, to: "in_review", actor: "secretary", actorUserId: secretary });
  // Most tests read or score the content, which a reviewer sees once they answered that they know neither the
  // author nor the author's organisation.
  if (!opts.conflictUnanswered) {
    for (const [k, r] of reviewers.entries()) await answerNoConflict(db, { assignmentId: assignments[k], reviewerId: r });
  }
  return { id: created.id, code: created.code, token: created.accessToken, assignments };
}

export async function statusOf(db: DB, id: number) {
  return db.selectFrom("initiatives").select(["status", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

export async function currentCriteria(db: DB) {
  return db
    .selectFrom("rubric_criteria")
    .innerJoin("rubric_versions", "rubric_versions.id", "rubric_criteria.rubric_version_id")
    .select(["rubric_criteria.id", "rubric_criteria.key", "rubric_criteria.scale_min", "rubric_criteria.scale_max"])
    .where("rubric_versions.is_current", "=", 1)
    .orderBy("rubric_criteria.position")
    .execute();
}

/** The reviewer copy as the secretary would save it from the page's suggestions (every flag redacted, no file forwarded). */
export async function makeReviewerCopy(db: DB, initiativeId: number, secretaryId?: number, attachmentIds: number[] = []) {
  const editor = await reviewerCopyEditor(db, initiativeId);
  await saveReviewerCopy(db, {
    initiativeId,
    userId: secretaryId ?? (await userId(db, "secretary@example.org")),
    fields: {
      title: editor.fields.title.value,
      problem: editor.fields.problem.value,
      solution: editor.fields.solution.value,
      benefit: editor.fields.benefit.value,
    },
    exchange: Object.fromEntries(editor.exchange.map((e) => [e.eventId, e.value])),
    attachmentIds,
  });
}
