/**
 * Staff notifications (docs/decisions/029-staff-notifications.md). A notice is one row per event and
 * person in `staff_notifications`, written in the transaction of the change that causes it; its unique key makes
 * it happen once however often a job finds the same event. The person's setting decides what follows: an email
 * through the outbox at once, a place in the 08:00 digest, or nothing. Whether the work still waits is asked again
 * when the email leaves (`stillWanted`, called by the outbox sender), so a notice that became obsolete while
 * it waited (the case moved on, the review came in) is never sent.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { enqueueEmail } from "../../../emails/outbox.server";
import { digestEmail, staffNoticeEmail, type NoticeFacts, type NoticeKind } from "../../../emails/staff-messages";
import { isLang } from "../../i18n/index";
import { OPEN_STATUSES, type Status } from "../initiative/lifecycle";
import { getEnv, publicUrl } from "../../utils/env.server";
import { hanoiDate, startOfHanoiDay } from "../../utils/clock";
import type { Role } from "../../utils/permissions";
import type { NotifyMode } from "./modes";
export { NOTIFY_MODES, type NotifyMode } from "./modes";

type Executor = Kysely<Database> | Transaction<Database>;

/** The hour (Hà Nội) the daily digest goes out. */
export const DIGEST_HOUR = 8;

/** Who hears of each kind of event. */
export const RECIPIENT_ROLE: Record<NoticeKind, Role> = {
  new_submission: "secretary",
  citizen_replied: "secretary",
  review_overdue: "secretary",
  statutory_soon: "secretary",
  statutory_overdue: "secretary",
  conflict_declared: "secretary",
  reviewer_assigned: "reviewer",
  reviewer_due_soon: "reviewer",
  reviewer_overdue: "reviewer",
  ready_for_council: "chair",
  outbox_dead: "admin",
  meeting_scheduled: "chair",
};

export interface NoticeInput {
  kind: NoticeKind;
  /** what happened, without the person: "new-submission:12"; the person's id is appended */
  eventKey: string;
  initiativeId?: number;
  assignmentId?: number;
  outboxRef?: number;
  meetingId?: number;
  /** the people to tell; by default every active holder of the kind's role */
  userIds?: number[];
  /** the outbox row's dedupe key for one person, where older code already chose one */
  outboxKey?: (userId: number) => string;
  now?: Date;
}

