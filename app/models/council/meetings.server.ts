/**
 * Council meetings (docs/decisions/034-council-meetings.md): the chair or the secretary schedules a meeting (when,
 * where, who presides, the members present), puts the cases waiting for the council on its agenda, and the presiding
 * chair records each case's vote and decision in it. The decision is the ordinary decision record
 * (`recordDecisionIn`, the same rules as the decision page), linked to the meeting; the members present are the
 * meeting's attendance, so the two-thirds rule counts the people actually recorded as there. Every change is one
 * write transaction with its audit row; a refusal writes nothing.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { HANOI_TIME_ZONE, isCalendarDate } from "../../utils/clock";
import { cleanText } from "../../utils/text";
import type { Role } from "../../utils/permissions";
import { audit } from "../audit/audit.server";
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { notify } from "../notifications/notifications.server";
import { getAggregate } from "../review/reviews.server";
import { recordDecisionIn, type DecisionOutcome } from "./decisions.server";

type DB = Kysely<Database>;

/** Who may sit on the council: the chair, the secretary and the reviewers (thành viên tổ thẩm định, docs/domain.md "Roles"). */
export const COUNCIL_ROLES = ["chair", "secretary", "reviewer"] as const satisfies readonly Role[];

import { NOTE_MAX, PLACE_MAX } from "./meeting-limits";

export { NOTE_MAX, PLACE_MAX };

/** "2026-12-14T09:00" read as Hà Nội time (UTC+7 all year, no daylight saving) → the UTC ISO instant. */
export function hanoiLocalToIso(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m || !isCalendarDate(m[1]) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return new Date(`${m[1]}T${m[2]}:${m[3]}:00+07:00`).toISOString();
}

/** The UTC instant as the value of a datetime-local field in Hà Nội time. */
export function isoToHanoiLocal(iso: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: HANOI_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? "00";
  return `${p("year")}-${p("month")}-${p("day")}T${p("hour")}:${p("minute")}`;
}

const id = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, "invalid")
  .transform(Number);

const memberList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .refine((v) => v.every((x) => /^\d{1,9}$/.test(x)), { message: "member_invalid" })
  .transform((v) => [...new Set(v.map(Number))])
  .refine((v) => v.length > 0, { message: "members_required" });

/** The scheduling form; messages are codes the page turns into words. */
export const meetingFormSchema = z.object({
  startsAt: z
    .string({ required_error: "starts_at_invalid" })
    .transform((v) => hanoiLocalToIso(v))
    .refine((v): v is string => v !== null, { message: "starts_at_invalid" }),
  place: z
    .string({ required_error: "place_required" })
    .transform((v) => cleanText(v).trim())
    .refine((v) => v.length >= 2, { message: "place_required" })
    .refine((v) => v.length <= PLACE_MAX, { message: "place_long" }),
  note: z
    .string()
    .optional()
    .transform((v) => cleanText(v ?? "").trim())
    .refine((v) => v.length <= NOTE_MAX, { message: "note_long" }),
  chairId: z
    .string({ required_error: "chair_required" })
    .trim()
    .regex(/^\d{1,9}$/, "chair_required")
    .transform(Number),
  members: memberList,
});
export type MeetingForm = z.output<typeof meetingFormSchema>;

export const attendanceFormSchema = z.object({ members: memberList });
export const agendaAddSchema = z.object({
  initiativeId: z
    .string({ required_error: "case_required" })
    .trim()
    .regex(/^\d{1,9}$/, "case_required")
    .transform(Number),
});
export const itemSchema = z.object({ itemId: id });

/** The active staff who may be recorded as members present, with their roles. */
export async function councilCandidates(db: DB) {
  const rows = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name", "user_roles.role"])
    .where("users.active", "=", 1)
    .where("user_roles.role", "in", COUNCIL_ROLES)
    .orderBy("users.name")
    .orderBy("users.id")
    .execute();
  const out = new Map<number, { id: number; name: string; roles: Role[] }>();
  for (const r of rows) {
    const u = out.get(r.id) ?? { id: r.id, name: r.name, roles: [] };
    u.roles.push(r.role as Role);
    out.set(r.id, u);
  }
  return [...out.values()];
}

