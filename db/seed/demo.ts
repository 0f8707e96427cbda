/**
 * The demo: six staff accounts and about 40 initiatives spread over every status of the lifecycle,
 * several published with commendations. Loaded only into a new database outside production.
 * Later statuses are written as the staff side would write them (events, reviews, decisions, publications).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { createInitiative, searchTextOf, type SubmissionData } from "../../app/models/initiative/initiatives.server";
import { REFORM_AREAS, PROCEDURE_DOMAINS, type ReformArea } from "../../app/models/initiative/taxonomy";
import { STATUSES, type Status } from "../../app/domain/vocabulary";
import { hashPassword } from "../../app/utils/password.server";
import { hanoiDate } from "../../app/utils/clock";
import { addDays } from "../../app/utils/dates";
import { slugify } from "../../app/utils/text";
import { addWorkingDays } from "../../app/utils/working-days";
import { PRIVACY_REQUEST_WORKING_DAYS } from "../../app/domain/privacy";
import { publicNames, withdrawNameConsent } from "../../app/models/consent/consents.server";
import { reindexPublication } from "../../app/models/public/search-index.server";
import { seedDemoMeetings } from "./demo-meetings";
import { seedDemoCityLevel } from "./demo-city";
import { seedDemoCampaigns } from "./demo-campaigns";

export const DEMO_STAFF = [
  { email: "admin@example.org", name: "Quản trị viên", roles: ["admin"] },
  { email: "secretary@example.org", name: "Nguyễn Thị Thư Ký", roles: ["secretary"] },
  { email: "reviewer1@example.org", name: "Trần Văn Thẩm", roles: ["reviewer"] },
  { email: "reviewer2@example.org", name: "Lê Thị Định", roles: ["reviewer"] },
  { email: "reviewer3@example.org", name: "Phạm Minh Xét", roles: ["reviewer"] },
  { email: "chair@example.org", name: "Hoàng Văn Chủ Tịch", roles: ["chair"] },
] as const;

const IDEAS: { title: string; area: ReformArea; problem: string; solution: string; benefit: string }[] = [
  {
    title: "Trả kết quả thủ tục hộ tịch qua ứng dụng định danh điện tử",
    area: "digital_government",
    problem: "Người dân phải quay lại bộ phận một cửa để nhận bản giấy kết quả đăng ký khai sinh, kết hôn.",
    solution: "Gửi bản điện tử có chữ ký số vào ví giấy tờ của ứng dụng định danh điện tử; bản giấy chỉ cấp khi có yêu cầu.",
    benefit: "Giảm một lượt đi lại cho mỗi hồ sơ, tiết kiệm khoảng 2 giờ mỗi người.",
  },
  {
    title: "Một mẫu tờ khai chung cho đăng ký kinh doanh hộ cá thể và mã số thuế",
    area: "procedures",
    problem: "Hộ kinh doanh khai cùng thông tin hai lần cho hai cơ quan.",
    solution: "Dùng một tờ khai điện tử, hệ thống tự chuyển dữ liệu cho cơ quan thuế.",
    benefit: "Rút ngắn thời gian đăng ký từ 3 ngày xuống 1 ngày.",
  },
  {
    title: "Lịch hẹn trực tuyến tại Trung tâm Phục vụ hành chính công xã, phường",
    area: "procedures",
    problem: "Người dân xếp hàng lâu vào đầu tuần và cuối tháng.",
    solution: "Cho phép đặt lịch theo khung 15 phút qua cổng dịch vụ công và tin nhắn nhắc hẹn.",
    benefit: "Giảm thời gian chờ trung bình từ 45 phút xuống dưới 10 phút.",
  },
  {
    title: "Chuẩn hóa quy chế phối hợp giữa các sở trong cấp phép xây dựng",
    area: "institutional",
    problem: "Hồ sơ xin ý kiến liên ngành bị chậm vì không có thời hạn rõ ràng.",
    solution: "Ban hành quy chế với thời hạn trả lời 5 ngày làm việc và cơ chế mặc nhiên đồng ý.",
    benefit: "Rút ngắn 30% thời gian cấp phép xây dựng.",
  },
  {
    title: "Sổ tay công vụ điện tử cho cán bộ xã, phường mới sáp nhập",
    area: "civil_service",
    problem: "Cán bộ sau sắp xếp đơn vị hành chính chưa nắm quy trình mới.",
    solution: "Xây dựng sổ tay điện tử có tìm kiếm, cập nhật theo văn bản mới.",
    benefit: "Giảm sai sót hồ sơ do hướng dẫn không thống nhất.",
  },
  {
    title: "Thanh toán không dùng tiền mặt cho phí, lệ phí tại bộ phận một cửa",
    area: "public_finance",
    problem: "Thu tiền mặt gây mất thời gian đối soát và rủi ro sai sót.",
    solution: "Mã QR thanh toán in trên phiếu hẹn, đối soát tự động với kho bạc.",
    benefit: "Đối soát trong ngày thay vì cuối tuần.",
  },
  {
    title: "Sắp xếp lại đầu mối tiếp nhận phản ánh kiến nghị của người dân",
    area: "apparatus",
    problem: "Nhiều đầu mối tiếp nhận phản ánh làm người dân không biết gửi đâu.",
    solution: "Một đầu mối duy nhất, phân loại và chuyển xử lý trong ngày.",
    benefit: "Thời gian phản hồi giảm một nửa.",
  },
  {
    title: "Chứng thực bản sao điện tử từ bản chính ngay tại xã, phường",
    area: "procedures",
    problem: "Người dân phải chứng thực nhiều bản giấy cho các thủ tục khác nhau.",
    solution: "Cấp bản sao điện tử chứng thực dùng lại được cho mọi thủ tục trực tuyến.",
    benefit: "Tiết kiệm chi phí sao chụp và lệ phí cho người dân.",
  },
];

const UNIT_CODES = ["00070", "00004", "00256", "00235", "00328"];

/** How many demo initiatives end in each status: every status has its entry, so a new one is not forgotten. */
const PLAN: Record<Status, number> = {
  submitted: 6,
  screening: 5,
  needs_info: 4,
  rejected: 3,
  in_review: 5,
  council: 4,
  recognised: 3,
  not_recognised: 2,
  published: 6,
  withdrawn: 2,
};

