/**
 * Blind scored review (docs/domain.md "Reviewing rules"). A reviewer reads an initiative without the
 * submitter's identity: the queries here never select from `authors`, nor the confidential field, the submitted
 * title and texts, the files or the messages (any of which may name the submitter). What a reviewer reads of those is
 * the secretary's reviewer copy (screening/reviewer-copy.server.ts: redacted texts, the exchange, forwarded files).
 * See docs/decisions/008-blind-review-and-council-vote.md and 028-reviewer-copy-and-access-log.md.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import { engineOf } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { hanoiDate } from "../../utils/clock";
import { cleanText } from "../../utils/text";
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { aggregate, weightedTotal, type Aggregate, type CriterionDef, type Recommendation, type SubmittedReview } from "./aggregation";
import { audit } from "../audit/audit.server";
import { recordStaffEvent, transition } from "../initiative/lifecycle.server";
import { COMMENT_MAX, COMMENT_MIN_ON_SUBMIT, MIN_REVIEWS_FOR_COUNCIL } from "./review-rules";
import { criteriaByRubricVersion, criteriaOf, descriptorsOf, getCurrentRubric } from "./rubric.server";
import type { Descriptors } from "./bands";
import {
  ensureReviewerCopy,
  forwardedFiles,
  reviewerCopyOf,
  reviewerTitles,
  type ExchangeItem,
  type ForwardedFile,
} from "../screening/reviewer-copy.server";
import type { AssignmentStatus, ProcedureDomain, ReformArea, ScopeType, Status } from "../../domain/vocabulary";

type Executor = Kysely<Database> | Transaction<Database>;

export { COMMENT_MAX, MIN_REVIEWS_FOR_COUNCIL } from "./review-rules";

export interface ReviewerAssignmentRow {
  id: number;
  code: string;
  title: string;
  initiativeStatus: Status;
  status: AssignmentStatus;
  due_on: string;
  assigned_at: string;
  overdue: boolean;
  draftSaved: boolean;
  submitted_at: string | null;
}

/** A reviewer's assignments (not the ones they declared a conflict on), open ones first by due date. */
export async function listReviewerAssignments(db: Executor, reviewerId: number, now = new Date()): Promise<ReviewerAssignmentRow[]> {
  // Due dates are Hà Nội dates: one passes at midnight in Hà Nội.
  const today = hanoiDate(now);
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
    .leftJoin("reviews", "reviews.assignment_id", "assignments.id")
    .select([
      "assignments.id",
      "assignments.status",
      "assignments.due_on",
      "assignments.assigned_at",
      "initiatives.id as initiative_id",
      "initiatives.code",
      "initiatives.status as initiativeStatus",
      "reviews.id as review_id",
      "reviews.submitted_at",
    ])
    .where("assignments.reviewer_id", "=", reviewerId)
    .where("assignments.status", "!=", "conflict")
    .orderBy("assignments.status")
    .orderBy("assignments.due_on")
    .orderBy("assignments.id")
    .execute();
  const titles = await reviewerTitles(
    db,
    rows.map((r) => r.initiative_id),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: titles.get(r.initiative_id) ?? r.code,
    initiativeStatus: r.initiativeStatus,
    status: r.status,
    due_on: r.due_on,
    assigned_at: r.assigned_at,
    // Only a review still awaited can be late: not one of an initiative withdrawn or moved on meanwhile.
    overdue: r.status === "assigned" && r.initiativeStatus === "in_review" && r.due_on < today,
    draftSaved: r.review_id !== null && r.submitted_at === null,
    submitted_at: r.submitted_at,
  }));
}

/** What a reviewer may read of an initiative: its substance as the reviewer copy gives it, never who sent it. */
export interface BlindInitiative {
  id: number;
  code: string;
  title: string;
  status: Status;
  version: number;
  reform_area: ReformArea;
  procedure_domain: ProcedureDomain | null;
  scope_type: ScopeType;
  agency_name: string | null;
  unit_name: string | null;
  problem: string;
  solution: string;
  benefit: string;
  applied_before: number;
  applied_at: string | null;
  submitted_at: string;
}