async function checkPeople(db: DB, chairId: number | null, memberIds: number[]) {
  const candidates = await councilCandidates(db);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const errors: Record<string, string> = {};
  if (chairId !== null && !byId.get(chairId)?.roles.includes("chair")) errors.chairId = "chair_invalid";
  if (memberIds.some((m) => !byId.has(m))) errors.members = "member_invalid";
  if (Object.keys(errors).length) throw ValidationError.fromFields(errors);
}

async function openMeeting(trx: DB, meetingId: number) {
  const m = await trx.selectFrom("council_meetings").selectAll().where("id", "=", meetingId).executeTakeFirst();
  if (!m) throw new NotFoundError("meeting_not_found");
  if (m.status !== "scheduled") throw new InvalidTransitionError("meeting_closed");
  return m;
}

export interface ScheduleInput {
  startsAt: string;
  place: string;
  note: string;
  chairId: number;
  memberIds: number[];
  actorUserId: number;
  now?: Date;
}

/** Schedules a meeting and tells the chairs and the members present, each by their own notice setting. */
export async function scheduleMeeting(db: DB, input: ScheduleInput): Promise<number> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  // The presiding chair is present by definition.
  const members = [...new Set([input.chairId, ...input.memberIds])];
  return writeTransaction(db, async (trx) => {
    await checkPeople(trx, input.chairId, members);
    const row = await trx
      .insertInto("council_meetings")
      .values({
        starts_at: input.startsAt,
        place: input.place,
        note: input.note,
        chair_id: input.chairId,
        created_by: input.actorUserId,
        created_at: at,
        updated_at: at,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("council_meeting_members")
      .values(members.map((user_id) => ({ meeting_id: row.id, user_id })))
      .execute();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "meeting.schedule",
      targetType: "meeting",
      targetId: row.id,
      details: { startsAt: input.startsAt, place: input.place, chairId: input.chairId, members },
      now,
    });
    const chairs = await trx.selectFrom("user_roles").select("user_id").where("role", "=", "chair").execute();
    await notify(trx, {
      kind: "meeting_scheduled",
      eventKey: `meeting:${row.id}`,
      meetingId: row.id,
      // The person who scheduled it knows already.
      userIds: [...new Set([...members, ...chairs.map((c) => c.user_id)])].filter((u) => u !== input.actorUserId),
      now,
    });
    return row.id;
  });
}

export async function listMeetings(db: DB) {
  const rows = await db
    .selectFrom("council_meetings as m")
    .innerJoin("users as c", "c.id", "m.chair_id")
    .select((eb) => [
      "m.id",
      "m.starts_at",
      "m.place",
      "m.status",
      "c.name as chair_name",
      eb
        .selectFrom("council_agenda_items as a")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("a.meeting_id", "=", "m.id")
        .as("items"),
      eb
        .selectFrom("council_agenda_items as a")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("a.meeting_id", "=", "m.id")
        .where("a.decision_id", "is not", null)
        .as("decided"),
    ])
    .orderBy("m.starts_at", "desc")
    .orderBy("m.id", "desc")
    .execute();
  const norm = rows.map((r) => ({ ...r, items: Number(r.items ?? 0), decided: Number(r.decided ?? 0) }));
  return { open: norm.filter((r) => r.status === "scheduled").reverse(), closed: norm.filter((r) => r.status === "closed") };
}

