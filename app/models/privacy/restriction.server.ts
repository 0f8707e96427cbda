/**
 * A restriction of processing (a granted restriction or objection, privacy/rights.server.ts): the person gets mail
 * only about their request, so the mail the procedure sends (a decision, a publication) asks here first.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

export async function isRestricted(db: Kysely<Database> | Transaction<Database>, initiativeId: number): Promise<boolean> {
  const row = await db.selectFrom("initiatives").select("restricted_at").where("id", "=", initiativeId).executeTakeFirst();
  return Boolean(row?.restricted_at);
}