export async function getBlindInitiative(db: Executor, initiativeId: number): Promise<BlindInitiative | undefined> {
  // The title and texts come from the reviewer copy (made first for a case reviewed before copies existed):
  // the submitted ones may name the author.
  await ensureReviewerCopy(db, initiativeId);
  return (
    db
      .selectFrom("initiatives")
      .innerJoin("reviewer_copies", "reviewer_copies.initiative_id", "initiatives.id")
      .leftJoin("agencies", "agencies.id", "initiatives.agency_id")
      .leftJoin("units", "units.id", "initiatives.unit_id")
      // Listed column by column on purpose: `selectAll` would bring the confidential field and the access token.
      .select([
        "initiatives.id",
        "initiatives.code",
        "reviewer_copies.title",
        "initiatives.status",
        "initiatives.version",
        "initiatives.reform_area",
        "initiatives.procedure_domain",
        "initiatives.scope_type",
        "agencies.name as agency_name",
        "units.name as unit_name",
        "reviewer_copies.problem",
        "reviewer_copies.solution",
        "reviewer_copies.benefit",
        "initiatives.applied_before",
        "initiatives.applied_at",
        "initiatives.submitted_at",
      ])
      .where("initiatives.id", "=", initiativeId)
      .executeTakeFirst()
  );
}

/**
 * What a reviewer sees before answering the conflict question: enough to know whether they know the author or the
 * author's organisation (where it applies, which field), nothing of the content and nobody's identity.
 */
export interface NeutralFacts {
  code: string;
  status: Status;
  reform_area: ReformArea;
  procedure_domain: ProcedureDomain | null;
  scope_type: ScopeType;
  agency_name: string | null;
  unit_name: string | null;
}

async function neutralFactsOf(db: Executor, initiativeId: number): Promise<NeutralFacts | undefined> {
  return db
    .selectFrom("initiatives")
    .leftJoin("agencies", "agencies.id", "initiatives.agency_id")
    .leftJoin("units", "units.id", "initiatives.unit_id")
    .select([
      "initiatives.code",
      "initiatives.status",
      "initiatives.reform_area",
      "initiatives.procedure_domain",
      "initiatives.scope_type",
      "agencies.name as agency_name",
      "units.name as unit_name",
    ])
    .where("initiatives.id", "=", initiativeId)
    .executeTakeFirst();
}

export interface ReviewDraft {
  id: number;
  rubric_version_id: number;
  recommendation: Recommendation | null;
  comment: string;
  submitted_at: string | null;
  updated_at: string;
  scores: Record<number, number>;
}

async function reviewOf(db: Executor, assignmentId: number): Promise<ReviewDraft | null> {
  const r = await db.selectFrom("reviews").selectAll().where("assignment_id", "=", assignmentId).executeTakeFirst();
  if (!r) return null;
  const scores = await db.selectFrom("review_scores").select(["criterion_id", "score"]).where("review_id", "=", r.id).execute();
  return {
    id: r.id,
    rubric_version_id: r.rubric_version_id,
    recommendation: r.recommendation,
    comment: r.comment,
    submitted_at: r.submitted_at,
    updated_at: r.updated_at,
    scores: Object.fromEntries(scores.map((s) => [s.criterion_id, s.score])),
  };
}

export interface OtherReview {
  /** "1", "2", … in the order the reviews came in: reviewers see each other's scores, not names */
  label: string;
  criteria: CriterionDef[];
  scores: Record<number, number>;
  recommendation: Recommendation | null;
  comment: string;
  total: number | null;
  submitted_at: string;
}

