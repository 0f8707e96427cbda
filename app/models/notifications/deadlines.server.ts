/**
 * Deadline notices for the secretaries, found by the periodic job: a case 10 days from its statutory decision date,
 * a case past it, a review past its due date. Each is one notice per event and person (the event key carries the
 * date it is about), so the job may run as often as it likes. Only the last week of lapsed dates is looked at:
 * a deadline missed long ago was told then, and a first run on an old register must not send hundreds of notices.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { OPEN_STATUSES } from "../initiative/lifecycle";
import { addDaysTo, hanoiDate } from "../../utils/clock";
import { notify } from "./notifications.server";

export const STATUTORY_NOTICE_DAYS = 10;
export const LAPSED_WINDOW_DAYS = 7;

export async function sendDeadlineNotices(db: Kysely<Database>, now = new Date()) {
  const today = hanoiDate(now);
  const result = { statutorySoon: 0, statutoryOverdue: 0, reviewOverdue: 0 };
  const open = () => db.selectFrom("initiatives").select(["id", "due_on"]).where("status", "in", OPEN_STATUSES);

  const soon = await open().where("due_on", ">=", today).where("due_on", "<=", addDaysTo(today, STATUTORY_NOTICE_DAYS)).execute();
  const lapsed = await open().where("due_on", "<", today).where("due_on", ">=", addDaysTo(today, -LAPSED_WINDOW_DAYS)).execute();
  const reviews = await db
    .selectFrom("assignments")
    .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
    .select(["assignments.id", "assignments.initiative_id", "assignments.due_on"])
    .where("assignments.status", "=", "assigned")
    .where("initiatives.status", "=", "in_review")
    .where("assignments.due_on", "<", today)
    .where("assignments.due_on", ">=", addDaysTo(today, -LAPSED_WINDOW_DAYS))
    .execute();

  for (const i of soon) {
    result.statutorySoon += await db
      .transaction()
      .execute((trx) => notify(trx, { kind: "statutory_soon", eventKey: `statutory-soon:${i.id}:${i.due_on}`, initiativeId: i.id, now }));
  }
  for (const i of lapsed) {
    result.statutoryOverdue += await db
      .transaction()
      .execute((trx) =>
        notify(trx, { kind: "statutory_overdue", eventKey: `statutory-overdue:${i.id}:${i.due_on}`, initiativeId: i.id, now }),
      );
  }
  for (const a of reviews) {
    result.reviewOverdue += await db.transaction().execute((trx) =>
      notify(trx, {
        kind: "review_overdue",
        eventKey: `review-overdue:${a.id}:${a.due_on}`,
        initiativeId: a.initiative_id,
        assignmentId: a.id,
        now,
      }),
    );
  }
  return result;
}
