/**
 * The demo's city level (docs/decisions/039-city-level-round.md): this year's round of the Bằng Sáng kiến Thủ đô
 * with two nominations made through the models as staff would make them: one reviewed and recognised (its TP
 * number shows on the public page and verifies on /certificates), one still under review.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import {
  assignCityReviewers,
  cityReviewerOptions,
  createRound,
  decideNomination,
  getCityReviewPage,
  nominate,
  saveCityReview,
} from "../../app/models/city/city-level.server";
import { addDaysTo, hanoiDate, hanoiYear } from "../../app/utils/clock";

export async function seedDemoCityLevel(db: Kysely<Database>, staff: Record<string, number>, now: Date): Promise<void> {
  const secretary = staff["secretary@example.org"];
  const chair = staff["chair@example.org"];
  const published = await db.selectFrom("initiatives").select("code").where("status", "=", "published").orderBy("id").limit(2).execute();
  if (published.length < 2) return;
  const year = hanoiYear(now);
  const round = await createRound(db, { year, title: `Xét tặng Bằng Sáng kiến Thủ đô năm ${year}`, actorUserId: secretary, now });
  const dueOn = addDaysTo(hanoiDate(now), 21);
  const nominations = [];
  for (const [k, p] of published.entries()) {
    const n = await nominate(db, {
      roundId: round.id,
      code: p.code,
      statement:
        k === 0
          ? "Đã áp dụng có hiệu quả tại nhiều xã, phường; có thể nhân rộng trên toàn Thành phố."
          : "Giải pháp có giá trị cho toàn ngành, đề nghị hội đồng cấp Thành phố xem xét.",
      actorUserId: secretary,
      now,
    });
    // The first reviewers by account (reviewer1 first, whom the tests sign in as), none with a conflict.
    const reviewers = (await cityReviewerOptions(db, n.id))
      .filter((r) => !r.conflict)
      .sort((a, b) => a.id - b.id)
      .slice(0, 2);
    await assignCityReviewers(db, { nominationId: n.id, reviewerIds: reviewers.map((r) => r.id), dueOn, actorUserId: secretary, now });
    nominations.push({ id: n.id, reviewers });
  }
  // The first is reviewed and recognised; the second waits for its reviews.
  const first = nominations[0];
  if (first.reviewers.length < 2) return;
  for (const [k, r] of first.reviewers.entries()) {
    const a = await db
      .selectFrom("city_assignments")
      .select("id")
      .where("nomination_id", "=", first.id)
      .where("reviewer_id", "=", r.id)
      .executeTakeFirstOrThrow();
    const page = await getCityReviewPage(db, a.id, r.id, now);
    await saveCityReview(db, {
      assignmentId: a.id,
      reviewerId: r.id,
      submit: true,
      scores: Object.fromEntries(page.criteria.map((c) => [c.id, 8 + k])),
      recommendation: "recognise",
      comment: "Giải pháp đã chứng minh hiệu quả và phù hợp để nhân rộng toàn Thành phố.",
      now,
    });
  }
  const { version } = await db.selectFrom("city_nominations").select("version").where("id", "=", first.id).executeTakeFirstOrThrow();
  await decideNomination(db, {
    nominationId: first.id,
    expectedVersion: version,
    actorUserId: chair,
    outcome: "recognised",
    membersPresent: 11,
    votesFor: 10,
    votesAgainst: 1,
    votesAbstain: 0,
    reason: "Sáng kiến có giá trị toàn Thành phố, đã được áp dụng có hiệu quả tại nhiều đơn vị và dễ nhân rộng.",
    now,
  });
}
