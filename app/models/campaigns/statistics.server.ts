/** The campaign and adoption figures of /statistics, for all campaigns or the one `?campaign=` names. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { NotFoundError } from "../errors";
import { adoptionFigures } from "../replication/adoptions.server";
import { campaignStatistics } from "./campaigns.server";

export async function campaignStatisticsFor(db: Kysely<Database>, slug: string | null) {
  const campaigns = await campaignStatistics(db);
  let campaignId: number | undefined;
  if (slug) {
    const row = await db.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirst();
    // A filter that names no campaign is a wrong address, not "all campaigns".
    if (!row) throw new NotFoundError("not_found");
    campaignId = row.id;
  }
  return { campaigns, selected: slug || null, adoptions: await adoptionFigures(db, campaignId) };
}
