/**
 * The city level (docs/decisions/039-city-level-round.md): yearly rounds of the "Bằng Sáng kiến Thủ đô"
 * (Quyết định 16/2023/QĐ-UBND), the secretary's nominations of recognised, published initiatives, their blind
 * reviews and the city council's decision with its own certificate number.
 *
 * The review machinery is the base level's, not a copy of it: the rubric tables (a version of the city level), the
 * pure aggregation and form parsing (review/aggregation.ts, reviews.server.ts `parseReviewForm`), the blind view of
 * an initiative (`getBlindInitiative`: the reviewer copy, never the authors), the conflicts table (declared against
 * the initiative, so a conflict at either level bars the reviewer at both) and the council's vote rules
 * (council/decision-rules.ts). Only the assignments, reviews and scores have tables of their own, so that no query
 * of the base level has to learn to leave the city level out.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import { engineOf } from "../../../db/client";
import type { Database } from "../../../db/schema";
import { hanoiDate } from "../../utils/clock";
import { isRole, seesIdentities } from "../../utils/permissions";
import { cleanLine, cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { twoThirdsReached, voteErrors } from "../council/decision-rules";
import { checkCouncilVote, councilVoteFields } from "../council/decisions.server";
import { ForbiddenError, InvalidTransitionError, NotFoundError, StaleVersionError, ValidationError } from "../errors";
import { takeNumber } from "../initiative/numbering.server";
import { aggregate, type Aggregate, type CriterionDef, type Recommendation } from "../review/aggregation";
import { hasConflict } from "../review/conflicts.server";
import { COMMENT_MAX, COMMENT_MIN_ON_SUBMIT, MIN_REVIEWS_FOR_COUNCIL } from "../review/review-rules";
import {
  checkReviewScores,
  getBlindInitiative,
  othersSeenBy,
  replaceReviewScores,
  scoresByReview,
  type BlindInitiative,
  type ReviewInput,
} from "../review/reviews.server";
import { criteriaByRubricVersion, criteriaOf } from "../review/rubric.server";
import { ensureReviewerCopy, hasReviewerCopy } from "../screening/reviewer-copy.server";
import type { AssignmentStatus } from "../../domain/vocabulary";
import {
  CITY_AWARD,
  CITY_RUBRIC,
  formatCityCertificateNumber,
  ROUND_TITLE_MAX,
  STATEMENT_MAX,
  STATEMENT_MIN,
  type NominationStatus,
} from "./city-rules";

type Executor = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Rounds

export const roundSchema = z.object({
  year: z
    .string()
    .transform((v) => v.trim())
    .refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2020 && Number(v) <= 2100, { message: "year_invalid" })
    .transform(Number),
  title: z
    .string()
    .transform(cleanLine)
    .refine((v) => v.length >= 5, { message: "title_short" })
    .refine((v) => v.length <= ROUND_TITLE_MAX, { message: "title_long" }),
});

/** The latest city-level rubric version, made from CITY_RUBRIC the first time one is needed. */
async function cityRubricVersion(trx: Transaction<Database>, at: string): Promise<number> {
  const v = await trx.selectFrom("rubric_versions").select("id").where("level", "=", "city").orderBy("id", "desc").executeTakeFirst();
  if (v) return v.id;
  const made = await trx
    .insertInto("rubric_versions")
    .values({ created_at: at, created_by: null, is_current: 0, level: "city" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("rubric_criteria")
    .values(CITY_RUBRIC.map((c, i) => ({ ...c, rubric_version_id: made.id, scale_min: 0, scale_max: 10, position: i })))
    .execute();
  return made.id;
}

export async function createRound(
  db: Kysely<Database>,
  input: { year: number; title: string; actorUserId: number; now?: Date },
): Promise<{ id: number; year: number }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const parsed = roundSchema.safeParse({ year: String(input.year), title: input.title });
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0].message);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("city_rounds").select("id").where("year", "=", parsed.data.year).executeTakeFirst();
    if (taken) throw new ValidationError("round_exists", { fieldErrors: { year: ["round_exists"] } });
    const rubricVersionId = await cityRubricVersion(trx, at);
    const row = await trx
      .insertInto("city_rounds")
      .values({
        year: parsed.data.year,
        title: parsed.data.title,
        rubric_version_id: rubricVersionId,
        created_by: input.actorUserId,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "city.round.create",
      targetType: "city_round",
      targetId: row.id,
      details: { year: parsed.data.year, rubricVersionId },
      now,
    });
    return { id: row.id, year: parsed.data.year };
  });
}