/** Cases waiting for the council, undecided, and on no open meeting's agenda: what may be added. */
export async function readyCases(db: DB) {
  return db
    .selectFrom("initiatives as i")
    .select(["i.id", "i.code", "i.title"])
    .where("i.status", "=", "council")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("decisions as d").select("d.id").whereRef("d.initiative_id", "=", "i.id"))))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("council_agenda_items as a")
            .innerJoin("council_meetings as m", "m.id", "a.meeting_id")
            .select("a.id")
            .whereRef("a.initiative_id", "=", "i.id")
            .where("m.status", "=", "scheduled"),
        ),
      ),
    )
    .orderBy("i.updated_at")
    .orderBy("i.id")
    .execute();
}

export type MeetingPage = NonNullable<Awaited<ReturnType<typeof getMeeting>>>;

/** The meeting with its attendance and agenda: each case's scores summary and, once taken, its decision. */
export async function getMeeting(db: DB, meetingId: number) {
  const m = await db
    .selectFrom("council_meetings as m")
    .innerJoin("users as c", "c.id", "m.chair_id")
    .leftJoin("users as b", "b.id", "m.created_by")
    .select([
      "m.id",
      "m.starts_at",
      "m.place",
      "m.note",
      "m.status",
      "m.chair_id",
      "m.created_at",
      "m.closed_at",
      "c.name as chair_name",
      "b.name as created_by_name",
    ])
    .where("m.id", "=", meetingId)
    .executeTakeFirst();
  if (!m) return undefined;
  const candidates = await councilCandidates(db);
  const memberRows = await db
    .selectFrom("council_meeting_members as mm")
    .innerJoin("users as u", "u.id", "mm.user_id")
    .select(["u.id", "u.name"])
    .where("mm.meeting_id", "=", meetingId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  const members = memberRows.map((u) => ({ ...u, roles: candidates.find((c) => c.id === u.id)?.roles ?? [] }));
  const itemRows = await db
    .selectFrom("council_agenda_items as a")
    .innerJoin("initiatives as i", "i.id", "a.initiative_id")
    .leftJoin("decisions as d", "d.initiative_id", "a.initiative_id")
    .leftJoin("commendation_levels as l", "l.id", "d.commendation_level_id")
    .select([
      "a.id",
      "a.position",
      "a.initiative_id",
      "a.decision_id",
      "i.code",
      "i.title",
      "i.status",
      "i.version",
      "d.id as d_id",
      "d.outcome",
      "d.members_present",
      "d.votes_for",
      "d.votes_against",
      "d.votes_abstain",
      "d.reason",
      "d.certificate_number",
      "d.decided_at",
      "d.meeting_id as d_meeting_id",
      "l.name_vi as commendation_vi",
      "l.name_en as commendation_en",
    ])
    .where("a.meeting_id", "=", meetingId)
    .orderBy("a.position")
    .execute();
  const items = [];
  for (const r of itemRows) {
    const agg = (await getAggregate(db, r.initiative_id)).aggregate;
    items.push({
      id: r.id,
      position: r.position,
      initiativeId: r.initiative_id,
      code: r.code,
      title: r.title,
      status: r.status,
      version: r.version,
      summary: {
        weightedTotal: agg.weightedTotal,
        reviews: agg.reviewCount,
        needsDiscussion: agg.needsDiscussion,
        recommendations: agg.recommendations,
      },
      decision:
        r.d_id !== null && r.outcome
          ? {
              outcome: r.outcome as DecisionOutcome,
              inThisMeeting: r.d_meeting_id === meetingId,
              membersPresent: r.members_present ?? 0,
              votesFor: r.votes_for ?? 0,
              votesAgainst: r.votes_against ?? 0,
              votesAbstain: r.votes_abstain ?? 0,
              reason: r.reason ?? "",
              certificateNumber: r.certificate_number,
              decidedAt: r.decided_at ?? "",
              commendationVi: r.commendation_vi,
              commendationEn: r.commendation_en,
            }
          : null,
    });
  }
  return { ...m, members, items, decidedHere: items.filter((i) => i.decision?.inThisMeeting).length };
}

async function audited(trx: DB, actorUserId: number, action: string, meetingId: number, details: Record<string, unknown>, now: Date) {
  await audit(trx, { actorUserId, action, targetType: "meeting", targetId: meetingId, details, now });
  await trx.updateTable("council_meetings").set({ updated_at: now.toISOString() }).where("id", "=", meetingId).execute();
}

/** Puts a case waiting for the council on an open meeting's agenda; a case sits on one open meeting at a time. */
export async function addToAgenda(db: DB, input: { meetingId: number; initiativeId: number; actorUserId: number; now?: Date }) {
  const now = input.now ?? new Date();
  // Two meetings adding the same case at once: one after the other on PostgreSQL (SQLite's write lock does the same).
  return writeTransaction(
    db,
    async (trx) => {
      await openMeeting(trx, input.meetingId);
      const i = await trx
        .selectFrom("initiatives")
        .select(["id", "code", "status"])
        .where("id", "=", input.initiativeId)
        .executeTakeFirst();
      if (!i) throw ValidationError.fromFields({ initiativeId: "case_required" });
      const decided = await trx.selectFrom("decisions").select("id").where("initiative_id", "=", i.id).executeTakeFirst();
      if (i.status !== "council" || decided) throw ValidationError.fromFields({ initiativeId: "case_not_ready" });
      const elsewhere = await trx
        .selectFrom("council_agenda_items as a")
        .innerJoin("council_meetings as m", "m.id", "a.meeting_id")
        .select(["m.id"])
        .where("a.initiative_id", "=", i.id)
        .where("m.status", "=", "scheduled")
        .executeTakeFirst();
      if (elsewhere) {
        throw ValidationError.fromFields(
          { initiativeId: elsewhere.id === input.meetingId ? "case_on_agenda" : "case_on_other_meeting" },
          { meetingId: elsewhere.id },
        );
      }
      const last = await trx
        .selectFrom("council_agenda_items")
        .select((eb) => eb.fn.max<number>("position").as("p"))
        .where("meeting_id", "=", input.meetingId)
        .executeTakeFirst();
      const item = await trx
        .insertInto("council_agenda_items")
        .values({
          meeting_id: input.meetingId,
          initiative_id: i.id,
          position: Number(last?.p ?? 0) + 1,
          decision_id: null,
          added_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audited(trx, input.actorUserId, "meeting.agenda_add", input.meetingId, { initiativeId: i.id, code: i.code }, now);
      return { itemId: item.id, code: i.code };
    },
    { lockKeys: [`council-agenda:${input.initiativeId}`] },
  );
}

async function itemOf(trx: DB, meetingId: number, itemId: number) {
  const item = await trx
    .selectFrom("council_agenda_items as a")
    .innerJoin("initiatives as i", "i.id", "a.initiative_id")
    .select(["a.id", "a.initiative_id", "a.decision_id", "i.code"])
    .where("a.id", "=", itemId)
    .where("a.meeting_id", "=", meetingId)
    .executeTakeFirst();
  if (!item) throw new NotFoundError("item_not_found");
  return item;
}

export async function removeFromAgenda(db: DB, input: { meetingId: number; itemId: number; actorUserId: number; now?: Date }) {
  const now = input.now ?? new Date();
  return writeTransaction(db, async (trx) => {
    await openMeeting(trx, input.meetingId);
    const item = await itemOf(trx, input.meetingId, input.itemId);
    if (item.decision_id !== null) throw new InvalidTransitionError("item_decided");
    await trx.deleteFrom("council_agenda_items").where("id", "=", item.id).execute();
    await audited(
      trx,
      input.actorUserId,
      "meeting.agenda_remove",
      input.meetingId,
      { initiativeId: item.initiative_id, code: item.code },
      now,
    );
    return { code: item.code };
  });
}

/** The members present; fixed once a vote has been taken, since each decision counted them. */
export async function setAttendance(db: DB, input: { meetingId: number; memberIds: number[]; actorUserId: number; now?: Date }) {
  const now = input.now ?? new Date();
  return writeTransaction(db, async (trx) => {
    const m = await openMeeting(trx, input.meetingId);
    const members = [...new Set([m.chair_id, ...input.memberIds])];
    await checkPeople(trx, null, members);
    const voted = await trx.selectFrom("decisions").select("id").where("meeting_id", "=", m.id).executeTakeFirst();
    if (voted) throw new InvalidTransitionError("attendance_locked");
    await trx.deleteFrom("council_meeting_members").where("meeting_id", "=", m.id).execute();
    await trx
      .insertInto("council_meeting_members")
      .values(members.map((user_id) => ({ meeting_id: m.id, user_id })))
      .execute();
    await audited(trx, input.actorUserId, "meeting.attendance", m.id, { members }, now);
    return { present: members.length };
  });
}

export interface MeetingDecisionInput {
  meetingId: number;
  itemId: number;
  actorUserId: number;
  expectedVersion: number;
  outcome: DecisionOutcome;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  reason: string;
  commendationLevelId: number | null;
  now?: Date;
}

/** How many members the meeting records as present: the vote's `membersPresent`. */
export async function membersPresent(db: DB, meetingId: number): Promise<number> {
  const r = await db
    .selectFrom("council_meeting_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("meeting_id", "=", meetingId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The presiding chair records a case's vote and decision: the decision record, linked to the meeting and its item. */
export async function recordMeetingDecision(db: DB, input: MeetingDecisionInput) {
  const now = input.now ?? new Date();
  return writeTransaction(db, async (trx) => {
    const m = await openMeeting(trx, input.meetingId);
    if (m.chair_id !== input.actorUserId) throw new ForbiddenError("meeting_not_yours");
    const item = await itemOf(trx, m.id, input.itemId);
    if (item.decision_id !== null) throw new InvalidTransitionError("item_decided");
    const present = await membersPresent(trx, m.id);
    // writeTransaction hands over the transaction it opened, typed as its database.
    const recorded = await recordDecisionIn(trx as unknown as Transaction<Database>, {
      initiativeId: item.initiative_id,
      expectedVersion: input.expectedVersion,
      actorUserId: input.actorUserId,
      outcome: input.outcome,
      membersPresent: present,
      votesFor: input.votesFor,
      votesAgainst: input.votesAgainst,
      votesAbstain: input.votesAbstain,
      reason: input.reason,
      commendationLevelId: input.commendationLevelId,
      meetingId: m.id,
      now,
    });
    await trx.updateTable("council_agenda_items").set({ decision_id: recorded.decisionId }).where("id", "=", item.id).execute();
    await audited(
      trx,
      input.actorUserId,
      "meeting.decision",
      m.id,
      {
        initiativeId: item.initiative_id,
        code: item.code,
        decisionId: recorded.decisionId,
        outcome: input.outcome,
        membersPresent: present,
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
        votesAbstain: input.votesAbstain,
      },
      now,
    );
    return { ...recorded, code: item.code, outcome: input.outcome };
  });
}

/** Ends the meeting: nothing changes after. Cases left undecided may go on another meeting. */
export async function closeMeeting(db: DB, input: { meetingId: number; actorUserId: number; now?: Date }) {
  const now = input.now ?? new Date();
  return writeTransaction(db, async (trx) => {
    await openMeeting(trx, input.meetingId);
    await trx
      .updateTable("council_meetings")
      .set({ status: "closed", closed_at: now.toISOString() })
      .where("id", "=", input.meetingId)
      .execute();
    await audited(trx, input.actorUserId, "meeting.close", input.meetingId, {}, now);
  });
}

/** Whether this person is recorded as present at the meeting (a member may read the meeting page). */
export async function isMember(db: DB, meetingId: number, userId: number): Promise<boolean> {
  const r = await db
    .selectFrom("council_meeting_members")
    .select("user_id")
    .where("meeting_id", "=", meetingId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Boolean(r);
}
