/**
 * The demo's council meetings: one held and closed, whose minutes record a case decided in it, and one scheduled for
 * next week with the cases waiting for the council on its agenda (app/models/council/meetings.server.ts).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { hanoiDate, startOfHanoiDay } from "../../app/utils/clock";
import { addDays } from "../../app/utils/dates";

export async function seedDemoMeetings(db: Kysely<Database>, now: Date): Promise<void> {
  const ids = async (emails: string[]) =>
    (await db.selectFrom("users").select(["id", "email"]).where("email", "in", emails).execute()).sort(
      (a, b) => emails.indexOf(a.email) - emails.indexOf(b.email),
    );
  const people = await ids(["chair@example.org", "secretary@example.org", "reviewer1@example.org", "reviewer2@example.org"]);
  if (people.length < 4) return;
  const [chair, secretary] = people;
  const members = people.map((p) => p.id);
  // 09:00 Hà Nội time on a given day.
  const nineOn = (day: Date) => new Date(startOfHanoiDay(hanoiDate(day)).getTime() + 9 * 3600_000).toISOString();

  const meeting = async (startsAt: string, status: "scheduled" | "closed", place: string, note: string) => {
    const m = await db
      .insertInto("council_meetings")
      .values({
        starts_at: startsAt,
        place,
        note,
        chair_id: chair.id,
        status,
        created_by: secretary.id,
        created_at: startsAt,
        updated_at: startsAt,
        closed_at: status === "closed" ? new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString() : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("council_meeting_members")
      .values(members.map((user_id) => ({ meeting_id: m.id, user_id })))
      .execute();
    return m.id;
  };

  // The held meeting took the first "not recognised" decision; its count of members present is the attendance's.
  const decided = await db
    .selectFrom("decisions")
    .innerJoin("initiatives", "initiatives.id", "decisions.initiative_id")
    .select(["decisions.id", "decisions.initiative_id", "decisions.decided_at"])
    .where("initiatives.status", "=", "not_recognised")
    .orderBy("decisions.id")
    .executeTakeFirst();
  if (decided) {
    const held = await meeting(
      nineOn(new Date(decided.decided_at)),
      "closed",
      "Phòng họp số 2, Sở Nội vụ Hà Nội, 18B Lê Thánh Tông",
      "Phiên họp xét sáng kiến đợt trước.",
    );
    await db
      .updateTable("decisions")
      .set({ meeting_id: held, members_present: members.length, votes_for: 1, votes_against: 3, votes_abstain: 0 })
      .where("id", "=", decided.id)
      .execute();
    await db
      .insertInto("council_agenda_items")
      .values({
        meeting_id: held,
        initiative_id: decided.initiative_id,
        position: 1,
        decision_id: decided.id,
        added_at: decided.decided_at,
      })
      .execute();
  }

  const next = await meeting(nineOn(addDays(now, 7)), "scheduled", "Hội trường tầng 3, UBND Thành phố Hà Nội, 12 Lê Lai", "");
  const waiting = await db.selectFrom("initiatives").select("id").where("status", "=", "council").orderBy("id").execute();
  if (waiting.length) {
    await db
      .insertInto("council_agenda_items")
      .values(
        waiting.map((w, k) => ({ meeting_id: next, initiative_id: w.id, position: k + 1, decision_id: null, added_at: now.toISOString() })),
      )
      .execute();
  }
}