export async function listRounds(db: Executor) {
  const rows = await db
    .selectFrom("city_rounds as r")
    .select((eb) => [
      "r.id",
      "r.year",
      "r.title",
      "r.created_at",
      eb
        .selectFrom("city_nominations as n")
        .select((e) => e.fn.countAll<number>().as("c"))
        .whereRef("n.round_id", "=", "r.id")
        .as("nominations"),
      eb
        .selectFrom("city_nominations as n")
        .select((e) => e.fn.countAll<number>().as("c"))
        .whereRef("n.round_id", "=", "r.id")
        .where("n.status", "=", "recognised")
        .as("recognised"),
    ])
    .orderBy("r.year", "desc")
    .execute();
  return rows.map((r) => ({ ...r, nominations: Number(r.nominations ?? 0), recognised: Number(r.recognised ?? 0) }));
}

export async function getRoundByYear(db: Executor, year: number) {
  return db.selectFrom("city_rounds").selectAll().where("year", "=", year).executeTakeFirst();
}

export async function listNominations(db: Executor, roundId: number) {
  return db
    .selectFrom("city_nominations as n")
    .innerJoin("initiatives as i", "i.id", "n.initiative_id")
    .leftJoin("publications as p", "p.initiative_id", "n.initiative_id")
    .select(["n.id", "n.status", "n.nominated_at", "n.certificate_number", "i.code", "p.title", "p.slug"])
    .where("n.round_id", "=", roundId)
    .orderBy("n.nominated_at")
    .orderBy("n.id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Nominations

export const nominationSchema = z.object({
  code: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .refine((v) => /^SK-\d{4}-\d{1,8}$/.test(v), { message: "code_invalid" }),
  statement: z
    .string()
    .transform((v) => cleanText(v).trim())
    .refine((v) => v.length >= STATEMENT_MIN, { message: "statement_short" })
    .refine((v) => v.length <= STATEMENT_MAX, { message: "statement_long" }),
});

/**
 * Puts a recognised, published initiative forward to a round. Refused: an initiative not published (or not
 * recognised at the base level), one already in this round, one with a nomination still open in another round, and
 * one already recognised at the city level (Quyết định 16/2023: each initiative is recognised once).
 */
export async function nominate(
  db: Kysely<Database>,
  input: { roundId: number; code: string; statement: string; actorUserId: number; now?: Date },
): Promise<{ id: number }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const parsed = nominationSchema.safeParse({ code: input.code, statement: input.statement });
  if (!parsed.success)
    throw new ValidationError(parsed.error.issues[0].message, {
      fieldErrors: { [String(parsed.error.issues[0].path[0])]: [parsed.error.issues[0].message] },
    });
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom("city_rounds").select(["id", "year"]).where("id", "=", input.roundId).executeTakeFirst();
    if (!round) throw new NotFoundError();
    const i = await trx.selectFrom("initiatives").select(["id", "status"]).where("code", "=", parsed.data.code).executeTakeFirst();
    if (!i) throw new ValidationError("initiative_unknown", { fieldErrors: { code: ["initiative_unknown"] } });
    const decision = await trx.selectFrom("decisions").select("outcome").where("initiative_id", "=", i.id).executeTakeFirst();
    if (decision?.outcome !== "recognised") throw new ValidationError("not_recognised", { fieldErrors: { code: ["not_recognised"] } });
    const published = await trx.selectFrom("publications").select("initiative_id").where("initiative_id", "=", i.id).executeTakeFirst();
    if (i.status !== "published" || !published) throw new ValidationError("not_published", { fieldErrors: { code: ["not_published"] } });
    const earlier = await trx.selectFrom("city_nominations").select(["round_id", "status"]).where("initiative_id", "=", i.id).execute();
    if (earlier.some((n) => n.round_id === round.id)) throw new InvalidTransitionError("already_nominated");
    if (earlier.some((n) => n.status === "recognised")) throw new InvalidTransitionError("already_city_recognised");
    if (earlier.some((n) => n.status === "nominated" || n.status === "in_review")) throw new InvalidTransitionError("nomination_open");
    const row = await trx
      .insertInto("city_nominations")
      .values({
        round_id: round.id,
        initiative_id: i.id,
        statement: parsed.data.statement,
        nominated_by: input.actorUserId,
        nominated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "city.nominate",
      targetType: "city_nomination",
      targetId: row.id,
      details: { roundYear: round.year, initiativeId: i.id },
      now,
    });
    return { id: row.id };
  });
}

