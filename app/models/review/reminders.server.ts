/**
 * Review reminders: one email two days before an assignment's due date and one once it is overdue,
 * never twice. Each reminder claims its assignment with a conditional update (reminded_*_at still null)
 * in the same transaction as the outbox row, whose dedupe key is a second guard; so the job may run
 * twice, or in two processes at once, and still mail once.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { reviewerAssignedEmail, reviewReminderEmail } from "../../../emails/review-messages";
import { addDaysTo, hanoiDate } from "../../utils/clock";
import { getEnv, publicUrl } from "../../utils/env.server";
import { reviewerTitles } from "../screening/reviewer-copy.server";

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
  // Due dates are Hà Nội dates: "today" and "in two days" are counted there too.
  const today = hanoiDate(now);
  const soon = addDaysTo(today, REMIND_DAYS_BEFORE);
  const open = () =>
    db
      .selectFrom("assignments")
      .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
      .innerJoin("users", "users.id", "assignments.reviewer_id")
      .select(["assignments.id", "assignments.due_on", "assignments.initiative_id", "initiatives.code", "users.email"])
      .where("assignments.status", "=", "assigned")
      .where("initiatives.status", "=", "in_review")
      .where("users.active", "=", 1);

  const overdue = await open().where("assignments.due_on", "<", today).where("assignments.reminded_overdue_at", "is", null).execute();
  const before = await open()
    .where("assignments.due_on", ">=", today)
    .where("assignments.due_on", "<=", soon)
    .where("assignments.reminded_before_at", "is", null)
    .execute();

  // Reviewers read the reviewer copy's title, never the submitted one (which may name the author).
  const titles = await reviewerTitles(db, [...overdue, ...before].map((a) => a.initiative_id));
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
        await enqueueEmail(
          trx,
          {
            to: a.email,
            dedupeKey: `reminder-${kind}:${a.id}`,
            ...reviewReminderEmail({ kind, code: a.code, title: titles.get(a.initiative_id) ?? a.code, dueOn: a.due_on, reviewUrl: reviewUrl(a.id) }),
          },
          now,
        );
        return true;
      });
      if (sent) result[kind] += 1;
    }
  }
  return result;
}

/**
 * The email to a reviewer when they are assigned, for the assignment action to call in its transaction
 * (dedupe key `assigned:<assignmentId>`).
 */
export async function enqueueReviewerAssigned(
  db: Parameters<typeof enqueueEmail>[0],
  a: { assignmentId: number; reviewerEmail: string; code: string; title: string; dueOn: string },
  now = new Date(),
): Promise<void> {
  await enqueueEmail(
    db,
    {
      to: a.reviewerEmail,
      dedupeKey: `assigned:${a.assignmentId}`,
      ...reviewerAssignedEmail({ code: a.code, title: a.title, dueOn: a.dueOn, reviewUrl: reviewUrl(a.assignmentId) }),
    },
    now,
  );
}
