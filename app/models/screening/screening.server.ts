/**
 * What the secretary does with a new submission: screen it, ask for more information, reject it with a
 * reason, assign reviewers (and later add one, e.g. after a conflict), or send it to the council early.
 * Every status change goes through `transition` (the version from the page guards against stale pages),
 * which audits it in the same transaction.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { hanoiDate as todayInHanoi } from "../../utils/clock";
import { InvalidTransitionError, NotFoundError, StaleVersionError, ValidationError } from "../errors";
import { isRole, seesIdentities } from "../../utils/permissions";
import { audit } from "../audit/audit.server";
import { conflictedReviewerIds } from "../review/conflicts.server";
import type { Status } from "../initiative/lifecycle";
import type { EventKind } from "../../domain/vocabulary";
import { recordStaffEvent, transition } from "../initiative/lifecycle.server";
import { enqueueReviewerAssigned } from "../review/reminders.server";
import { ensureReviewerCopy, hasReviewerCopy } from "./reviewer-copy.server";
import { workingDayCalendar } from "../calendar/calendar.server";
import { reviewDueOn } from "../service-targets/targets";

type Trx = Transaction<Database>;

export const MIN_REVIEWERS = 2;
export { MESSAGE_MAX } from "./limits";

/**
 * The due date the assignment form offers and automatic assignment gives: the service target's working days
 * (`reviewDueOn`) counted from today in Hà Nội on the calendar with the announced adjustments, so a review
 * assigned before Tết is not due in the middle of it.
 */
export async function defaultReviewDueOn(db: Kysely<Database>, now = new Date()): Promise<string> {
  const calendar = await workingDayCalendar(db);
  return reviewDueOn(todayInHanoi(now), calendar.addWorkingDays);
}

interface Base {
  initiativeId: number;
  userId: number;
  expectedVersion: number;
  now?: Date;
}

function move(trx: Trx, b: Base, to: Status, extra: { message?: string | null; kind?: EventKind } = {}) {
  return transition(trx, {
    initiativeId: b.initiativeId,
    to,
    actor: "secretary",
    actorUserId: b.userId,
    expectedVersion: b.expectedVersion,
    message: extra.message ?? null,
    kind: extra.kind,
    now: b.now,
  });
}

/** submitted → screening, or back from needs_info without waiting for the reply. */
export function startScreening(db: Kysely<Database>, b: Base) {
  return db.transaction().execute((trx) => move(trx, b, "screening"));
}

/** screening → needs_info; the lifecycle emails the message and the tracking page shows it. */
export function requestInformation(db: Kysely<Database>, b: Base & { message: string }) {
  return db.transaction().execute((trx) => move(trx, b, "needs_info", { message: b.message, kind: "request_info" }));
}

export function rejectInitiative(db: Kysely<Database>, b: Base & { reason: string }) {
  return db.transaction().execute((trx) => move(trx, b, "rejected", { message: b.reason }));
}

export function sendToCouncil(db: Kysely<Database>, b: Base) {
  return db.transaction().execute((trx) => move(trx, b, "council"));
}

export interface ReviewerChoice {
  reviewerId: number;
  dueOn: string;
}

/** Why an assignment was refused, for the form to show at the right field. */
export class AssignmentError extends ValidationError {
  constructor(
    public readonly problem:
      "at_least_two" | "bad_reviewer" | "conflict" | "bad_due" | "already_assigned" | "sees_identities" | "no_reviewer_copy",
    public readonly reviewerId?: number,
  ) {
    super(problem, { details: reviewerId === undefined ? {} : { reviewerId } });
  }
}

async function checkReviewers(trx: Trx, initiativeId: number, choices: ReviewerChoice[], today: string) {
  const ids = choices.map((c) => c.reviewerId);
  const valid = ids.length
    ? await trx
        .selectFrom("users")
        .innerJoin("user_roles", "user_roles.user_id", "users.id")
        .select(["users.id", "users.email", "users.name"])
        .where("users.id", "in", ids)
        .where("users.active", "=", 1)
        .where("user_roles.role", "=", "reviewer")
        .execute()
    : [];
  const byId = new Map(valid.map((u) => [u.id, u]));
  for (const c of choices) if (!byId.has(c.reviewerId)) throw new AssignmentError("bad_reviewer", c.reviewerId);
  // A reviewer who may also open the full submission would not review blind.
  const roles = await trx.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", ids).execute();
  for (const c of choices) {
    if (
      seesIdentities(
        roles
          .filter((r) => r.user_id === c.reviewerId)
          .map((r) => r.role)
          .filter(isRole),
      )
    ) {
      throw new AssignmentError("sees_identities", c.reviewerId);
    }
  }
  const conflicted = new Set(await conflictedReviewerIds(trx, initiativeId));
  for (const c of choices) if (conflicted.has(c.reviewerId)) throw new AssignmentError("conflict", c.reviewerId);
  for (const c of choices) if (!/^\d{4}-\d{2}-\d{2}$/.test(c.dueOn) || c.dueOn < today) throw new AssignmentError("bad_due", c.reviewerId);
  const current = await trx
    .selectFrom("assignments")
    .select("reviewer_id")
    .where("initiative_id", "=", initiativeId)
    .where("reviewer_id", "in", ids)
    .where("status", "!=", "conflict")
    .execute();
  if (current.length) throw new AssignmentError("already_assigned", current[0].reviewer_id);
  return byId;
}