export interface NominationView {
  id: number;
  status: NominationStatus;
  version: number;
  statement: string;
  nominatedAt: string;
  round: { id: number; year: number; title: string; rubricVersionId: number };
  initiative: { id: number; code: string; title: string; slug: string | null };
  decision: {
    membersPresent: number;
    votesFor: number;
    votesAgainst: number;
    votesAbstain: number;
    reason: string;
    certificateNumber: string | null;
    decidedAt: string;
  } | null;
}

/** The nomination as staff who may see it (secretary, chair, administrator) read it: the public title, no authors. */
export async function getNomination(db: Executor, id: number): Promise<NominationView> {
  const n = await db
    .selectFrom("city_nominations as n")
    .innerJoin("city_rounds as r", "r.id", "n.round_id")
    .innerJoin("initiatives as i", "i.id", "n.initiative_id")
    .leftJoin("publications as p", "p.initiative_id", "n.initiative_id")
    .select([
      "n.id",
      "n.status",
      "n.version",
      "n.statement",
      "n.nominated_at",
      "n.members_present",
      "n.votes_for",
      "n.votes_against",
      "n.votes_abstain",
      "n.reason",
      "n.certificate_number",
      "n.decided_at",
      "r.id as round_id",
      "r.year",
      "r.title as round_title",
      "r.rubric_version_id",
      "i.id as initiative_id",
      "i.code",
      "p.title",
      "p.slug",
    ])
    .where("n.id", "=", id)
    .executeTakeFirst();
  if (!n) throw new NotFoundError();
  return {
    id: n.id,
    status: n.status,
    version: n.version,
    statement: n.statement,
    nominatedAt: n.nominated_at,
    round: { id: n.round_id, year: n.year, title: n.round_title, rubricVersionId: n.rubric_version_id },
    initiative: { id: n.initiative_id, code: n.code, title: n.title ?? n.code, slug: n.slug },
    decision:
      n.decided_at !== null
        ? {
            membersPresent: n.members_present ?? 0,
            votesFor: n.votes_for ?? 0,
            votesAgainst: n.votes_against ?? 0,
            votesAbstain: n.votes_abstain ?? 0,
            reason: n.reason ?? "",
            certificateNumber: n.certificate_number,
            decidedAt: n.decided_at,
          }
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Assignments

/** Reviewers to offer: active, holding the reviewer role, able to review blind; marked when they may not be chosen. */
export async function cityReviewerOptions(db: Executor, nominationId: number) {
  const n = await db.selectFrom("city_nominations").select("initiative_id").where("id", "=", nominationId).executeTakeFirst();
  if (!n) throw new NotFoundError();
  const [reviewers, roles, conflicts, assigned] = await Promise.all([
    db
      .selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.id", "users.name"])
      .where("user_roles.role", "=", "reviewer")
      .where("users.active", "=", 1)
      .orderBy("users.name")
      .execute(),
    db.selectFrom("user_roles").select(["user_id", "role"]).execute(),
    db.selectFrom("conflicts").select("reviewer_id").where("initiative_id", "=", n.initiative_id).execute(),
    db.selectFrom("city_assignments").select("reviewer_id").where("nomination_id", "=", nominationId).execute(),
  ]);
  const c = new Set(conflicts.map((r) => r.reviewer_id));
  const a = new Set(assigned.map((r) => r.reviewer_id));
  return reviewers
    .filter(
      (r) =>
        !seesIdentities(
          roles
            .filter((x) => x.user_id === r.id)
            .map((x) => x.role)
            .filter(isRole),
        ),
    )
    .map((r) => ({ id: r.id, name: r.name, conflict: c.has(r.id), assigned: a.has(r.id) }));
}

export async function listCityAssignments(db: Executor, nominationId: number) {
  return db
    .selectFrom("city_assignments as a")
    .innerJoin("users as u", "u.id", "a.reviewer_id")
    .select(["a.id", "a.reviewer_id", "u.name as reviewer_name", "a.status", "a.due_on", "a.assigned_at"])
    .where("a.nomination_id", "=", nominationId)
    .orderBy("a.id")
    .execute();
}

/**
 * Assigns reviewers to a nomination (nominated → in review on the first ones). Every reviewer is checked as at the
 * base level: an active reviewer who cannot see identities, no conflict declared on the initiative, not already
 * assigned here; the due date is a Hà Nội date not yet past. One refusal refuses the whole form.
 */
export async function assignCityReviewers(
  db: Kysely<Database>,
  input: { nominationId: number; reviewerIds: number[]; dueOn: string; actorUserId: number; now?: Date },
): Promise<{ assigned: number }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const ids = [...new Set(input.reviewerIds)];
  if (ids.length === 0) throw new ValidationError("reviewer_required", { fieldErrors: { reviewers: ["reviewer_required"] } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || input.dueOn <= hanoiDate(now)) {
    throw new ValidationError("due_invalid", { fieldErrors: { dueOn: ["due_invalid"] } });
  }
  return db.transaction().execute(async (trx) => {
    const n = await lockNomination(trx, input.nominationId);
    if (!n) throw new NotFoundError();
    if (n.status !== "nominated" && n.status !== "in_review") throw new InvalidTransitionError("nomination_closed");
    // Reviewers read the reviewer copy, never the submitted text (which may name the author): as at the base level,
    // none is assigned without one. A case reviewed before copies existed gets one made from its texts now.
    await ensureReviewerCopy(trx, n.initiative_id, now);
    if (!(await hasReviewerCopy(trx, n.initiative_id))) throw new ValidationError("no_reviewer_copy");
    for (const reviewerId of ids) {
      const user = await trx.selectFrom("users").select(["id", "name", "active"]).where("id", "=", reviewerId).executeTakeFirst();
      const roles = (await trx.selectFrom("user_roles").select("role").where("user_id", "=", reviewerId).execute()).map((r) => r.role);
      if (!user || user.active !== 1 || !roles.includes("reviewer") || seesIdentities(roles)) {
        throw new ValidationError("not_reviewer", { fieldErrors: { reviewers: ["not_reviewer"] } });
      }
      if (await hasConflict(trx, n.initiative_id, reviewerId)) {
        throw new ValidationError("reviewer_conflict", {
          fieldErrors: { reviewers: ["reviewer_conflict"] },
          details: { reviewer: user.name },
        });
      }
      const already = await trx
        .selectFrom("city_assignments")
        .select("id")
        .where("nomination_id", "=", n.id)
        .where("reviewer_id", "=", reviewerId)
        .executeTakeFirst();
      if (already)
        throw new ValidationError("already_assigned", {
          fieldErrors: { reviewers: ["already_assigned"] },
          details: { reviewer: user.name },
        });
      const a = await trx
        .insertInto("city_assignments")
        .values({
          nomination_id: n.id,
          reviewer_id: reviewerId,
          assigned_by: input.actorUserId,
          assigned_at: at,
          due_on: input.dueOn,
          status: "assigned",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, {
        actorUserId: input.actorUserId,
        action: "city.assignment.create",
        targetType: "city_assignment",
        targetId: a.id,
        details: { nominationId: n.id, reviewerId, dueOn: input.dueOn },
        now,
      });
    }
    await trx
      .updateTable("city_nominations")
      .set({ status: "in_review", version: n.version + 1 })
      .where("id", "=", n.id)
      .execute();
    return { assigned: ids.length };
  });
}

/**
 * The nomination's row, locked until the transaction ends on PostgreSQL (as reviews.server.ts locks an initiative):
 * two last reviews, or a review and the decision, then see each other. SQLite's write transaction holds the lock.
 */
async function lockNomination(trx: Executor, id: number) {
  return trx
    .selectFrom("city_nominations")
    .select(["id", "status", "version", "initiative_id", "round_id"])
    .where("id", "=", id)
    .$if(engineOf(trx) === "postgres", (q) => q.forUpdate())
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Blind review

export interface CityAssignmentRow {
  id: number;
  status: AssignmentStatus;
  due_on: string;
  year: number;
  code: string;
  title: string;
  nominationStatus: NominationStatus;
}

/** A reviewer's city-level assignments (not those given up for a conflict), open ones first; titles from the reviewer copy. */
export async function listReviewerCityAssignments(db: Executor, reviewerId: number): Promise<CityAssignmentRow[]> {
  const rows = await db
    .selectFrom("city_assignments as a")
    .innerJoin("city_nominations as n", "n.id", "a.nomination_id")
    .innerJoin("city_rounds as r", "r.id", "n.round_id")
    .innerJoin("initiatives as i", "i.id", "n.initiative_id")
    .leftJoin("reviewer_copies as rc", "rc.initiative_id", "n.initiative_id")
    .select(["a.id", "a.status", "a.due_on", "r.year", "i.code", "rc.title", "n.status as nomination_status"])
    .where("a.reviewer_id", "=", reviewerId)
    .where("a.status", "!=", "conflict")
    .orderBy("a.status")
    .orderBy("a.due_on")
    .orderBy("a.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    due_on: r.due_on,
    year: r.year,
    code: r.code,
    title: r.title ?? r.code,
    nominationStatus: r.nomination_status,
  }));
}

async function requireOwnCityAssignment(db: Executor, assignmentId: number, reviewerId: number) {
  const a = await db.selectFrom("city_assignments").selectAll().where("id", "=", assignmentId).executeTakeFirst();
  if (!a) throw new NotFoundError();
  if (a.reviewer_id !== reviewerId) throw new ForbiddenError();
  if (a.status === "conflict") throw new ForbiddenError("conflict_declared");
  return a;
}

interface CityReviewRow {
  id: number;
  assignment_id: number;
  rubric_version_id: number;
  recommendation: Recommendation | null;
  comment: string;
  submitted_at: string | null;
  scores: Record<number, number>;
}

function reviewRow({ reviewer_name: _own, ...r }: Awaited<ReturnType<typeof reviewsOf>>[number]): CityReviewRow {
  return r;
}

async function reviewsOf(db: Executor, where: { assignmentId?: number; nominationId?: number; submittedOnly?: boolean }) {
  let q = db
    .selectFrom("city_reviews as v")
    .innerJoin("city_assignments as a", "a.id", "v.assignment_id")
    .innerJoin("users as u", "u.id", "a.reviewer_id")
    .select([
      "v.id",
      "v.assignment_id",
      "v.rubric_version_id",
      "v.recommendation",
      "v.comment",
      "v.submitted_at",
      "u.name as reviewer_name",
    ]);
  if (where.assignmentId !== undefined) q = q.where("v.assignment_id", "=", where.assignmentId);
  if (where.nominationId !== undefined) q = q.where("a.nomination_id", "=", where.nominationId);
  if (where.submittedOnly) q = q.where("a.status", "=", "submitted").where("v.submitted_at", "is not", null);
  const rows = await q.orderBy("v.submitted_at").orderBy("v.id").execute();
  if (rows.length === 0) return [];
  const scores = await scoresByReview(
    db,
    "city_review_scores",
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, scores: scores.get(r.id) ?? {} }));
}