/** The moves that take a submitted initiative to each status, as the staff side would make them (a unit test walks them through the lifecycle). */
export const DEMO_PATHS: Record<Status, readonly Status[]> = {
  submitted: [],
  screening: ["screening"],
  needs_info: ["screening", "needs_info"],
  rejected: ["screening", "rejected"],
  in_review: ["screening", "in_review"],
  council: ["screening", "in_review", "council"],
  recognised: ["screening", "in_review", "council", "recognised"],
  not_recognised: ["screening", "in_review", "council", "not_recognised"],
  published: ["screening", "in_review", "council", "recognised", "published"],
  withdrawn: ["screening", "withdrawn"],
};

export async function seedDemo(db: Kysely<Database>, password: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const hash = await hashPassword(password);
  const staff: Record<string, number> = {};
  for (const s of DEMO_STAFF) {
    const user = await db
      .insertInto("users")
      .values({ email: s.email, name: s.name, password_hash: hash, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("user_roles")
      .values(s.roles.map((role) => ({ user_id: user.id, role })))
      .execute();
    staff[s.email] = user.id;
  }

  const units = await db.selectFrom("units").select(["id", "code"]).where("code", "in", UNIT_CODES).execute();
  const agencies = await db.selectFrom("agencies").select("id").orderBy("id").limit(3).execute();
  const rubric = await db
    .selectFrom("rubric_criteria")
    .innerJoin("rubric_versions", "rubric_versions.id", "rubric_criteria.rubric_version_id")
    .select(["rubric_criteria.id", "rubric_criteria.rubric_version_id"])
    .where("rubric_versions.is_current", "=", 1)
    .orderBy("rubric_criteria.position")
    .execute();
  const levels = await db.selectFrom("commendation_levels").select("id").orderBy("rank").execute();

  const secretary = staff["secretary@example.org"];
  const chair = staff["chair@example.org"];
  const reviewers = [staff["reviewer1@example.org"], staff["reviewer2@example.org"], staff["reviewer3@example.org"]];
  const names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung", "Đỗ Quang Đạt", "Vũ Hải Hà", "Bùi Ngọc Lan"];

  let n = 0;
  let certificate = 0;
  for (const status of STATUSES) {
    const count = PLAN[status];
    for (let k = 0; k < count; k++, n++) {
      const idea = IDEAS[n % IDEAS.length];
      const daysAgo = 200 - n * 4;
      const submittedAt = addDays(now, -daysAgo);
      const scopeType = n % 3 === 0 ? "city" : n % 3 === 1 ? "unit" : "agency";
      const data: SubmissionData = {
        title: n < IDEAS.length ? idea.title : `${idea.title} (đề xuất ${n + 1})`,
        reformArea: n < IDEAS.length ? idea.area : REFORM_AREAS[n % REFORM_AREAS.length],
        procedureDomain: n % 2 === 0 ? PROCEDURE_DOMAINS[n % PROCEDURE_DOMAINS.length] : null,
        scopeType,
        agencyId: scopeType === "agency" ? agencies[n % agencies.length].id : null,
        unitId: scopeType === "unit" ? units[n % units.length].id : null,
        problem: idea.problem,
        solution: idea.solution,
        benefit: idea.benefit,
        appliedBefore: n % 4 === 0,
        appliedAt: n % 4 === 0 ? hanoiDate(addDays(submittedAt, -60)) : null,
        confidential: n % 5 === 0 ? "Số liệu nội bộ của đơn vị, không công bố." : "",
        authorType: n % 7 === 0 ? "organisation" : "individual",
        author: {
          fullName: names[n % names.length],
          email: `nguoidan${n + 1}@example.net`,
          phone: n % 2 ? "0912345678" : null,
          organisation: n % 7 === 0 ? "Hợp tác xã Dịch vụ Thăng Long" : null,
          share: n % 3 === 0 ? 70 : 100,
        },
        // Co-authors with and without consent to be named (every other one also left an email).
        coAuthors:
          n % 3 === 0
            ? n % 2 === 0
              ? [
                  { fullName: "Hoàng Thị Mai", share: 20, email: "hoang.mai@example.net", consentPublishName: true },
                  { fullName: "Lý Văn Kiên", share: 10, consentPublishName: false },
                ]
              : [{ fullName: "Hoàng Thị Mai", share: 30, consentPublishName: false }]
            : [],
        consentData: true,
        consentPublishName: n % 2 === 0,
        lang: "vi",
      };
      const created = await createInitiative(db, data, [], { submitKey: `demo-${n}`, now: submittedAt });
      // Demo receipts are history, not mail to send.
      await db.deleteFrom("outbox").where("dedupe_key", "=", `receipt:${created.code}`).execute();
      await advance(db, created.id, status, submittedAt, {
        secretary,
        chair,
        reviewers,
        rubric,
        levels,
        n,
        nextCertificate: () => ++certificate,
      });
    }
  }
  // One author who agreed to be named and withdrew that consent from the private page after publication.
  const withdrawing = await db
    .selectFrom("publications")
    .select("initiative_id")
    .where("author_name", "is not", null)
    .orderBy("initiative_id")
    .executeTakeFirst();
  if (withdrawing) await withdrawNameConsent(db, { initiativeId: withdrawing.initiative_id, position: 0, now: addDays(now, -2) });

  await demoErasureRequest(db, now);
  await seedDemoMeetings(db, now);
  await seedDemoCityLevel(db, staff, now);
  await seedDemoCampaigns(db, now);
  await demoRatings(db, staff["secretary@example.org"], now);
}

/** Ratings of most answered cases, some with a comment, one comment answered (service-targets/ratings.server.ts). */
async function demoRatings(db: Kysely<Database>, secretary: number, now: Date) {
  const answered = await db
    .selectFrom("initiatives")
    .select(["id", "decided_at", "updated_at"])
    .where("status", "in", ["recognised", "not_recognised", "published", "rejected"])
    .orderBy("id")
    .execute();
  const comments = [
    "Câu trả lời rõ ràng, nêu đủ lý do. Cảm ơn cán bộ đã hướng dẫn.",
    "Thời gian chờ kết quả hơi lâu, mong được thông báo tiến độ thường xuyên hơn.",
    "",
    "Lý do không công nhận chưa thật cụ thể, đề nghị giải thích rõ hơn tiêu chí tính mới.",
  ];
  let firstCommented: number | null = null;
  for (const [k, i] of answered.entries()) {
    if (k % 4 === 3) continue;
    const at = addDays(new Date(i.decided_at ?? i.updated_at), 2);
    const rating = await db
      .insertInto("ratings")
      .values({
        initiative_id: i.id,
        clarity: 2 + ((k * 3) % 4),
        timeliness: 1 + ((k * 2) % 5),
        courtesy: 3 + (k % 3),
        comment: comments[k % comments.length],
        created_at: (at > now ? now : at).toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (firstCommented === null && comments[k % comments.length]) firstCommented = rating.id;
  }
  if (firstCommented !== null)
    await db
      .insertInto("rating_replies")
      .values({
        rating_id: firstCommented,
        body: "Cảm ơn bạn đã góp ý. Thành phố sẽ tiếp tục rút ngắn thời gian xử lý hồ sơ.",
        answered_by: secretary,
        answered_at: addDays(now, -1).toISOString(),
      })
      .execute();
}

/**
 * One pending erasure request, on a published initiative, so the staff's data-request list has work to show and
 * granting it shows what a recognition keeps (privacy/rights.server.ts).
 */
async function demoErasureRequest(db: Kysely<Database>, now: Date) {
  const target = await db.selectFrom("initiatives").select("id").where("status", "=", "published").orderBy("id", "desc").executeTakeFirst();
  if (!target) return;
  const adjustments = await db.selectFrom("working_day_adjustments").select(["date", "kind"]).execute();
  const requestedAt = addDays(now, -1);
  await db
    .insertInto("privacy_requests")
    .values({
      initiative_id: target.id,
      kind: "erasure",
      reason: "Tôi không muốn tên và thông tin liên hệ của mình tiếp tục được lưu trong hệ thống.",
      created_at: requestedAt.toISOString(),
      due_on: addWorkingDays(hanoiDate(requestedAt), PRIVACY_REQUEST_WORKING_DAYS, adjustments),
    })
    .execute();
}

interface Ctx {
  secretary: number;
  chair: number;
  reviewers: number[];
  rubric: { id: number; rubric_version_id: number }[];
  levels: { id: number }[];
  n: number;
  nextCertificate: () => number;
}

/** Walks one initiative along the lifecycle to `target`, writing what each step leaves behind. */
async function advance(db: Kysely<Database>, id: number, target: Status, start: Date, ctx: Ctx) {
  let from: Status = "submitted";
  // A mix of on-time and late cases for the on-time figures: every fourth starts screening after a week (past the
  // 3 working days), and an older one of every five moves slowly enough to be decided after the 3 months.
  const path = DEMO_PATHS[target];
  const slow = ctx.n % 5 === 2 && Date.now() - start.getTime() > 130 * 86_400_000 && path.length > 1;
  let day = ctx.n % 4 === 1 ? 8 : 1;
  for (const to of path) {
    const when = addDays(start, day);
    day += slow ? Math.ceil(100 / (path.length - 1)) : 7;
    const at = when.toISOString();
    let message: string | null = null;
    if (to === "needs_info") message = "Đề nghị bổ sung số liệu về số hồ sơ được xử lý mỗi tháng tại đơn vị.";
    if (to === "rejected") message = "Nội dung trùng với sáng kiến đã được công nhận năm 2025 (SK-2025-000012).";
    if (to === "in_review") await assignAndReview(db, id, when, ctx, target !== "in_review");
    if (to === "recognised" || to === "not_recognised") message = await decide(db, id, to, when, ctx);
    if (to === "published") await publish(db, id, when, ctx);
    await db
      .insertInto("events")
      .values({
        initiative_id: id,
        at,
        actor_type: to === "withdrawn" ? "submitter" : to === "council" ? "system" : "staff",
        actor_user_id:
          to === "recognised" || to === "not_recognised" ? ctx.chair : to === "withdrawn" || to === "council" ? null : ctx.secretary,
        from_status: from,
        to_status: to,
        kind: "status",
        message,
        visibility: "submitter",
      })
      .execute();
    await db
      .updateTable("initiatives")
      .set((eb) => ({
        status: to,
        version: eb("version", "+", 1),
        updated_at: at,
        ...(to === "recognised" || to === "not_recognised" ? { decided_at: at } : {}),
      }))
      .where("id", "=", id)
      .execute();
    from = to;
  }
}

async function assignAndReview(db: Kysely<Database>, id: number, when: Date, ctx: Ctx, complete: boolean) {
  const pair = [ctx.reviewers[ctx.n % 3], ctx.reviewers[(ctx.n + 1) % 3]];
  for (const [i, reviewerId] of pair.entries()) {
    const a = await db
      .insertInto("assignments")
      .values({
        initiative_id: id,
        reviewer_id: reviewerId,
        assigned_by: ctx.secretary,
        assigned_at: when.toISOString(),
        due_on: hanoiDate(addDays(when, 14)),
        status: complete ? "submitted" : "assigned",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!complete) continue;
    const r = await db
      .insertInto("reviews")
      .values({
        assignment_id: a.id,
        rubric_version_id: ctx.rubric[0].rubric_version_id,
        recommendation: i === 0 || ctx.n % 2 === 0 ? "recognise" : "discuss",
        comment: "Giải pháp rõ ràng, có thể nhân rộng ở các xã, phường khác.",
        submitted_at: addDays(when, 5 + i).toISOString(),
        updated_at: addDays(when, 5 + i).toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("review_scores")
      .values(ctx.rubric.map((c, j) => ({ review_id: r.id, criterion_id: c.id, score: 6 + ((ctx.n + i + j) % 5) })))
      .execute();
  }
}

async function decide(db: Kysely<Database>, id: number, outcome: "recognised" | "not_recognised", when: Date, ctx: Ctx) {
  const recognised = outcome === "recognised";
  const reason = recognised
    ? "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả, có thể nhân rộng; hội đồng biểu quyết công nhận."
    : "Giải pháp chưa có tính mới: nội dung tương tự đã được triển khai theo Kế hoạch chuyển đổi số của Thành phố.";
  const number = recognised ? `CN-${when.getUTCFullYear()}-${String(ctx.nextCertificate()).padStart(4, "0")}` : null;
  await db
    .insertInto("decisions")
    .values({
      initiative_id: id,
      outcome,
      members_present: 9,
      votes_for: recognised ? 8 : 3,
      votes_against: recognised ? 1 : 5,
      votes_abstain: recognised ? 0 : 1,
      reason,
      commendation_level_id: recognised ? ctx.levels[ctx.n % ctx.levels.length].id : null,
      certificate_number: number,
      decided_at: when.toISOString(),
      decided_by: ctx.chair,
    })
    .execute();
  return reason;
}

async function publish(db: Kysely<Database>, id: number, when: Date, ctx: Ctx) {
  const i = await db.selectFrom("initiatives").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const d = await db.selectFrom("decisions").selectAll().where("initiative_id", "=", id).executeTakeFirstOrThrow();
  const names = await publicNames(db, id);
  await db
    .insertInto("publications")
    .values({
      initiative_id: id,
      slug: `${slugify(i.title, 70)}-${i.id}`,
      title: i.title,
      problem: i.problem,
      solution: i.solution,
      benefit: i.benefit,
      author_name: names.authorName,
      co_author_names: JSON.stringify(names.coAuthorNames),
      reform_area: i.reform_area,
      procedure_domain: i.procedure_domain,
      scope_type: i.scope_type,
      agency_id: i.agency_id,
      unit_id: i.unit_id,
      decided_at: d.decided_at,
      decision_reason: d.reason,
      commendation_level_id: d.commendation_level_id,
      certificate_number: d.certificate_number,
      published_at: when.toISOString(),
      published_by: ctx.secretary,
      search_text: searchTextOf([i.title, i.problem, i.solution, i.benefit]),
    })
    .execute();
  await reindexPublication(db, id);
}
