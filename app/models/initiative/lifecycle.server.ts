/**
 * The one place where an initiative's status changes. It checks the transition table
 * (`lifecycle.ts`), guards against stale pages with the row's version, appends the history event,
 * writes the audit row and queues the submitter's email, all inside the caller's transaction. Callers
 * write no audit row of their own for the move: they pass what it should say more (`audit`).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { statusChangedEmail } from "../../../emails/messages";
import { isLang } from "../../i18n/index";
import { getEnv, publicUrl } from "../../utils/env.server";
import { ForbiddenError, InvalidTransitionError, NotFoundError, StaleVersionError } from "../errors";
import { audit } from "../audit/audit.server";
import { TRACKING_TOKEN_PLACEHOLDER } from "../../utils/tokens.server";
import { canTransition, findTransition, isStatus, type Actor, type Status } from "./lifecycle";
import type { EventKind, Visibility } from "../../domain/vocabulary";
import { countDecision } from "../public/statistics.server";
import { syncServiceTime } from "../service-targets/targets.server";
import { notify } from "../notifications/notifications.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface TransitionInput {
  initiativeId: number;
  to: Status;
  actor: Actor;
  actorUserId?: number | null;
  /** the message for the history (and the email); required by some callers, e.g. a rejection reason */
  message?: string | null;
  /** who may see the event: submitter-visible events also email the submitter */
  visibility?: Visibility;
  /** the version the actor's page showed; a different current version is a stale page (409) */
  expectedVersion?: number;
  /** the event's kind in the history, "status" unless the caller says more */
  kind?: EventKind;
  /** set false when the caller sends a more specific email itself */
  notify?: boolean;
  /** what the move's audit row says beyond from, to and actor: a more specific action and its details */
  audit?: { action?: string; details?: Record<string, unknown> };
  now?: Date;
}

export interface TransitionResult {
  eventId: number;
  from: Status;
  to: Status;
  version: number;
}

/**
 * The private link as an email is queued: the secret is a placeholder that the sender fills in with the
 * token of the link's version at the moment of sending, so the outbox never holds a secret either
 * (docs/decisions/012-tracking-links.md).
 */
export function trackUrl(code: string): string {
  return `${publicUrl(getEnv())}/track/${encodeURIComponent(code)}?t=${TRACKING_TOKEN_PLACEHOLDER}`;
}

/** A staff-only entry in the history that changes no status (reviewers assigned, a review in, a conflict). */
export async function recordStaffEvent(
  db: Executor,
  e: { initiativeId: number; userId: number; kind: EventKind; message?: string | null; at: string },
): Promise<void> {
  await db
    .insertInto("events")
    .values({
      initiative_id: e.initiativeId,
      at: e.at,
      actor_type: "staff",
      actor_user_id: e.userId,
      from_status: null,
      to_status: null,
      kind: e.kind,
      message: e.message ?? null,
      visibility: "staff",
    })
    .execute();
}

export async function transition(db: Executor, input: TransitionInput): Promise<TransitionResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const row = await db
    .selectFrom("initiatives")
    .select(["id", "code", "title", "status", "version", "lang", "due_on", "restricted_at"])
    .where("id", "=", input.initiativeId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (!isStatus(row.status)) throw new Error(`unknown status ${row.status}`);
  const from = row.status;

  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
    throw new StaleVersionError({ currentStatus: from, currentVersion: row.version });
  }
  if (!canTransition(from, input.to, input.actor)) {
    // A transition that exists for someone else is forbidden to this actor; one that does not exist is a conflict.
    const exists = findTransition(from, input.to);
    throw exists
      ? new ForbiddenError("transition_refused", { from, to: input.to })
      : new InvalidTransitionError("transition_refused", { from, to: input.to });
  }

  const updated = await db
    .updateTable("initiatives")
    .set({
      status: input.to,
      version: row.version + 1,
      updated_at: at,
      ...(input.to === "recognised" || input.to === "not_recognised" ? { decided_at: at } : {}),
    })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new StaleVersionError({ currentStatus: from });
  }
  // Public statistics are maintained counters (issue 4); only recognised/not_recognised count as decisions.
  await countDecision(db, { initiativeId: row.id, outcome: input.to, decidedAt: at });

  const visibility = input.visibility ?? "submitter";
  const event = await db
    .insertInto("events")
    .values({
      initiative_id: row.id,
      at,
      actor_type: input.actor === "system" ? "system" : input.actor === "submitter" ? "submitter" : "staff",
      actor_user_id: input.actorUserId ?? null,
      from_status: from,
      to_status: input.to,
      kind: input.kind ?? "status",
      message: input.message ?? null,
      visibility,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // The dates /statistics measures timeliness on, from the history just written (service-targets/targets.server.ts).
  await syncServiceTime(db, row.id);

  // Every status change is audited here, so no caller can forget it (and none writes a second row).
  // A staff member's message (a request, a reason) is part of the record; the submitter's own text
  // stays in the history event the row points to.
  await audit(db, {
    actorUserId: input.actorUserId ?? null,
    action: input.audit?.action ?? "initiative.status",
    targetType: "initiative",
    targetId: row.id,
    details: {
      from,
      to: input.to,
      actor: input.actor,
      kind: input.kind ?? "status",
      eventId: event.id,
      ...(input.message && input.actor !== "submitter" ? { message: input.message } : {}),
      ...input.audit?.details,
    },
    now,
  });

  // The staff who must act next are told (notifications.server.ts): the chair of a case ready for the council,
  // the secretaries of a submitter's answer to their request.
  if (input.to === "council") {
    await notify(db, { kind: "ready_for_council", eventKey: `council:${row.id}:${event.id}`, initiativeId: row.id, now });
  }
  if (input.actor === "submitter" && from === "needs_info" && input.to === "screening") {
    await notify(db, { kind: "citizen_replied", eventKey: `replied:${row.id}:${event.id}`, initiativeId: row.id, now });
  }

  // Under a restriction of processing the person gets mail only about their request (privacy/rights.server.ts).
  if (visibility !== "staff" && input.notify !== false && input.actor !== "submitter" && row.restricted_at === null) {
    const author = await db
      .selectFrom("authors")
      .select("email")
      .where("initiative_id", "=", row.id)
      .where("position", "=", 0)
      .executeTakeFirst();
    if (author?.email) {
      const lang = isLang(row.lang) ? row.lang : "vi";
      await enqueueEmail(
        db,
        {
          to: author.email,
          dedupeKey: `status:${row.id}:${event.id}`,
          ...statusChangedEmail({
            lang,
            code: row.code,
            title: row.title,
            dueOn: row.due_on,
            trackUrl: trackUrl(row.code),
            status: input.to,
            message: input.message ?? null,
          }),
        },
        now,
      );
    }
  }

  return { eventId: event.id, from, to: input.to, version: row.version + 1 };
}
