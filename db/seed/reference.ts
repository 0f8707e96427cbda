/**
 * Reference data every installation needs: Hà Nội's 126 commune-level units and city agencies
 * (from the statistics office's list and the 2025 reorganisation), the default rubric and the
 * commendation levels. Each table is filled only while it is empty, so administrators' edits stay.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema";
import { fold } from "../../app/utils/text";
import units from "./data/hanoi-units-2025.json";
import agencies from "./data/hanoi-agencies-2025.json";
import { isOneOf, UNIT_TYPES } from "../../app/domain/vocabulary";

export const DEFAULT_RUBRIC = [
  { key: "novelty", label_vi: "Tính mới", label_en: "Novelty", weight: 30 },
  { key: "applicability", label_vi: "Khả năng áp dụng, nhân rộng", label_en: "Applicability and replicability", weight: 25 },
  { key: "benefit", label_vi: "Hiệu quả, lợi ích", label_en: "Effectiveness and benefit", weight: 30 },
  { key: "feasibility", label_vi: "Tính khả thi (chi phí, điều kiện thực hiện)", label_en: "Feasibility (cost, conditions)", weight: 15 },
];

/** What a low (0–3), middle (4–6) and high (7–10) score means per default criterion; an administrator edits them. */
export const DEFAULT_DESCRIPTORS: Record<string, Record<`band_${"low" | "mid" | "high"}_${"vi" | "en"}`, string>> = {
  novelty: {
    band_low_vi: "Giải pháp đã phổ biến ở nơi áp dụng hoặc chỉ nhắc lại quy định hiện hành; không có điểm mới.",
    band_mid_vi: "Có cải tiến so với cách làm hiện tại ở nơi áp dụng, nhưng nơi khác đã có giải pháp tương tự.",
    band_high_vi: "Chưa được áp dụng ở nơi áp dụng; cách tiếp cận mới, khác rõ rệt với các giải pháp đã biết.",
    band_low_en: "Already common where it applies, or merely restates current rules; nothing new.",
    band_mid_en: "An improvement on current practice where it applies, but similar solutions exist elsewhere.",
    band_high_en: "Not yet applied where it applies; a clearly new approach, distinct from known solutions.",
  },
  applicability: {
    band_low_vi: "Chỉ dùng được trong điều kiện riêng của một đơn vị; khó áp dụng ở nơi khác.",
    band_mid_vi: "Áp dụng được ở một số đơn vị cùng loại nếu có điều chỉnh.",
    band_high_vi: "Có thể nhân rộng ra nhiều đơn vị, lĩnh vực trên địa bàn Thành phố với ít điều chỉnh.",
    band_low_en: "Works only in one unit's particular conditions; hard to apply elsewhere.",
    band_mid_en: "Applicable in some similar units, with adjustments.",
    band_high_en: "Can be replicated across many units and areas of the city with little adjustment.",
  },
  benefit: {
    band_low_vi: "Lợi ích không rõ hoặc không đo được; chưa có số liệu chứng minh.",
    band_mid_vi: "Có lợi ích thực tế (giảm thời gian, chi phí, giấy tờ) nhưng ở mức vừa phải hoặc số liệu còn hạn chế.",
    band_high_vi: "Lợi ích rõ rệt, đo được cho người dân, doanh nghiệp hoặc cơ quan: thời gian, chi phí, thủ tục giảm đáng kể.",
    band_low_en: "Benefit unclear or unmeasured; no figures to show it.",
    band_mid_en: "A real benefit (less time, cost or paperwork), but moderate or with limited figures.",
    band_high_en: "A clear, measurable benefit for citizens, businesses or agencies: time, cost and steps cut substantially.",
  },
  feasibility: {
    band_low_vi: "Cần nguồn lực lớn, phải sửa đổi quy định hoặc điều kiện khó đáp ứng.",
    band_mid_vi: "Thực hiện được với chi phí, nhân lực vừa phải; còn một số điều kiện cần chuẩn bị.",
    band_high_vi: "Dễ thực hiện ngay với nguồn lực sẵn có, chi phí thấp, phù hợp quy định hiện hành.",
    band_low_en: "Needs large resources, changes to the rules, or conditions that are hard to meet.",
    band_mid_en: "Feasible with moderate cost and staff; some conditions still to prepare.",
    band_high_en: "Easy to carry out now with existing resources, at low cost, within current rules.",
  },
};

export const COMMENDATION_LEVELS = [
  { code: "portal_mention", name_vi: "Biểu dương trên Cổng thông tin", name_en: "Public mention on the portal", rank: 1 },
  { code: "certificate", name_vi: "Giấy chứng nhận sáng kiến", name_en: "Certificate of initiative", rank: 2 },
  { code: "merit_certificate", name_vi: "Giấy khen", name_en: "Certificate of merit", rank: 3 },
  {
    code: "city_merit",
    name_vi: "Bằng khen của Chủ tịch UBND Thành phố",
    name_en: "Merit award of the Chairman of the City People's Committee",
    rank: 4,
  },
];

/**
 * The days off announced with a source found (docs/decisions/024-working-day-calendar.md): the Ministry of Home
 * Affairs' notice no. 9441/TB-BNV of 16 October 2025 gives Tết 2026 as Monday 16 to Friday 20 February 2026
 * (29 Chạp Ất Tỵ to 4 Giêng Bính Ngọ). They are the calendar's default range; the rows record them as confirmed.
 * Later years are entered by an administrator at /staff/admin/calendar.
 */
const ANNOUNCED_DAYS = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"].map((date) => ({
  date,
  kind: "day_off" as const,
  note: "Tết Âm lịch 2026 theo Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ",
  created_by: null,
  created_at: "2025-10-16T00:00:00.000Z",
}));

/**
 * Whether a table has no row yet. Plain SQL on purpose: a query builder over "any table of the schema" makes the type
 * checker expand every table at once, and passing the transaction where a `Kysely` is expected compares the two whole
 * classes; together that was the slowest expression of the type check.
 */
async function isEmpty(db: Transaction<Database>, table: keyof Database): Promise<boolean> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n) === 0;
}

export async function seedReference(db: Kysely<Database>, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await isEmpty(trx, "units")) {
      await trx
        .insertInto("units")
        .values(
          units.map((u) => {
            if (!isOneOf(UNIT_TYPES, u.type)) throw new Error(`Unit ${u.code} has an unknown type "${u.type}".`);
            return { code: u.code, name: u.name, type: u.type, name_folded: fold(u.name) };
          }),
        )
        .execute();
    }
    if (await isEmpty(trx, "agencies")) {
      await trx
        .insertInto("agencies")
        .values(agencies.agencies.map((name) => ({ name, name_folded: fold(name) })))
        .execute();
    }
    if (await isEmpty(trx, "rubric_versions")) {
      const v = await trx
        .insertInto("rubric_versions")
        .values({ created_at: now.toISOString(), created_by: null, is_current: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("rubric_criteria")
        .values(
          DEFAULT_RUBRIC.map((c, i) => ({
            ...c,
            ...DEFAULT_DESCRIPTORS[c.key],
            rubric_version_id: v.id,
            scale_min: 0,
            scale_max: 10,
            position: i,
          })),
        )
        .execute();
    }
    if (await isEmpty(trx, "commendation_levels")) {
      await trx.insertInto("commendation_levels").values(COMMENDATION_LEVELS).execute();
    }
    if (await isEmpty(trx, "working_day_adjustments")) {
      await trx.insertInto("working_day_adjustments").values(ANNOUNCED_DAYS).execute();
    }
  });
}