export interface CityReviewPage {
  assignment: { id: number; status: AssignmentStatus; due_on: string; overdue: boolean };
  round: { year: number; title: string };
  initiative: BlindInitiative;
  criteria: CriterionDef[];
  review: CityReviewRow | null;
  others:
    | {
        label: string;
        criteria: CriterionDef[];
        scores: Record<number, number>;
        recommendation: Recommendation | null;
        comment: string;
        total: number | null;
      }[]
    | null;
  editable: boolean;
}

/** What a reviewer's browser receives: the blind view of the initiative (no author, ever) and the round's rubric. */
export async function getCityReviewPage(db: Executor, assignmentId: number, reviewerId: number, now = new Date()): Promise<CityReviewPage> {
  const a = await requireOwnCityAssignment(db, assignmentId, reviewerId);
  const n = await db
    .selectFrom("city_nominations as n")
    .innerJoin("city_rounds as r", "r.id", "n.round_id")
    .select(["n.initiative_id", "n.status", "r.year", "r.title", "r.rubric_version_id"])
    .where("n.id", "=", a.nomination_id)
    .executeTakeFirstOrThrow();
  const initiative = await getBlindInitiative(db, n.initiative_id);
  if (!initiative) throw new NotFoundError();
  const [review] = await reviewsOf(db, { assignmentId: a.id });
  const criteria = await criteriaOf(db, review?.rubric_version_id ?? n.rubric_version_id);
  let others: CityReviewPage["others"] = null;
  if (a.status === "submitted") {
    const all = await reviewsOf(db, { nominationId: a.nomination_id, submittedOnly: true });
    const criteriaByVersion = await criteriaByRubricVersion(
      db,
      all.map((r) => r.rubric_version_id),
    );
    others = othersSeenBy(
      all.map((r) => ({ ...r, criteria: criteriaByVersion.get(r.rubric_version_id) ?? [] })),
      a.id,
    );
  }
  const editable = a.status === "assigned" && n.status === "in_review";
  return {
    assignment: { id: a.id, status: a.status, due_on: a.due_on, overdue: editable && a.due_on < hanoiDate(now) },
    round: { year: n.year, title: n.title },
    initiative,
    criteria,
    review: review ? reviewRow(review) : null,
    others,
    editable,
  };
}

