/**
 * Conflicts of interest: a reviewer who declares one is unassigned at once, and the declaration stays,
 * so that reviewer can never be assigned to that initiative again (the assignment action asks `hasConflict`).
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { notify } from "../notifications/notifications.server";
import { InvalidTransitionError } from "../errors";
import { engineOf } from "../../../db/client";
import { cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { recordStaffEvent } from "../initiative/lifecycle.server";
import { moveToCouncilIfComplete, requireOwnAssignment } from "./reviews.server";

type Executor = Kysely<Database> | Transaction<Database>;

import { CONFLICT_TYPES, type ConflictType } from "./review-rules";

export { CONFLICT_TYPES, type ConflictType };

export const conflictSchema = z.object({
  type: z.enum(CONFLICT_TYPES, { errorMap: () => ({ message: "conflict_type" }) }),
  note: z
    .string()
    .transform((v) => cleanText(v).trim())
    .refine((v) => v.length <= 2000, { message: "conflict_note_long" }),
});

/**
 * The form's confirmation: declaring is irreversible, so the box must be ticked (a second step that works without
 * JavaScript). Kept apart from `conflictSchema` so the model's callers need not pass it.
 */
export const conflictConfirmSchema = conflictSchema.extend({
  confirm: z.literal("on", { errorMap: () => ({ message: "conflict_confirm" }) }),
});

/** The first step of a review: the reviewer answers "no, I do not know the author or their organisation". */
export const conflictQuestionSchema = z.object({
  knows: z.enum(["yes", "no"], { errorMap: () => ({ message: "conflict_question" }) }),
});

/**
 * Records the reviewer's "no conflict" answer, after which the page shows the content. Idempotent: a second answer
 * (another tab) changes nothing. A conflict found later can still be declared.
 */
export async function answerNoConflict(
  db: Kysely<Database>,
  input: { assignmentId: number; reviewerId: number; now?: Date },
): Promise<{ answeredAt: string }> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const a = await requireOwnAssignment(trx, input.assignmentId, input.reviewerId);
    if (a.status !== "assigned") throw new InvalidTransitionError("review_closed");
    if (a.no_conflict_at) return { answeredAt: a.no_conflict_at };
    const i = await trx
      .selectFrom("initiatives")
      .select("status")
      .where("id", "=", a.initiative_id)
      .$if(engineOf(trx) === "postgres", (q) => q.forUpdate())
      .executeTakeFirst();
    if (i?.status !== "in_review") throw new InvalidTransitionError("review_closed", { currentStatus: i?.status });
    const at = now.toISOString();
    await trx
      .updateTable("assignments")
      .set({ no_conflict_at: at })
      .where("id", "=", a.id)
      .where("status", "=", "assigned")
      .where("no_conflict_at", "is", null)
      .execute();
    await audit(trx, {
      actorUserId: input.reviewerId,
      action: "review.no_conflict",
      targetType: "assignment",
      targetId: a.id,
      details: { initiativeId: a.initiative_id },
      now,
    });
    return { answeredAt: at };
  });
}

export async function hasConflict(db: Executor, initiativeId: number, reviewerId: number): Promise<boolean> {
  const row = await db
    .selectFrom("conflicts")
    .select("id")
    .where("initiative_id", "=", initiativeId)
    .where("reviewer_id", "=", reviewerId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Reviewer ids with a declared conflict on this initiative: leave them out of the assignment form. */
export async function conflictedReviewerIds(db: Executor, initiativeId: number): Promise<number[]> {
  const rows = await db.selectFrom("conflicts").select("reviewer_id").where("initiative_id", "=", initiativeId).execute();
  return rows.map((r) => r.reviewer_id);
}

export async function listConflicts(db: Executor, initiativeId: number) {
  return db
    .selectFrom("conflicts")
    .innerJoin("users", "users.id", "conflicts.reviewer_id")
    .select([
      "conflicts.id",
      "conflicts.reviewer_id",
      "users.name as reviewer_name",
      "conflicts.type",
      "conflicts.note",
      "conflicts.declared_at",
    ])
    .where("conflicts.initiative_id", "=", initiativeId)
    .orderBy("conflicts.declared_at")
    .execute();
}

export interface DeclareConflictInput {
  assignmentId: number;
  reviewerId: number;
  type: ConflictType;
  note: string;
  now?: Date;
}

/**
 * Records the conflict, ends the assignment (its draft, if any, goes: it must not count), tells the
 * secretaries a replacement is needed and, if the remaining reviews are all in, moves the initiative on.
 */
export async function declareConflict(
  db: Kysely<Database>,
  input: DeclareConflictInput,
): Promise<{ initiativeId: number; movedToCouncil: boolean }> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const a = await requireOwnAssignment(trx, input.assignmentId, input.reviewerId);
    if (a.status !== "assigned") throw new InvalidTransitionError("review_closed");
    const ended = await trx
      .updateTable("assignments")
      .set({ status: "conflict" })
      .where("id", "=", a.id)
      .where("status", "=", "assigned")
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) !== 1) throw new InvalidTransitionError("review_closed");
    await trx.deleteFrom("reviews").where("assignment_id", "=", a.id).execute();
    await trx
      .insertInto("conflicts")
      .values({ initiative_id: a.initiative_id, reviewer_id: input.reviewerId, type: input.type, note: input.note, declared_at: at })
      .onConflict((oc) => oc.columns(["initiative_id", "reviewer_id"]).doNothing())
      .execute();
    await recordStaffEvent(trx, { initiativeId: a.initiative_id, userId: input.reviewerId, kind: "conflict", at });
    await audit(trx, {
      actorUserId: input.reviewerId,
      action: "review.conflict",
      targetType: "assignment",
      targetId: a.id,
      details: { initiativeId: a.initiative_id, type: input.type },
      now,
    });

    // The move first: a case that went to the council with this declaration needs no replacement, and its
    // secretaries must not be asked for one (the notice checks the state it is written in, and again when sent).
    const movedToCouncil = await moveToCouncilIfComplete(trx, a.initiative_id, now);
    await notify(trx, {
      kind: "conflict_declared",
      eventKey: `conflict:${a.id}`,
      initiativeId: a.initiative_id,
      assignmentId: a.id,
      outboxKey: (userId) => `conflict:${a.id}:${userId}`,
      now,
    });
    return { initiativeId: a.initiative_id, movedToCouncil };
  });
}
