/**
 * The demo's campaigns and adoptions (docs/decisions/038-campaigns-and-adoptions.md): one campaign open today in Hà Nội,
 * one that closed, with two of the published initiatives entered in the closed one, and adoptions of two published
 * initiatives (one with two places). Written after the demo's initiatives, as staff would write them.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { addDaysTo, hanoiDate } from "../../app/utils/clock";

export const DEMO_CAMPAIGNS = { open: "so-hoa-thu-tuc-2026", closed: "mot-cua-lien-thong-2026" } as const;

export async function seedDemoCampaigns(db: Kysely<Database>, now: Date): Promise<void> {
  const today = hanoiDate(now);
  const at = now.toISOString();
  const admin = await db.selectFrom("users").select("id").where("email", "=", "admin@example.org").executeTakeFirst();
  const secretary = await db.selectFrom("users").select("id").where("email", "=", "secretary@example.org").executeTakeFirst();
  const agency = await db.selectFrom("agencies").select("id").orderBy("id").executeTakeFirstOrThrow();
  const units = await db.selectFrom("units").select("id").orderBy("id").limit(3).execute();
  const campaigns = [
    {
      slug: DEMO_CAMPAIGNS.open,
      title: "Đợt phát động sáng kiến số hóa thủ tục hành chính",
      description:
        "Thành phố mời cán bộ, người dân và doanh nghiệp gửi sáng kiến số hóa hồ sơ, giấy tờ và thủ tục hành chính, giúp người dân không phải nộp lại giấy tờ đã có.",
      reform_areas: JSON.stringify(["procedures", "digital_government"]),
      opens_on: addDaysTo(today, -20),
      closes_on: addDaysTo(today, 40),
      agency_id: null,
    },
    {
      slug: DEMO_CAMPAIGNS.closed,
      title: "Đợt phát động sáng kiến một cửa liên thông",
      description: "Sáng kiến cải tiến bộ phận một cửa và liên thông giải quyết thủ tục giữa các cơ quan, phường, xã.",
      reform_areas: JSON.stringify([]),
      opens_on: addDaysTo(today, -200),
      closes_on: addDaysTo(today, -60),
      agency_id: agency.id,
    },
  ];
  const ids: number[] = [];
  for (const c of campaigns) {
    const row = await db
      .insertInto("campaigns")
      .values({ ...c, unit_id: null, created_at: at, created_by: admin?.id ?? null, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("campaign_counts").values({ campaign_id: row.id }).execute();
    ids.push(row.id);
  }
  const published = await db.selectFrom("publications").select("initiative_id").orderBy("initiative_id").limit(3).execute();
  for (const p of published.slice(0, 2))
    await db.insertInto("campaign_entries").values({ initiative_id: p.initiative_id, campaign_id: ids[1] }).execute();
  const adoptions = [
    { initiative: published[0], unit: units[0], days: -30, result: "Giảm thời gian tiếp nhận hồ sơ từ 3 ngày xuống 1 ngày." },
    { initiative: published[0], unit: units[1], days: -12, result: "Áp dụng tại bộ phận một cửa, người dân không phải nộp lại giấy tờ." },
    { initiative: published[1], unit: units[2], days: -5, result: "Áp dụng thử trong quý, phản hồi tích cực của người dân." },
  ];
  for (const a of adoptions) {
    if (!a.initiative || !a.unit) continue;
    await db
      .insertInto("adoptions")
      .values({
        initiative_id: a.initiative.initiative_id,
        agency_id: null,
        unit_id: a.unit.id,
        adopted_on: addDaysTo(today, a.days),
        result: a.result,
        attachment_id: null,
        created_at: at,
        created_by: secretary?.id ?? null,
      })
      .execute();
  }
}