export interface SaveCityReviewInput extends ReviewInput {
  assignmentId: number;
  reviewerId: number;
  submit: boolean;
  now?: Date;
}

/** Saves a draft or submits the review, in one transaction, on the round's rubric version. */
export async function saveCityReview(db: Kysely<Database>, input: SaveCityReviewInput): Promise<{ submitted: boolean }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const a = await requireOwnCityAssignment(trx, input.assignmentId, input.reviewerId);
    if (a.status !== "assigned") throw new InvalidTransitionError("review_closed");
    const n = await lockNomination(trx, a.nomination_id);
    if (n?.status !== "in_review") throw new InvalidTransitionError("review_closed");
    const round = await trx.selectFrom("city_rounds").select("rubric_version_id").where("id", "=", n.round_id).executeTakeFirstOrThrow();
    let review = await trx
      .selectFrom("city_reviews")
      .select(["id", "rubric_version_id"])
      .where("assignment_id", "=", a.id)
      .executeTakeFirst();
    const rubricVersionId = review?.rubric_version_id ?? round.rubric_version_id;
    const criteria = await criteriaOf(trx, rubricVersionId);
    checkReviewScores(criteria, input.scores, input.submit);
    const comment = cleanText(input.comment).trim();
    if (comment.length > COMMENT_MAX) throw new ValidationError("comment_long");
    if (input.submit && (input.recommendation === null || comment.length < COMMENT_MIN_ON_SUBMIT)) {
      throw new ValidationError(input.recommendation === null ? "recommendation_required" : "comment_required");
    }
    if (!review) {
      review = await trx
        .insertInto("city_reviews")
        .values({
          assignment_id: a.id,
          rubric_version_id: rubricVersionId,
          recommendation: input.recommendation,
          comment,
          submitted_at: input.submit ? at : null,
          updated_at: at,
        })
        .returning(["id", "rubric_version_id"])
        .executeTakeFirstOrThrow();
    } else {
      await trx
        .updateTable("city_reviews")
        .set({ recommendation: input.recommendation, comment, submitted_at: input.submit ? at : null, updated_at: at })
        .where("id", "=", review.id)
        .execute();
    }
    await replaceReviewScores(trx, "city_review_scores", review.id, criteria, input.scores);
    if (input.submit) {
      await trx
        .updateTable("city_assignments")
        .set({ status: "submitted" })
        .where("id", "=", a.id)
        .where("status", "=", "assigned")
        .execute();
      await audit(trx, {
        actorUserId: input.reviewerId,
        action: "city.review.submit",
        targetType: "city_assignment",
        targetId: a.id,
        details: { nominationId: a.nomination_id, reviewId: review.id, recommendation: input.recommendation },
        now,
      });
    }
    return { submitted: input.submit };
  });
}

