// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The reviewer form (docs/decisions/035-reviewer-form.md): each criterion says what a low, middle and high score means,
// in both languages, on the criterion's row, so a new rubric version carries its own descriptors and a review keeps
// the words it was scored against. The assignment records when its reviewer answered "no conflict" to the question
// asked before the content is shown.
import { sql, type Kysely } from "kysely";

const BANDS = ["low", "mid", "high"] as const;
const COLUMNS = BANDS.flatMap((b) => [`band_${b}_vi`, `band_${b}_en`]);

/** The default rubric's descriptors as they were when this migration was written (db/seed/reference.ts has the same). */
const DEFAULTS: Record<string, Record<string, string>> = {
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

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await db.schema
      .alterTable("rubric_criteria")
      .addColumn(column, "text", (c) => c.notNull().defaultTo(""))
      .execute();
  }
  // A database seeded before this migration: its default criteria get the default descriptors.
  for (const [key, values] of Object.entries(DEFAULTS)) {
    await db.updateTable("rubric_criteria").set(values).where("key", "=", key).where("band_low_vi", "=", "").execute();
  }

  await db.schema.alterTable("assignments").addColumn("no_conflict_at", "text").execute();
  // A reviewer who already saved or sent a review has been working on the content: not asked again.
  await db
    .updateTable("assignments")
    .set({ no_conflict_at: sql`assigned_at` })
    .where((eb) =>
      eb.or([
        eb("status", "=", "submitted"),
        eb.exists(eb.selectFrom("reviews").select("reviews.id").whereRef("reviews.assignment_id", "=", "assignments.id")),
      ]),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("assignments").dropColumn("no_conflict_at").execute();
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable("rubric_criteria").dropColumn(column).execute();
}