/** Submitted reviews of an initiative with their rubric, in the order they came in. */
export async function submittedReviews(db: Executor, initiativeId: number) {
  const rows = await db
    .selectFrom("reviews")
    .innerJoin("assignments", "assignments.id", "reviews.assignment_id")
    .innerJoin("users", "users.id", "assignments.reviewer_id")
    .select([
      "reviews.id",
      "reviews.assignment_id",
      "reviews.rubric_version_id",
      "reviews.recommendation",
      "reviews.comment",
      "reviews.submitted_at",
      "assignments.reviewer_id",
      "users.name as reviewer_name",
    ])
    .where("assignments.initiative_id", "=", initiativeId)
    .where("assignments.status", "=", "submitted")
    .where("reviews.submitted_at", "is not", null)
    .orderBy("reviews.submitted_at")
    .orderBy("reviews.id")
    .execute();
  if (rows.length === 0) return [];
  const scores = await scoresByReview(
    db,
    "review_scores",
    rows.map((r) => r.id),
  );
  const criteriaByVersion = await criteriaByRubricVersion(
    db,
    rows.map((r) => r.rubric_version_id),
  );
  return rows.map((r) => ({
    ...r,
    submitted_at: r.submitted_at as string,
    criteria: criteriaByVersion.get(r.rubric_version_id) ?? [],
    scores: scores.get(r.id) ?? {},
  }));
}

/**
 * The scores of several reviews, by review id and then criterion id, in one query. The base level and the city level
 * keep their scores in tables of the same columns (`review_scores`, `city_review_scores`).
 */
export async function scoresByReview(
  db: Executor,
  table: "review_scores" | "city_review_scores",
  reviewIds: number[],
): Promise<Map<number, Record<number, number>>> {
  const byReview = new Map<number, Record<number, number>>();
  if (reviewIds.length === 0) return byReview;
  const rows: { review_id: number; criterion_id: number; score: number }[] = await db
    .selectFrom(table)
    .select(["review_id", "criterion_id", "score"])
    .where("review_id", "in", reviewIds)
    .execute();
  for (const s of rows) {
    const scores = byReview.get(s.review_id) ?? {};
    scores[s.criterion_id] = s.score;
    byReview.set(s.review_id, scores);
  }
  return byReview;
}

/** A submitted review with its rubric, as both levels read them. */
interface ScoredReview {
  assignment_id: number;
  criteria: CriterionDef[];
  scores: Record<number, number>;
  recommendation: Recommendation | null;
  comment: string;
}

/**
 * What a reviewer who has submitted sees of the other reviews: each numbered "1", "2", … by the order the reviews came
 * in (their own keeps its number and is left out), its total, and no name. `keep` names the review's fields to pass on.
 */
export function othersSeenBy<R extends ScoredReview, K extends keyof R = never>(
  reviews: R[],
  ownAssignmentId: number,
  keep: K[] = [],
): (Omit<OtherReview, "submitted_at"> & Pick<R, K>)[] {
  return reviews
    .map((r, i) => ({ r, label: String(i + 1) }))
    .filter(({ r }) => r.assignment_id !== ownAssignmentId)
    .map(({ r, label }) => ({
      label,
      criteria: r.criteria,
      scores: r.scores,
      recommendation: r.recommendation,
      comment: r.comment,
      total: weightedTotal(r.criteria, r.scores),
      ...(Object.fromEntries(keep.map((k) => [k, r[k]])) as Pick<R, K>),
    }));
}

export interface ReviewPage {
  assignment: { id: number; status: AssignmentStatus; due_on: string; overdue: boolean };
  /** the fields the conflict question is answered from; always there */
  facts: NeutralFacts;
  /**
   * Still to answer "do you know the author or their organisation?": until then the page carries no content
   * (`initiative` null, no draft, no supplement), only the facts and the question.
   */
  conflictQuestion: boolean;
  initiative: BlindInitiative | null;
  criteria: CriterionDef[];
  /** per criterion id: what a low, middle and high score means on this rubric version */
  descriptors: Record<number, Descriptors>;
  rubricVersionId: number;
  review: ReviewDraft | null;
  /** the others' submitted reviews, only once this reviewer has submitted */
  others: OtherReview[] | null;
  /** may still save or submit */
  editable: boolean;
  /** from the reviewer copy: the request for information and the citizen's reply, and the files forwarded */
  supplement: { exchange: ExchangeItem[]; files: ForwardedFile[] };
}