/** Records the notice for each recipient and, for those who want it at once, queues its email. Returns how many were new. */
export async function notify(db: Executor, n: NoticeInput): Promise<number> {
  const now = n.now ?? new Date();
  let q = db.selectFrom("users").select(["users.id", "users.email", "users.lang", "users.notify_mode"]).where("users.active", "=", 1);
  q = n.userIds
    ? q.where("users.id", "in", n.userIds.length ? n.userIds : [-1])
    : q.where("users.id", "in", (eb) =>
        eb.selectFrom("user_roles").select("user_roles.user_id").where("user_roles.role", "=", RECIPIENT_ROLE[n.kind]),
      );
  const people = await q.orderBy("users.id").execute();
  let fresh = 0;
  for (const p of people) {
    const mode = p.notify_mode;
    const row = await db
      .insertInto("staff_notifications")
      .values({
        user_id: p.id,
        kind: n.kind,
        initiative_id: n.initiativeId ?? null,
        assignment_id: n.assignmentId ?? null,
        outbox_ref: n.outboxRef ?? null,
        meeting_id: n.meetingId ?? null,
        event_key: `${n.eventKey}:${p.id}`,
        created_at: now.toISOString(),
        status: mode === "off" ? "skipped" : "pending",
        delivered_at: null,
      })
      .onConflict((oc) => oc.column("event_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) continue;
    fresh++;
    if (mode !== "immediate") continue;
    const facts = await noticeFacts(db, row.id);
    if (!facts || !facts.wanted) {
      await settle(db, row.id, "obsolete", now);
      continue;
    }
    await enqueueEmail(
      db,
      {
        to: p.email,
        dedupeKey: n.outboxKey?.(p.id) ?? `notice:${n.eventKey}:${p.id}`,
        notificationId: row.id,
        ...staffNoticeEmail(facts.facts),
      },
      now,
    );
    await settle(db, row.id, "queued", now);
  }
  return fresh;
}

async function settle(db: Executor, id: number, status: "queued" | "digested" | "obsolete", now: Date) {
  await db.updateTable("staff_notifications").set({ status, delivered_at: now.toISOString() }).where("id", "=", id).execute();
}

function urlFor(kind: NoticeKind, code: string | null, assignmentId: number | null, meetingId: number | null = null): string {
  const base = publicUrl(getEnv());
  if (kind === "outbox_dead") return `${base}/staff/admin/outbox`;
  if (kind === "meeting_scheduled") return `${base}/staff/meetings/${meetingId ?? ""}`;
  if (kind.startsWith("reviewer_") && assignmentId) return `${base}/staff/reviews/${assignmentId}`;
  const page = `${base}/staff/initiatives/${encodeURIComponent(code ?? "")}`;
  return kind === "ready_for_council" ? `${page}/decision` : page;
}

/** Whether the work a notice is about still waits, read from the current state. */
function wanted(
  kind: NoticeKind,
  s: { status: Status | null; assignment: string | null; outbox: string | null; meeting?: string | null },
): boolean {
  switch (kind) {
    case "new_submission":
      return s.status === "submitted";
    case "citizen_replied":
      return s.status === "screening";
    case "conflict_declared":
      // A replacement is wanted only while the case is still under review.
      return s.status === "in_review";
    case "review_overdue":
    case "reviewer_assigned":
    case "reviewer_due_soon":
    case "reviewer_overdue":
      return s.status === "in_review" && s.assignment === "assigned";
    case "statutory_soon":
    case "statutory_overdue":
      return s.status !== null && (OPEN_STATUSES as readonly string[]).includes(s.status);
    case "ready_for_council":
      return s.status === "council";
    case "outbox_dead":
      return s.outbox === "dead";
    case "meeting_scheduled":
      // A meeting already held and closed needs no invitation.
      return s.meeting === "scheduled";
  }
}

/** The notice as the recipient reads it, and whether it is still wanted. */
export async function noticeFacts(db: Executor, id: number): Promise<{ facts: NoticeFacts; wanted: boolean } | null> {
  const n = await db
    .selectFrom("staff_notifications as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .leftJoin("initiatives as i", "i.id", "n.initiative_id")
    .leftJoin("assignments as a", "a.id", "n.assignment_id")
    .leftJoin("users as r", "r.id", "a.reviewer_id")
    .leftJoin("outbox as o", "o.id", "n.outbox_ref")
    .leftJoin("reviewer_copies as rc", "rc.initiative_id", "n.initiative_id")
    .leftJoin("council_meetings as m", "m.id", "n.meeting_id")
    .select([
      "n.meeting_id",
      "m.status as meeting_status",
      "m.starts_at as meeting_at",
      "m.place as meeting_place",
      "rc.title as copy_title",
      "n.kind",
      "n.assignment_id",
      "u.lang",
      "i.code",
      "i.title",
      "i.status",
      "i.due_on",
      "a.status as assignment_status",
      "a.due_on as review_due_on",
      "r.name as reviewer_name",
      "o.status as outbox_status",
      "o.to_address as mail_to",
      "o.subject as mail_subject",
      "o.last_error as mail_error",
    ])
    .where("n.id", "=", id)
    .executeTakeFirst();
  if (!n) return null;
  const kind = n.kind as NoticeKind;
  const lang = isLang(n.lang) ? n.lang : "vi";
  const facts: NoticeFacts = {
    kind,
    lang,
    url: urlFor(kind, n.code, n.assignment_id, n.meeting_id),
    code: n.code ?? undefined,
    // Reviewers are blind: their notices name the initiative by the reviewer copy's title, never the submitted one
    // (which may name the author); without a copy, by its code alone.
    title: kind.startsWith("reviewer_") ? (n.copy_title ?? undefined) : (n.title ?? undefined),
    dueOn: n.due_on ?? undefined,
    reviewDueOn: kind === "statutory_soon" || kind === "statutory_overdue" ? undefined : (n.review_due_on ?? undefined),
    // A reviewer's own notice names nobody; a secretary's says whose review or conflict it is.
    reviewerName: kind === "review_overdue" || kind === "conflict_declared" ? (n.reviewer_name ?? undefined) : undefined,
    mailTo: n.mail_to ?? undefined,
    mailSubject: n.mail_subject ?? undefined,
    mailError: n.mail_error ?? undefined,
    meetingAt: n.meeting_at ?? undefined,
    meetingPlace: n.meeting_place ?? undefined,
  };
  return {
    facts,
    wanted: wanted(kind, { status: n.status, assignment: n.assignment_status, outbox: n.outbox_status, meeting: n.meeting_status }),
  };
}

/** Asked by the outbox sender just before a notice's email leaves. */
export async function stillWanted(db: Executor, notificationId: number): Promise<boolean> {
  const f = await noticeFacts(db, notificationId);
  return Boolean(f?.wanted);
}

/** The sender found a notice obsolete: its email and the notice are closed without sending. */
export async function markObsolete(db: Executor, notificationId: number, now = new Date()): Promise<void> {
  await db
    .updateTable("staff_notifications")
    .set({ status: "obsolete", delivered_at: now.toISOString() })
    .where("id", "=", notificationId)
    .execute();
}

/**
 * The pending notices: those of people who want them at once go out now (they chose so after the notice was
 * written); those of people on the digest go out in one email a day, from 08:00 Hà Nội time, holding what is still
 * wanted. The digest's outbox key (one per person and day) makes a second run that day a no-op.
 */
export async function sendPendingNotices(db: Kysely<Database>, now = new Date()): Promise<{ immediate: number; digests: number }> {
  const today = hanoiDate(now);
  const digestTime = new Date(startOfHanoiDay(today).getTime() + DIGEST_HOUR * 3600_000);
  const people = await db
    .selectFrom("staff_notifications as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["u.id", "u.email", "u.lang", "u.notify_mode"])
    .distinct()
    .where("n.status", "=", "pending")
    .execute();
  const out = { immediate: 0, digests: 0 };
  for (const p of people) {
    if (p.notify_mode === "digest" && now < digestTime) continue;
    await db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom("staff_notifications")
          .select("id")
          .where("user_id", "=", p.id)
          .where("status", "=", "pending")
          .orderBy("id")
          .execute()
      ).map((r) => r.id);
      if (p.notify_mode === "off") {
        await trx
          .updateTable("staff_notifications")
          .set({ status: "skipped" })
          .where("id", "in", ids.length ? ids : [-1])
          .execute();
        return;
      }
      const items: { id: number; facts: NoticeFacts }[] = [];
      for (const id of ids) {
        const f = await noticeFacts(trx, id);
        if (f?.wanted) items.push({ id, facts: f.facts });
        else await settle(trx, id, "obsolete", now);
      }
      if (p.notify_mode === "immediate") {
        for (const it of items) {
          await enqueueEmail(trx, { to: p.email, dedupeKey: `notice:${it.id}`, notificationId: it.id, ...staffNoticeEmail(it.facts) }, now);
          await settle(trx, it.id, "queued", now);
          out.immediate++;
        }
        return;
      }
      if (!items.length) return;
      const key = `digest:${p.id}:${today}`;
      const sent = await trx.selectFrom("outbox").select("id").where("dedupe_key", "=", key).executeTakeFirst();
      if (sent) return; // today's went out; these wait for tomorrow's
      const lang = isLang(p.lang) ? p.lang : "vi";
      await enqueueEmail(
        trx,
        {
          to: p.email,
          dedupeKey: key,
          ...digestEmail({
            lang,
            date: today,
            items: items.map((i) => ({ ...i.facts, lang })),
            worklistUrl: `${publicUrl(getEnv())}/staff`,
          }),
        },
        now,
      );
      for (const it of items) await settle(trx, it.id, "digested", now);
      out.digests++;
    });
  }
  return out;
}

export async function getNotificationSettings(db: Executor, userId: number): Promise<{ lang: "vi" | "en"; mode: NotifyMode }> {
  const u = await db.selectFrom("users").select(["lang", "notify_mode"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { lang: isLang(u.lang) ? u.lang : "vi", mode: u.notify_mode };
}

export async function setNotificationSettings(db: Executor, userId: number, s: { lang: "vi" | "en"; mode: NotifyMode }, now = new Date()) {
  await db
    .updateTable("users")
    .set({ lang: s.lang, notify_mode: s.mode, updated_at: now.toISOString() })
    .where("id", "=", userId)
    .execute();
}
