/**
 * Review reminders: one notice two working days before an assignment's due date and one once it is overdue,
 * never twice. Each reminder claims its assignment with a conditional update (reminded_*_at still null)
 * in the same transaction as the outbox row, whose dedupe key is a second guard; so the job may run
 * twice, or in two processes at once, and still mail once. They are staff notices (notifications.server.ts), so
 * the reviewer's setting and language apply, and one the review has made obsolete is not sent.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Transaction } from "kysely";
import { hanoiDate } from "../../utils/clock";
import { getEnv, publicUrl } from "../../utils/env.server";
import { workingDayCalendar } from "../calendar/calendar.server";
import { notify } from "../notifications/notifications.server";

type Executor = Kysely<Database>;

export const REMIND_DAYS_BEFORE = 2;

export function reviewUrl(assignmentId: number): string {
  return `${publicUrl(getEnv())}/staff/reviews/${assignmentId}`;
}

export interface ReminderRun {
  before: number;
  overdue: number;
}

export async function sendReviewReminders(db: Executor, now = new Date()): Promise<ReminderRun> {
  // Due dates are Hà Nội dates: "today" and "in two working days" are counted there too.
  const today = hanoiDate(now);
  const soon = (await workingDayCalendar(db)).addWorkingDays(today, REMIND_DAYS_BEFORE);
  const open = () =>
    db
      .selectFrom("assignments")
      .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
      .innerJoin("users", "users.id", "assignments.reviewer_id")
      .select(["assignments.id", "assignments.initiative_id", "assignments.reviewer_id"])
      .where("assignments.status", "=", "assigned")
      .where("initiatives.status", "=", "in_review")
      .where("users.active", "=", 1);

  const overdue = await open().where("assignments.due_on", "<", today).where("assignments.reminded_overdue_at", "is", null).execute();
  const before = await open()
    .where("assignments.due_on", ">=", today)
    .where("assignments.due_on", "<=", soon)
    .where("assignments.reminded_before_at", "is", null)
    .execute();

  const result: ReminderRun = { before: 0, overdue: 0 };
  for (const [kind, rows] of [
    ["overdue", overdue],
    ["before", before],
  ] as const) {
    for (const a of rows) {
      const sent = await db.transaction().execute(async (trx) => {
        const column = kind === "overdue" ? "reminded_overdue_at" : "reminded_before_at";
        const claimed = await trx
          .updateTable("assignments")
          // An overdue reminder also settles the "before" one: it would only arrive late and confuse.
          .set(
            kind === "overdue"
              ? { reminded_overdue_at: now.toISOString(), reminded_before_at: now.toISOString() }
              : { reminded_before_at: now.toISOString() },
          )
          .where("id", "=", a.id)
          .where(column, "is", null)
          .where("status", "=", "assigned")
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return false;
        await notify(trx, {
          kind: kind === "overdue" ? "reviewer_overdue" : "reviewer_due_soon",
          eventKey: `reminder-${kind}:${a.id}`,
          initiativeId: a.initiative_id,
          assignmentId: a.id,
          userIds: [a.reviewer_id],
          outboxKey: () => `reminder-${kind}:${a.id}`,
          now,
        });
        return true;
      });
      if (sent) result[kind] += 1;
    }
  }
  return result;
}

/**
 * The notice to a reviewer when they are assigned, for the assignment action to call in its transaction
 * (outbox key `assigned:<assignmentId>`).
 */
export async function enqueueReviewerAssigned(
  db: Executor | Transaction<Database>,
  a: { assignmentId: number; initiativeId: number; reviewerId: number },
  now = new Date(),
): Promise<void> {
  await notify(db, {
    kind: "reviewer_assigned",
    eventKey: `assigned:${a.assignmentId}`,
    initiativeId: a.initiativeId,
    assignmentId: a.assignmentId,
    userIds: [a.reviewerId],
    outboxKey: () => `assigned:${a.assignmentId}`,
    now,
  });
}