/** The assignment, checked to belong to this reviewer and still be theirs (not given up for a conflict). */
export async function requireOwnAssignment(db: Executor, assignmentId: number, reviewerId: number) {
  const a = await db.selectFrom("assignments").selectAll().where("id", "=", assignmentId).executeTakeFirst();
  if (!a) throw new NotFoundError();
  if (a.reviewer_id !== reviewerId) throw new ForbiddenError();
  if (a.status === "conflict") throw new ForbiddenError("conflict_declared");
  return a;
}

export async function getReviewPage(db: Executor, assignmentId: number, reviewerId: number, now = new Date()): Promise<ReviewPage> {
  const a = await requireOwnAssignment(db, assignmentId, reviewerId);
  const facts = await neutralFactsOf(db, a.initiative_id);
  if (!facts) throw new NotFoundError();
  const conflictQuestion = a.status === "assigned" && !a.no_conflict_at;
  const initiative = conflictQuestion ? null : ((await getBlindInitiative(db, a.initiative_id)) ?? null);
  if (!conflictQuestion && !initiative) throw new NotFoundError();
  const review = conflictQuestion ? null : await reviewOf(db, a.id);
  // A review stays on the rubric it was started on; a new one uses the current rubric.
  const rubricVersionId = review?.rubric_version_id ?? (await getCurrentRubric(db)).versionId;
  const criteria = await criteriaOf(db, rubricVersionId);
  let others: OtherReview[] | null = null;
  if (a.status === "submitted") {
    others = othersSeenBy(await submittedReviews(db, a.initiative_id), a.id, ["submitted_at"]);
  }
  return {
    assignment: {
      id: a.id,
      status: a.status,
      due_on: a.due_on,
      overdue: a.status === "assigned" && facts.status === "in_review" && a.due_on < hanoiDate(now),
    },
    facts,
    conflictQuestion,
    initiative,
    criteria,
    descriptors: await descriptorsOf(db, rubricVersionId),
    rubricVersionId,
    review,
    others,
    editable: a.status === "assigned" && facts.status === "in_review",
    supplement: conflictQuestion ? { exchange: [], files: [] } : await supplementOf(db, a.initiative_id),
  };
}

async function supplementOf(db: Executor, initiativeId: number): Promise<ReviewPage["supplement"]> {
  const found = await reviewerCopyOf(db, initiativeId);
  return { exchange: found?.copy.exchange ?? [], files: found?.files ?? (await forwardedFiles(db, initiativeId)) };
}

// ---------------------------------------------------------------------------------------------
// The review form

export interface ReviewInput {
  scores: Record<number, number | null>;
  recommendation: Recommendation | null;
  comment: string;
}

export type ReviewFieldErrors = Record<string, string>;

/**
 * Parses the form against the rubric. A draft may leave scores, the recommendation and the comment
 * empty; a submission needs them all. Error codes per field: `score_<criterionId>`, `recommendation`, `comment`.
 */
export function parseReviewForm(
  form: FormData | URLSearchParams,
  criteria: readonly CriterionDef[],
  submit: boolean,
): { ok: true; data: ReviewInput } | { ok: false; errors: ReviewFieldErrors; values: Record<string, string> } {
  const errors: ReviewFieldErrors = {};
  const values: Record<string, string> = {};
  const scores: Record<number, number | null> = {};
  for (const c of criteria) {
    const name = `score_${c.id}`;
    const raw = String(form.get(name) ?? "").trim();
    values[name] = raw;
    if (raw === "") {
      scores[c.id] = null;
      if (submit) errors[name] = "score_required";
      continue;
    }
    if (!/^-?\d+$/.test(raw)) {
      errors[name] = "score_integer";
      continue;
    }
    const n = Number(raw);
    if (n < c.scale_min || n > c.scale_max) {
      errors[name] = "score_range";
      continue;
    }
    scores[c.id] = n;
  }
  const rec = String(form.get("recommendation") ?? "");
  values.recommendation = rec;
  const recParsed = z.enum(["recognise", "reject", "discuss"]).safeParse(rec);
  if (rec !== "" && !recParsed.success) errors.recommendation = "recommendation_invalid";
  if (rec === "" && submit) errors.recommendation = "recommendation_required";
  const comment = cleanText(String(form.get("comment") ?? "")).trim();
  values.comment = comment;
  if (comment.length > COMMENT_MAX) errors.comment = "comment_long";
  else if (submit && comment.length < COMMENT_MIN_ON_SUBMIT) errors.comment = "comment_required";
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, data: { scores, recommendation: recParsed.success ? recParsed.data : null, comment } };
}

