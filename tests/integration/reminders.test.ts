/**
 * Review reminders: two days before the due date and once overdue, never twice, whether the job runs
 * twice in a row or twice at once; delivered through the real outbox sender to a loopback SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPeriodicJobs, periodicJobs } from "~/jobs.server";
import { declareConflict } from "~/models/review/conflicts.server";
import { sendReviewReminders } from "~/models/review/reminders.server";
import { saveReview } from "~/models/review/reviews.server";
import { addDays, toDateOnly } from "~/utils/dates";
import { deliverDue } from "../../app/models/outbox/sender.server";
import { smtpTransport } from "../../emails/transport.server";
import { createTestDb, type TestDb } from "../setup/db";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { currentCriteria, initiativeInReview, staffIds } from "./review-fixtures";

let t: TestDb;
let sink: SmtpSink;
let ids: Awaited<ReturnType<typeof staffIds>>;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  sink = await startSmtpSink();
  ids = await staffIds(t.db);
});
afterAll(async () => {
  await sink.close();
  await t.cleanup();
});

const NOW = new Date("2031-05-10T02:00:00Z");
const day = (n: number) => toDateOnly(addDays(NOW, n));

async function reminderRows(assignmentIds: number[]) {
  const rows = await t.db
    .selectFrom("outbox")
    .select(["dedupe_key", "to_address", "subject"])
    .where("dedupe_key", "like", "reminder-%")
    .execute();
  return rows
    .filter((r) => assignmentIds.some((id) => r.dedupe_key!.endsWith(`:${id}`)))
    .map((r) => ({ key: r.dedupe_key, to: r.to_address }));
}

describe("review reminders", () => {
  it("mails once before the due date and once when overdue, however often the job runs", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    const [soon, later, late] = i.assignments;
    await t.db
      .updateTable("assignments")
      .set({ due_on: day(2) })
      .where("id", "=", soon)
      .execute();
    await t.db
      .updateTable("assignments")
      .set({ due_on: day(5) })
      .where("id", "=", later)
      .execute();
    await t.db
      .updateTable("assignments")
      .set({ due_on: day(-1) })
      .where("id", "=", late)
      .execute();
    // the demo's open assignments are long overdue by 2031: settle them first so only ours remain
    await sendReviewReminders(t.db, NOW);
    // (the periodic round also sends other staff notices: count the reminders only)
    const reminders = () => t.db.selectFrom("outbox").select("id").where("dedupe_key", "like", "reminder-%").execute();
    const outboxBefore = await reminders();

    expect(await reminderRows(i.assignments)).toEqual([
      { key: `reminder-overdue:${late}`, to: "reviewer3@example.org" },
      { key: `reminder-before:${soon}`, to: "reviewer1@example.org" },
    ]);
    // twice in a row, and twice at once: no new mail
    expect(await sendReviewReminders(t.db, NOW)).toEqual({ before: 0, overdue: 0 });
    const both = await Promise.all([sendReviewReminders(t.db, NOW), sendReviewReminders(t.db, NOW), runPeriodicJobs(t.db, NOW)]);
    expect(both.slice(0, 2)).toEqual([
      { before: 0, overdue: 0 },
      { before: 0, overdue: 0 },
    ]);
    expect((await reminders()).length).toBe(outboxBefore.length);

    // four days later: "later" gets its before-reminder, "soon" is now overdue, "late" stays quiet
    const next = addDays(NOW, 4);
    expect(await sendReviewReminders(t.db, next)).toEqual({ before: 1, overdue: 1 });
    expect(await sendReviewReminders(t.db, next)).toEqual({ before: 0, overdue: 0 });
    expect((await reminderRows(i.assignments)).map((r) => r.key).sort()).toEqual(
      [`reminder-before:${later}`, `reminder-before:${soon}`, `reminder-overdue:${late}`, `reminder-overdue:${soon}`].sort(),
    );

    const a = await t.db
      .selectFrom("assignments")
      .select(["id", "reminded_before_at", "reminded_overdue_at"])
      .where("id", "in", i.assignments)
      .orderBy("id")
      .execute();
    expect(a.every((r) => r.reminded_before_at !== null)).toBe(true);

    // delivered through SMTP with the reviewer's link and no submitter identity
    await deliverDue(t.db, smtpTransport(sink.url), "Sáng kiến CCHC <no-reply@example.org>", addDays(NOW, 5), 500);
    const mine = sink.messages.filter((m) => m.subject?.includes(i.code) && /phiếu chấm điểm/i.test(m.subject));
    expect(mine).toHaveLength(4);
    const overdue = mine.find(
      (m) => m.subject === `[${i.code}] Phiếu chấm điểm đã quá hạn` && m.to && JSON.stringify(m.to).includes("reviewer3"),
    );
    expect(overdue?.text).toContain(`/staff/reviews/${late}`);
    for (const m of mine) expect(m.text).not.toContain("Zyxwvu");
  });

  it("does not remind a submitted review, a declared conflict or a finished initiative", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2, ids.r3]);
    await t.db
      .updateTable("assignments")
      .set({ due_on: day(-3) })
      .where("id", "in", i.assignments)
      .execute();
    const criteria = await currentCriteria(t.db);
    await saveReview(t.db, {
      assignmentId: i.assignments[0],
      reviewerId: ids.r1,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 5])),
      recommendation: "discuss",
      comment: "Cần thảo luận thêm.",
      submit: true,
      now: addDays(NOW, -4),
    });
    await declareConflict(t.db, { assignmentId: i.assignments[1], reviewerId: ids.r2, type: "other", note: "" });
    await sendReviewReminders(t.db, NOW);
    expect(await reminderRows(i.assignments)).toEqual([{ key: `reminder-overdue:${i.assignments[2]}`, to: "reviewer3@example.org" }]);

    const j = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await t.db
      .updateTable("assignments")
      .set({ due_on: day(-3) })
      .where("id", "in", j.assignments)
      .execute();
    await t.db.updateTable("initiatives").set({ status: "withdrawn" }).where("id", "=", j.id).execute();
    await sendReviewReminders(t.db, NOW);
    expect(await reminderRows(j.assignments)).toEqual([]);
  });

  it("counts due dates in Hà Nội days: at 00:30 in Hà Nội yesterday's due date is overdue", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const [yesterday, inTwoDays] = i.assignments;
    await t.db.updateTable("assignments").set({ due_on: "2032-05-10" }).where("id", "=", yesterday).execute();
    await t.db.updateTable("assignments").set({ due_on: "2032-05-13" }).where("id", "=", inTwoDays).execute();
    // 16:59:59 UTC on 10 May is still 10 May in Hà Nội: one due today, none overdue, 13 May three days away
    await sendReviewReminders(t.db, new Date("2032-05-10T16:59:59Z"));
    expect((await reminderRows(i.assignments)).map((r) => r.key)).toEqual([`reminder-before:${yesterday}`]);
    // 17:00 UTC is midnight in Hà Nội: 11 May, so 10 May is past and 13 May is two days away
    await sendReviewReminders(t.db, new Date("2032-05-10T17:00:00Z"));
    expect((await reminderRows(i.assignments)).map((r) => r.key).sort()).toEqual(
      [`reminder-before:${yesterday}`, `reminder-before:${inTwoDays}`, `reminder-overdue:${yesterday}`].sort(),
    );
  });

  it("is registered as a periodic job of the server", () => {
    expect(periodicJobs.map((j) => j.name)).toContain("review-reminders");
  });
});
