/**
 * The city level through the real handler (docs/decisions/039-city-level-round.md): a round, a nomination, its
 * blind reviews, the city council's decision, the TP certificate on /certificates and on the public page; and the
 * refusals (an unpublished or unrecognised initiative, twice in a round, a reviewer with a conflict, a decision
 * before the reviews) answered 4xx in Vietnamese with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { publishFixture, submitAndRecognise } from "./public-fixtures";
import { ACCOUNTS, get, post, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;
const cookie: Record<keyof typeof ACCOUNTS, string> = {} as never;
const id: Record<string, number> = {};

const STATEMENT = "Đã áp dụng hiệu quả tại nhiều phường; có thể nhân rộng trên toàn Thành phố.";
const REASON = "Sáng kiến có giá trị toàn Thành phố, đã áp dụng có hiệu quả và dễ nhân rộng ở các đơn vị khác.";
const SECRET_AUTHOR = "Qwxyz Tác Giả Bí Mật";

async function publicPagesVersion() {
  const row = await t.db.selectFrom("public_state").select("version").where("key", "=", "pages").executeTakeFirstOrThrow();
  return Number(row.version);
}

async function nominationsOf(initiativeId: number) {
  return t.db.selectFrom("city_nominations").selectAll().where("initiative_id", "=", initiativeId).execute();
}

function future(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function createRound(year: number, who: keyof typeof ACCOUNTS = "secretary") {
  return post(app, "/staff/city-level", cookie[who], { year: String(year), title: `Xét tặng Bằng Sáng kiến Thủ đô năm ${year}` });
}

async function nominationIdFrom(res: Response) {
  expect(res.status).toBe(302);
  const m = /\/staff\/city-level\/nominations\/(\d+)/.exec(res.headers.get("Location") ?? "");
  expect(m).not.toBeNull();
  return Number(m![1]);
}

async function assignmentOf(nominationId: number, reviewer: string) {
  return t.db
    .selectFrom("city_assignments")
    .select(["id", "status"])
    .where("nomination_id", "=", nominationId)
    .where("reviewer_id", "=", id[reviewer])
    .executeTakeFirstOrThrow();
}

async function roundCriteria(year: number) {
  return t.db
    .selectFrom("rubric_criteria")
    .innerJoin("city_rounds", "city_rounds.rubric_version_id", "rubric_criteria.rubric_version_id")
    .select(["rubric_criteria.id", "rubric_criteria.key"])
    .where("city_rounds.year", "=", year)
    .orderBy("rubric_criteria.position")
    .execute();
}

async function submitReview(nominationId: number, reviewer: "reviewer" | "reviewer2" | "reviewer3", year: number, score = 8) {
  const a = await assignmentOf(nominationId, reviewer);
  const criteria = await roundCriteria(year);
  const fields: Record<string, string> = {
    intent: "submit",
    recommendation: "recognise",
    comment: "Đáp ứng tốt các tiêu chí cấp Thành phố.",
  };
  for (const c of criteria) fields[`score_${c.id}`] = String(score);
  const res = await post(app, `/staff/city-level/reviews/${a.id}`, cookie[reviewer], fields);
  expect(res.status, await res.clone().text()).toBe(302);
}

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  for (const [k, email] of Object.entries(ACCOUNTS)) {
    cookie[k as keyof typeof ACCOUNTS] = await signIn(app, email);
    id[k] = (await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  }
});
afterAll(() => t.cleanup());

describe("the city level", () => {
  it("has the demo's round with a recognised nomination whose TP number verifies", async () => {
    const recognised = await t.db
      .selectFrom("city_nominations")
      .innerJoin("publications", "publications.initiative_id", "city_nominations.initiative_id")
      .select(["city_nominations.certificate_number", "publications.slug"])
      .where("city_nominations.status", "=", "recognised")
      .executeTakeFirstOrThrow();
    expect(recognised.certificate_number).toMatch(/^TP-\d{4}-001$/);
    const cert = await get(app, `/certificates/${recognised.certificate_number}`);
    expect(cert.status).toBe(200);
    expect(await cert.text()).toContain("Bằng Sáng kiến Thủ đô");
    expect(await (await get(app, `/initiatives/${recognised.slug}`)).text()).toContain(recognised.certificate_number!);
    const open = await t.db.selectFrom("city_nominations").select("id").where("status", "=", "in_review").execute();
    expect(open.length).toBeGreaterThan(0);
  });

  it("goes from a round to a nomination, blind reviews, the council's decision, the certificate and the public page", async () => {
    const year = 2031;
    const p = await publishFixture(t.db, {
      title: "Tra cứu hồ sơ đất đai một cửa toàn Thành phố",
      authorName: SECRET_AUTHOR,
      reviewerCopy: true,
    });

    // Reviewers cannot create rounds; the secretary (and an administrator) can.
    expect((await createRound(year, "reviewer")).status).toBe(403);
    const created = await createRound(year);
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe(`/staff/city-level/${year}?done=created`);
    expect((await createRound(2032, "admin")).status).toBe(302);

    const nominated = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: p.code, statement: STATEMENT });
    const nominationId = await nominationIdFrom(nominated);
    expect((await nominationsOf(p.id))[0].status).toBe("nominated");

    const assigned = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: [String(id.reviewer), String(id.reviewer2)],
      dueOn: future(20),
    });
    expect(assigned.status, await assigned.clone().text()).toBe(302);
    expect((await nominationsOf(p.id))[0].status).toBe("in_review");

    // Blind: the reviewer's page has the substance and no author; another reviewer's page is not theirs.
    const mine = await assignmentOf(nominationId, "reviewer");
    const page = await get(app, `/staff/city-level/reviews/${mine.id}`, cookie.reviewer);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Tra cứu hồ sơ đất đai");
    expect(html).not.toContain(SECRET_AUTHOR);
    expect((await get(app, `/staff/city-level/reviews/${mine.id}`, cookie.reviewer2)).status).toBe(403);
    expect((await get(app, `/staff/city-level/reviews/${mine.id}`, cookie.secretary)).status).toBe(403);

    // The council cannot decide before every review is in.
    const version = () => t.db.selectFrom("city_nominations").select("version").where("id", "=", nominationId).executeTakeFirstOrThrow();
    const decide = async (fields: Record<string, string>) =>
      post(app, `/staff/city-level/nominations/${nominationId}`, cookie.chair, {
        intent: "decide",
        version: String((await version()).version),
        outcome: "recognised",
        membersPresent: "9",
        votesFor: "8",
        votesAgainst: "1",
        votesAbstain: "0",
        reason: REASON,
        ...fields,
      });
    await submitReview(nominationId, "reviewer", year, 8);
    const early = await decide({});
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("Chưa đủ phiếu chấm");
    await submitReview(nominationId, "reviewer2", year, 9);

    // The vote rules are the base council's: 5 of 9 does not recognise.
    const short = await decide({ votesFor: "5", votesAgainst: "4" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("cần ít nhất 2/3");
    expect((await nominationsOf(p.id))[0].status).toBe("in_review");

    const before = await publicPagesVersion();
    const decided = await decide({});
    expect(decided.status, await decided.clone().text()).toBe(302);
    expect(await publicPagesVersion()).toBeGreaterThan(before);
    const [n] = await nominationsOf(p.id);
    expect(n.status).toBe("recognised");
    expect(n.certificate_number).toBe(`TP-${year}-001`);
    // The initiative itself stays published: no new lifecycle state.
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", p.id).executeTakeFirstOrThrow()).status).toBe(
      "published",
    );

    const cert = await get(app, `/certificates/tp-${year}-001`);
    expect(cert.status).toBe(200);
    const certHtml = await cert.text();
    expect(certHtml).toContain("Bằng Sáng kiến Thủ đô");
    expect(certHtml).toContain("Tra cứu hồ sơ đất đai một cửa toàn Thành phố");

    const pub = await get(app, `/initiatives/${p.slug}`);
    expect(pub.status).toBe(200);
    const pubHtml = await pub.text();
    // Beside the base level's certificate, the city level's own.
    expect(pubHtml).toContain(p.certificateNumber);
    expect(pubHtml).toContain(`TP-${year}-001`);
    expect(pubHtml).toContain(`Bằng Sáng kiến Thủ đô năm ${year}`);

    // Recognised once: not again in a later round.
    const again = await post(app, "/staff/city-level/2032", cookie.secretary, { code: p.code, statement: STATEMENT });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("đã được công nhận cấp Thành phố");
  });

  it("refuses what may not be nominated, in Vietnamese, and writes nothing", async () => {
    const year = 2033;
    expect((await createRound(year)).status).toBe(302);
    // The same year twice.
    const twice = await createRound(year);
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain("Năm này đã có đợt xét");

    const unpublished = await submitAndRecognise(t.db, { title: "Sáng kiến đã công nhận nhưng chưa công bố", publish: false });
    const r1 = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: unpublished.code, statement: STATEMENT });
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain("chưa được công bố");
    expect(await nominationsOf(unpublished.id)).toHaveLength(0);

    const notRecognised = await t.db
      .selectFrom("initiatives")
      .select(["id", "code"])
      .where("status", "=", "not_recognised")
      .executeTakeFirstOrThrow();
    const r2 = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: notRecognised.code, statement: STATEMENT });
    expect(r2.status).toBe(400);
    expect(await r2.text()).toContain("chưa được công nhận ở cấp cơ sở");
    expect(await nominationsOf(notRecognised.id)).toHaveLength(0);

    const r3 = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: "SK-2026-999999", statement: STATEMENT });
    expect(r3.status).toBe(400);
    expect(await r3.text()).toContain("Không tìm thấy hồ sơ");

    const r4 = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: "không phải mã", statement: "ngắn" });
    expect(r4.status).toBe(400);
    const r4html = await r4.text();
    expect(r4html).toContain("Mã hồ sơ không hợp lệ");
    expect(r4html).toContain("ít nhất 20 ký tự");

    const p = await publishFixture(t.db, { title: "Hẹn giờ nộp hồ sơ qua tổng đài" });
    const nominationId = await nominationIdFrom(
      await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: p.code, statement: STATEMENT }),
    );
    // Reviewers read only the reviewer copy: a case with none (and no base-level review to make one from) gets no reviewer.
    const noCopy = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: [String(id.reviewer), String(id.reviewer2)],
      dueOn: future(20),
    });
    expect(noCopy.status).toBe(400);
    expect(await noCopy.text()).toContain("chưa có bản cho thành viên thẩm định");
    expect(await t.db.selectFrom("city_assignments").select("id").where("nomination_id", "=", nominationId).execute()).toHaveLength(0);
    const dup = await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: p.code, statement: STATEMENT });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("đã được đề cử trong đợt xét này");
    expect(await nominationsOf(p.id)).toHaveLength(1);

    // Only the secretary nominates.
    const p2 = await publishFixture(t.db, { title: "Trả kết quả thủ tục qua bưu điện tại nhà" });
    expect((await post(app, `/staff/city-level/${year}`, cookie.chair, { code: p2.code, statement: STATEMENT })).status).toBe(403);
    expect(await nominationsOf(p2.id)).toHaveLength(0);
  });

  it("never assigns a reviewer with a conflict declared at either level, and assigns no one of a refused form", async () => {
    const year = 2034;
    expect((await createRound(year)).status).toBe(302);
    const p = await publishFixture(t.db, { title: "Số hóa sổ hộ tịch cũ tại phường", reviewerCopy: true });
    // A conflict declared at the base level, on this initiative.
    await t.db
      .insertInto("conflicts")
      .values({ initiative_id: p.id, reviewer_id: id.reviewer3, type: "relationship", note: "", declared_at: new Date().toISOString() })
      .execute();
    const nominationId = await nominationIdFrom(
      await post(app, `/staff/city-level/${year}`, cookie.secretary, { code: p.code, statement: STATEMENT }),
    );
    const refused = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: [String(id.reviewer), String(id.reviewer3)],
      dueOn: future(20),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("đã khai báo xung đột lợi ích");
    expect(await t.db.selectFrom("city_assignments").select("id").where("nomination_id", "=", nominationId).execute()).toHaveLength(0);
    expect((await nominationsOf(p.id))[0].status).toBe("nominated");

    const badDue = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: String(id.reviewer),
      dueOn: "2020-01-01",
    });
    expect(badDue.status).toBe(400);
    expect(await badDue.text()).toContain("Hạn chấm điểm phải là một ngày sau hôm nay");

    // A conflict declared at the city level: the assignment ends, and the reviewer cannot be assigned again.
    const ok = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: [String(id.reviewer), String(id.reviewer2)],
      dueOn: future(20),
    });
    expect(ok.status).toBe(302);
    const a = await assignmentOf(nominationId, "reviewer2");
    const declared = await post(app, `/staff/city-level/reviews/${a.id}`, cookie.reviewer2, {
      intent: "conflict",
      type: "same_organisation",
      note: "",
    });
    expect(declared.status).toBe(302);
    expect((await assignmentOf(nominationId, "reviewer2")).status).toBe("conflict");
    const conflict = await t.db
      .selectFrom("conflicts")
      .select("id")
      .where("initiative_id", "=", p.id)
      .where("reviewer_id", "=", id.reviewer2)
      .execute();
    expect(conflict).toHaveLength(1);
    expect((await get(app, `/staff/city-level/reviews/${a.id}`, cookie.reviewer2)).status).toBe(403);
    const again = await post(app, `/staff/city-level/nominations/${nominationId}`, cookie.secretary, {
      intent: "assign",
      reviewer: String(id.reviewer2),
      dueOn: future(20),
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("xung đột lợi ích");

    // The staff pages render for who may see them.
    for (const [who, path] of [
      ["secretary", "/staff/city-level"],
      ["chair", `/staff/city-level/${year}`],
      ["admin", `/staff/city-level/nominations/${nominationId}`],
      ["reviewer", "/staff/city-level"],
    ] as const) {
      expect((await get(app, path, cookie[who])).status, `${who} ${path}`).toBe(200);
    }
    expect((await get(app, `/staff/city-level/nominations/${nominationId}`, cookie.reviewer)).status).toBe(403);
  });
});