export interface SaveReviewInput extends ReviewInput {
  assignmentId: number;
  reviewerId: number;
  submit: boolean;
  now?: Date;
}

export interface SaveReviewResult {
  submitted: boolean;
  movedToCouncil: boolean;
}

/**
 * The model's own guard on a review's scores, for a call that skipped the route's parse against the same criteria:
 * each score a whole number on its criterion's scale, and every criterion scored to submit.
 */
export function checkReviewScores(criteria: CriterionDef[], scores: ReviewInput["scores"], submit: boolean): void {
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === null || s === undefined) {
      if (submit) throw new ValidationError("score_required", { details: { criterion: c.key } });
    } else if (!Number.isInteger(s) || s < c.scale_min || s > c.scale_max) {
      throw new ValidationError("score_range", { details: { criterion: c.key } });
    }
  }
}

/** Writes a review's scores anew (the criteria scored; an empty one is no row), in the level's score table. */
export async function replaceReviewScores(
  trx: Transaction<Database>,
  table: "review_scores" | "city_review_scores",
  reviewId: number,
  criteria: CriterionDef[],
  scores: ReviewInput["scores"],
): Promise<void> {
  await trx.deleteFrom(table).where("review_id", "=", reviewId).execute();
  const rows = criteria
    .filter((c) => scores[c.id] !== null && scores[c.id] !== undefined)
    .map((c) => ({ review_id: reviewId, criterion_id: c.id, score: scores[c.id] as number }));
  if (rows.length > 0) await trx.insertInto(table).values(rows).execute();
}

/** Saves a draft or submits the review, in one transaction; a submission may move the initiative to the council. */
export async function saveReview(db: Kysely<Database>, input: SaveReviewInput): Promise<SaveReviewResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const a = await requireOwnAssignment(trx, input.assignmentId, input.reviewerId);
    if (a.status !== "assigned") throw new InvalidTransitionError("review_closed");
    const initiative = await lockInitiative(trx, a.initiative_id);
    if (initiative?.status !== "in_review") throw new InvalidTransitionError("review_closed", { currentStatus: initiative?.status });

    let review = await trx.selectFrom("reviews").select(["id", "rubric_version_id"]).where("assignment_id", "=", a.id).executeTakeFirst();
    const rubricVersionId = review?.rubric_version_id ?? (await getCurrentRubric(trx)).versionId;
    const criteria = await criteriaOf(trx, rubricVersionId);

    checkReviewScores(criteria, input.scores, input.submit);
    if (input.submit && !input.recommendation) throw new ValidationError("recommendation_required");

    const fields = {
      recommendation: input.recommendation,
      comment: input.comment,
      updated_at: at,
      submitted_at: input.submit ? at : null,
    };
    if (review) {
      await trx.updateTable("reviews").set(fields).where("id", "=", review.id).execute();
    } else {
      review = await trx
        .insertInto("reviews")
        .values({ assignment_id: a.id, rubric_version_id: rubricVersionId, ...fields })
        .returning(["id", "rubric_version_id"])
        .executeTakeFirstOrThrow();
    }
    await replaceReviewScores(trx, "review_scores", review.id, criteria, input.scores);

    if (!input.submit) return { submitted: false, movedToCouncil: false };

    const closed = await trx
      .updateTable("assignments")
      .set({ status: "submitted" })
      .where("id", "=", a.id)
      .where("status", "=", "assigned")
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) throw new InvalidTransitionError("review_closed");
    await recordStaffEvent(trx, { initiativeId: a.initiative_id, userId: input.reviewerId, kind: "review_submitted", at });
    await audit(trx, {
      actorUserId: input.reviewerId,
      action: "review.submit",
      targetType: "assignment",
      targetId: a.id,
      details: { initiativeId: a.initiative_id, reviewId: review.id, recommendation: input.recommendation },
      now,
    });
    const movedToCouncil = await moveToCouncilIfComplete(trx, a.initiative_id, now);
    return { submitted: true, movedToCouncil };
  });
}