async function insertAssignments(trx: Trx, b: Base, choices: ReviewerChoice[], reviewers: Map<number, { email: string; name: string }>) {
  const at = (b.now ?? new Date()).toISOString();
  for (const c of choices) {
    const a = await trx
      .insertInto("assignments")
      .values({
        initiative_id: b.initiativeId,
        reviewer_id: c.reviewerId,
        assigned_by: b.userId,
        assigned_at: at,
        due_on: c.dueOn,
        status: "assigned",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueReviewerAssigned(trx, { assignmentId: a.id, initiativeId: b.initiativeId, reviewerId: c.reviewerId }, b.now);
    await audit(trx, {
      actorUserId: b.userId,
      action: "assignment.create",
      targetType: "assignment",
      targetId: a.id,
      details: { initiativeId: b.initiativeId, reviewerId: c.reviewerId, dueOn: c.dueOn },
      now: b.now,
    });
  }
  // Staff see who reviews; the submitter's history shows only "under review" (blind review).
  await recordStaffEvent(trx, {
    initiativeId: b.initiativeId,
    userId: b.userId,
    kind: "assigned",
    message: choices.map((c) => `${reviewers.get(c.reviewerId)!.name} (${c.dueOn})`).join("; "),
    at,
  });
}

/** Reviewers read only the reviewer copy: none is assigned before the secretary has made it. */
async function requireReviewerCopy(trx: Trx, initiativeId: number) {
  if (!(await hasReviewerCopy(trx, initiativeId))) throw new AssignmentError("no_reviewer_copy");
}

/** screening → in_review with at least two distinct active reviewers, none with a declared conflict. */
export async function assignReviewers(db: Kysely<Database>, b: Base & { reviewers: ReviewerChoice[] }) {
  const distinct = [...new Map(b.reviewers.map((r) => [r.reviewerId, r])).values()];
  if (distinct.length < MIN_REVIEWERS) throw new AssignmentError("at_least_two");
  return db.transaction().execute((trx) => assignReviewersIn(trx, b));
}

/** `assignReviewers` inside the caller's transaction (the automatic assignment confirms several cases in one). */
export async function assignReviewersIn(trx: Trx, b: Base & { reviewers: ReviewerChoice[] }) {
  const distinct = [...new Map(b.reviewers.map((r) => [r.reviewerId, r])).values()];
  if (distinct.length < MIN_REVIEWERS) throw new AssignmentError("at_least_two");
  // The move first: a stale page is a 409 whatever else is wrong; a bad choice after it rolls it back.
  const result = await move(trx, b, "in_review");
  await requireReviewerCopy(trx, b.initiativeId);
  const reviewers = await checkReviewers(trx, b.initiativeId, distinct, todayInHanoi(b.now));
  await insertAssignments(trx, b, distinct, reviewers);
  return result;
}

/** While in review, one more reviewer (e.g. replacing one who declared a conflict). Bumps the version. */
export async function addReviewers(db: Kysely<Database>, b: Base & { reviewers: ReviewerChoice[] }) {
  const distinct = [...new Map(b.reviewers.map((r) => [r.reviewerId, r])).values()];
  if (distinct.length < 1) throw new AssignmentError("bad_reviewer");
  return db.transaction().execute((trx) => addReviewersIn(trx, b));
}

/** `addReviewers` inside the caller's transaction. */
export async function addReviewersIn(trx: Trx, b: Base & { reviewers: ReviewerChoice[] }) {
  const distinct = [...new Map(b.reviewers.map((r) => [r.reviewerId, r])).values()];
  if (distinct.length < 1) throw new AssignmentError("bad_reviewer");
  const row = await trx.selectFrom("initiatives").select(["status", "version"]).where("id", "=", b.initiativeId).executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (row.version !== b.expectedVersion) throw new StaleVersionError({ currentStatus: row.status, currentVersion: row.version });
  if (row.status !== "in_review") throw new InvalidTransitionError("transition_refused", { from: row.status });
  // A case that reached review before copies existed gets its copy now, marked for the secretary to check.
  await ensureReviewerCopy(trx, b.initiativeId, b.now);
  await requireReviewerCopy(trx, b.initiativeId);
  const reviewers = await checkReviewers(trx, b.initiativeId, distinct, todayInHanoi(b.now));
  const bumped = await trx
    .updateTable("initiatives")
    .set({ version: row.version + 1, updated_at: (b.now ?? new Date()).toISOString() })
    .where("id", "=", b.initiativeId)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) !== 1) throw new StaleVersionError({ currentStatus: row.status });
  await insertAssignments(trx, b, distinct, reviewers);
}

export async function addStaffNote(db: Kysely<Database>, input: { initiativeId: number; userId: number; body: string; now?: Date }) {
  await db
    .insertInto("staff_notes")
    .values({
      initiative_id: input.initiativeId,
      user_id: input.userId,
      body: input.body,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
}