/**
 * The reviewer gives the assignment up for a conflict of interest: recorded in `conflicts` against the initiative
 * (so the reviewer is never assigned to it again, at either level), the draft goes, the secretary assigns another.
 */
export async function declareCityConflict(
  db: Kysely<Database>,
  input: { assignmentId: number; reviewerId: number; type: "relationship" | "same_organisation" | "other"; note: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const a = await requireOwnCityAssignment(trx, input.assignmentId, input.reviewerId);
    if (a.status !== "assigned") throw new InvalidTransitionError("review_closed");
    const n = await lockNomination(trx, a.nomination_id);
    if (!n) throw new NotFoundError();
    await trx.updateTable("city_assignments").set({ status: "conflict" }).where("id", "=", a.id).execute();
    await trx.deleteFrom("city_reviews").where("assignment_id", "=", a.id).execute();
    await trx
      .insertInto("conflicts")
      .values({
        initiative_id: n.initiative_id,
        reviewer_id: input.reviewerId,
        type: input.type,
        note: input.note,
        declared_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(["initiative_id", "reviewer_id"]).doNothing())
      .execute();
    await audit(trx, {
      actorUserId: input.reviewerId,
      action: "city.review.conflict",
      targetType: "city_assignment",
      targetId: a.id,
      details: { nominationId: n.id, initiativeId: n.initiative_id, type: input.type },
      now,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Aggregation and the council's decision

export interface CityAggregate {
  reviews: { label: string; reviewerName: string; recommendation: Recommendation | null; comment: string; total: number | null }[];
  aggregate: Aggregate;
  assignments: { total: number; submitted: number; pending: number; conflicts: number };
  /** every active assignment's review is in, and at least MIN_REVIEWS_FOR_COUNCIL of them */
  readyForDecision: boolean;
}

export async function getCityAggregate(db: Executor, nominationId: number): Promise<CityAggregate> {
  const reviews = await reviewsOf(db, { nominationId, submittedOnly: true });
  const criteriaByVersion = await criteriaByRubricVersion(
    db,
    reviews.map((r) => r.rubric_version_id),
  );
  const agg = aggregate(
    reviews.map((r) => ({
      rubricVersionId: r.rubric_version_id,
      criteria: criteriaByVersion.get(r.rubric_version_id) ?? [],
      scores: r.scores,
      recommendation: r.recommendation,
    })),
  );
  const counts = await db.selectFrom("city_assignments").select("status").where("nomination_id", "=", nominationId).execute();
  const assignments = {
    total: counts.length,
    submitted: counts.filter((c) => c.status === "submitted").length,
    pending: counts.filter((c) => c.status === "assigned").length,
    conflicts: counts.filter((c) => c.status === "conflict").length,
  };
  return {
    reviews: reviews.map((r, i) => ({
      label: String(i + 1),
      reviewerName: r.reviewer_name,
      recommendation: r.recommendation,
      comment: r.comment,
      total: agg.reviewTotals[i],
    })),
    aggregate: agg,
    assignments,
    readyForDecision: assignments.pending === 0 && assignments.submitted >= MIN_REVIEWS_FOR_COUNCIL,
  };
}

/** The city council's decision form: the base council's vote fields and rules (decisions.server.ts, decision-rules.ts). */
export const cityDecisionSchema = z.object(councilVoteFields).superRefine((d, ctx) => {
  const errs = voteErrors(d);
  for (const [path, message] of Object.entries(errs)) ctx.addIssue({ code: "custom", path: [path], message });
  if (Object.keys(errs).length > 0) return;
  const reached = twoThirdsReached(d.membersPresent, d.votesFor);
  if (d.outcome === "recognised" && !reached) ctx.addIssue({ code: "custom", path: ["votesFor"], message: "two_thirds" });
  if (d.outcome === "not_recognised" && reached) ctx.addIssue({ code: "custom", path: ["outcome"], message: "vote_contradicts_outcome" });
});

export type CityDecisionForm = z.output<typeof cityDecisionSchema>;

/**
 * Records the city council's decision on a nomination whose reviews are all in. A recognition takes the round
 * year's next TP number in the same transaction (numbering.server.ts); a refusal anywhere rolls the number back.
 */
export async function decideNomination(
  db: Kysely<Database>,
  input: Omit<CityDecisionForm, "version"> & { nominationId: number; expectedVersion: number; actorUserId: number; now?: Date },
): Promise<{ certificateNumber: string | null }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const reason = checkCouncilVote(input);
  return db.transaction().execute(async (trx) => {
    const n = await lockNomination(trx, input.nominationId);
    if (!n) throw new NotFoundError();
    if (n.version !== input.expectedVersion) throw new StaleVersionError({ currentStatus: n.status, currentVersion: n.version });
    if (n.status !== "in_review") throw new InvalidTransitionError("nomination_closed", { currentStatus: n.status });
    const counts = await trx.selectFrom("city_assignments").select("status").where("nomination_id", "=", n.id).execute();
    const active = counts.filter((c) => c.status !== "conflict");
    if (active.length < MIN_REVIEWS_FOR_COUNCIL || active.some((c) => c.status !== "submitted")) {
      throw new InvalidTransitionError("reviews_incomplete");
    }
    const round = await trx.selectFrom("city_rounds").select("year").where("id", "=", n.round_id).executeTakeFirstOrThrow();
    const certificateNumber =
      input.outcome === "recognised"
        ? formatCityCertificateNumber(round.year, await takeNumber(trx as Transaction<Database>, "city_certificate", round.year))
        : null;
    const updated = await trx
      .updateTable("city_nominations")
      .set({
        status: input.outcome,
        version: n.version + 1,
        members_present: input.membersPresent,
        votes_for: input.votesFor,
        votes_against: input.votesAgainst,
        votes_abstain: input.votesAbstain,
        reason,
        certificate_number: certificateNumber,
        decided_at: at,
        decided_by: input.actorUserId,
      })
      .where("id", "=", n.id)
      .where("version", "=", n.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new StaleVersionError({ currentStatus: n.status });
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "city.decision.record",
      targetType: "city_nomination",
      targetId: n.id,
      details: {
        initiativeId: n.initiative_id,
        outcome: input.outcome,
        membersPresent: input.membersPresent,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
        votesAbstain: input.votesAbstain,
        certificateNumber,
      },
      now,
    });
    return { certificateNumber };
  });
}

// ---------------------------------------------------------------------------------------------
// Public reads

export interface CityRecognition {
  year: number;
  roundTitle: string;
  certificateNumber: string;
  decidedAt: string;
}

/** A published initiative's city-level recognition, for its public page (at most one: each is recognised once). */
export async function cityRecognitionBySlug(db: Executor, slug: string): Promise<CityRecognition | null> {
  const row = await db
    .selectFrom("city_nominations as n")
    .innerJoin("publications as p", "p.initiative_id", "n.initiative_id")
    .innerJoin("city_rounds as r", "r.id", "n.round_id")
    .select(["r.year", "r.title", "n.certificate_number", "n.decided_at"])
    .where("p.slug", "=", slug)
    .where("n.status", "=", "recognised")
    .orderBy("r.year")
    .executeTakeFirst();
  if (!row?.certificate_number || !row.decided_at) return null;
  return { year: row.year, roundTitle: row.title, certificateNumber: row.certificate_number, decidedAt: row.decided_at };
}

/** A TP number's facts for /certificates: the award and, while it is published, the initiative's public title. */
export async function verifyCityCertificate(db: Executor, number: string) {
  const row = await db
    .selectFrom("city_nominations as n")
    .leftJoin("publications as p", "p.initiative_id", "n.initiative_id")
    .select(["n.decided_at", "p.slug", "p.title", "p.author_name", "p.co_author_names"])
    .where("n.certificate_number", "=", number)
    .where("n.status", "=", "recognised")
    .executeTakeFirst();
  if (!row?.decided_at) return null;
  return {
    decidedAt: row.decided_at,
    level: { code: CITY_AWARD.code, nameVi: CITY_AWARD.nameVi, nameEn: CITY_AWARD.nameEn },
    publication: row.slug ? row : null,
  };
}