/**
 * The initiative's status, with its row locked until the transaction ends on PostgreSQL, where transactions run
 * side by side under READ COMMITTED: two reviewers sending the last two reviews at once each counted the other's
 * as still open, and the initiative stayed in review with every review in. On SQLite the transaction began
 * IMMEDIATE and holds the database's write lock already (db/sqlite-immediate.ts); SQLite has no FOR UPDATE.
 */
async function lockInitiative(trx: Executor, initiativeId: number) {
  return trx
    .selectFrom("initiatives")
    .select(["id", "status"])
    .where("id", "=", initiativeId)
    .$if(engineOf(trx) === "postgres", (q) => q.forUpdate())
    .executeTakeFirst();
}

/**
 * When every assignment that is not a declared conflict has its review in (and there are at least
 * MIN_REVIEWS_FOR_COUNCIL of them), the initiative moves to the council, by the system, in the
 * caller's transaction.
 */
export async function moveToCouncilIfComplete(trx: Executor, initiativeId: number, now = new Date()): Promise<boolean> {
  // Locked before the count: of two last reviews committed at once, the second to get here sees the first's.
  const i = await lockInitiative(trx, initiativeId);
  if (i?.status !== "in_review") return false;
  const rows = await trx.selectFrom("assignments").select("status").where("initiative_id", "=", initiativeId).execute();
  const active = rows.filter((r) => r.status !== "conflict");
  if (active.length < MIN_REVIEWS_FOR_COUNCIL || active.some((r) => r.status !== "submitted")) return false;
  await transition(trx, {
    initiativeId,
    to: "council",
    actor: "system",
    actorUserId: null,
    audit: { details: { reason: "reviews_complete" } },
    now,
  });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Aggregation for the secretary and the chair

export interface AggregatePage {
  reviews: {
    label: string;
    reviewerName: string;
    recommendation: Recommendation | null;
    comment: string;
    submitted_at: string;
    criteria: CriterionDef[];
    scores: Record<number, number>;
    total: number | null;
  }[];
  aggregate: Aggregate;
  assignments: { total: number; submitted: number; pending: number; conflicts: number };
}

export async function getAggregate(db: Executor, initiativeId: number): Promise<AggregatePage> {
  const reviews = await submittedReviews(db, initiativeId);
  const subs: SubmittedReview[] = reviews.map((r) => ({
    rubricVersionId: r.rubric_version_id,
    criteria: r.criteria,
    scores: r.scores,
    recommendation: r.recommendation,
  }));
  const counts = await db.selectFrom("assignments").select("status").where("initiative_id", "=", initiativeId).execute();
  const agg = aggregate(subs);
  return {
    reviews: reviews.map((r, i) => ({
      label: String(i + 1),
      reviewerName: r.reviewer_name,
      recommendation: r.recommendation,
      comment: r.comment,
      submitted_at: r.submitted_at,
      criteria: r.criteria,
      scores: r.scores,
      total: agg.reviewTotals[i],
    })),
    aggregate: agg,
    assignments: {
      total: counts.length,
      submitted: counts.filter((c) => c.status === "submitted").length,
      pending: counts.filter((c) => c.status === "assigned").length,
      conflicts: counts.filter((c) => c.status === "conflict").length,
    },
  };
}
