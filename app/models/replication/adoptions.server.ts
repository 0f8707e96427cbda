/**
 * Replication (nhân rộng): where a recognised initiative has been applied (docs/decisions/038-campaigns-and-adoptions.md).
 * Staff record the unit or agency, the Hà Nội date, a short result and optionally a document, which is kept as an
 * attachment of purpose "adoption" in the existing file store (staff-only, downloaded through the staff file route).
 * The public initiative page shows the places; statistics and open data count them. Only adoptions of published
 * initiatives are ever read by a public page.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { hanoiDate, isCalendarDate } from "../../utils/clock";
import { cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { NotFoundError, ValidationError } from "../errors";

type Executor = Kysely<Database> | Transaction<Database>;

import { RESULT_MAX } from "./limits";

export { RESULT_MAX };
/** An initiative may be applied elsewhere only once it is recognised (published is recognised and public). */
export const ADOPTABLE_STATUSES = ["recognised", "published"] as const;

/** The staff form; messages are keys of `campaigns.errors`. `place` is "agency:<id>" or "unit:<id>". */
export const adoptionFormSchema = z.object({
  place: z.string().regex(/^(agency|unit):\d{1,9}$/, "place"),
  adoptedOn: z.string().trim().refine(isCalendarDate, "date"),
  result: z
    .string()
    .transform((v) => cleanText(v).trim())
    .pipe(z.string().min(1, "required").min(5, "too_short").max(RESULT_MAX, "too_long")),
});

export type AdoptionInput = z.output<typeof adoptionFormSchema>;

export interface AdoptionDocument {
  sha256: string;
  filename: string;
  mime: string;
  size: number;
}

/** Records one adoption with its optional document, in one transaction with its audit row. */
export async function recordAdoption(
  db: Kysely<Database>,
  input: AdoptionInput & { initiativeId: number; actorUserId: number; document: AdoptionDocument | null },
  now = new Date(),
): Promise<{ id: number }> {
  if (input.adoptedOn > hanoiDate(now)) throw ValidationError.fromFields({ adoptedOn: "date_future" });
  const [kind, rawId] = input.place.split(":");
  const placeId = Number(rawId);
  const at = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const i = await trx.selectFrom("initiatives").select(["id", "status"]).where("id", "=", input.initiativeId).executeTakeFirst();
    if (!i) throw new NotFoundError("not_found");
    if (!(ADOPTABLE_STATUSES as readonly string[]).includes(i.status)) throw new ValidationError("not_recognised");
    const place =
      kind === "agency"
        ? await trx.selectFrom("agencies").select("id").where("id", "=", placeId).executeTakeFirst()
        : await trx.selectFrom("units").select("id").where("id", "=", placeId).executeTakeFirst();
    if (!place) throw ValidationError.fromFields({ place: "place" });
    let attachmentId: number | null = null;
    if (input.document) {
      const f = input.document;
      const row = await trx
        .insertInto("attachments")
        .values({
          initiative_id: i.id,
          event_id: null,
          purpose: "adoption",
          sha256: f.sha256,
          filename: f.filename,
          mime: f.mime,
          size: f.size,
          is_public: 0,
          created_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      attachmentId = row.id;
    }
    const row = await trx
      .insertInto("adoptions")
      .values({
        initiative_id: i.id,
        agency_id: kind === "agency" ? placeId : null,
        unit_id: kind === "unit" ? placeId : null,
        adopted_on: input.adoptedOn,
        result: input.result,
        attachment_id: attachmentId,
        created_at: at,
        created_by: input.actorUserId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "adoption.record",
      targetType: "initiative",
      targetId: i.id,
      details: { adoptionId: row.id, place: input.place, adoptedOn: input.adoptedOn, document: input.document?.sha256 ?? null },
      now,
    });
    return { id: row.id };
  });
}

export interface AdoptionRow {
  id: number;
  placeName: string;
  placeKind: "agency" | "unit";
  adoptedOn: string;
  result: string;
  attachmentId: number | null;
  filename: string | null;
}

function adoptionsBase(db: Executor) {
  return db
    .selectFrom("adoptions as ad")
    .leftJoin("agencies as a", "a.id", "ad.agency_id")
    .leftJoin("units as u", "u.id", "ad.unit_id")
    .select(["ad.id", "ad.adopted_on", "ad.result", "ad.agency_id", "a.name as agency_name", "u.name as unit_name"]);
}

/** Every adoption of an initiative, newest first, with its document (the staff page). */
export async function adoptionsOf(db: Executor, initiativeId: number): Promise<AdoptionRow[]> {
  const rows = await adoptionsBase(db)
    .leftJoin("attachments as f", "f.id", "ad.attachment_id")
    .select(["f.id as attachment_id", "f.filename"])
    .where("ad.initiative_id", "=", initiativeId)
    .orderBy("ad.adopted_on", "desc")
    .orderBy("ad.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    placeName: r.agency_name ?? r.unit_name ?? "",
    placeKind: r.agency_id !== null ? "agency" : "unit",
    adoptedOn: r.adopted_on,
    result: r.result,
    attachmentId: r.attachment_id ?? null,
    filename: r.filename ?? null,
  }));
}

export interface PublicAdoption {
  placeName: string;
  adoptedOn: string;
  result: string;
}

/** The adoptions a published initiative's page shows: nothing for an initiative that is not published. */
export async function publicAdoptions(db: Executor, slug: string): Promise<PublicAdoption[]> {
  const rows = await adoptionsBase(db)
    .innerJoin("publications as p", "p.initiative_id", "ad.initiative_id")
    .where("p.slug", "=", slug)
    .orderBy("ad.adopted_on", "desc")
    .orderBy("ad.id", "desc")
    .execute();
  return rows.map((r) => ({ placeName: r.agency_name ?? r.unit_name ?? "", adoptedOn: r.adopted_on, result: r.result }));
}

/** Adoptions of published initiatives: how many, and how many initiatives they concern. */
export async function adoptionFigures(db: Executor, campaignId?: number): Promise<{ adoptions: number; initiatives: number }> {
  let q = db
    .selectFrom("adoptions as ad")
    .innerJoin("publications as p", "p.initiative_id", "ad.initiative_id")
    .select([sql<number>`count(*)`.as("n"), sql<number>`count(distinct ad.initiative_id)`.as("i")]);
  if (campaignId !== undefined)
    q = q.where("ad.initiative_id", "in", (eb) =>
      eb.selectFrom("campaign_entries").select("initiative_id").where("campaign_id", "=", campaignId),
    );
  const r = await q.executeTakeFirstOrThrow();
  return { adoptions: Number(r.n), initiatives: Number(r.i) };
}

/**
 * For the open-data files: per published initiative id, the number of adoptions and the places ("; "-joined in CSV),
 * read for a batch of ids at once.
 */
export async function adoptionsByInitiative(db: Executor, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await adoptionsBase(db)
    .select("ad.initiative_id")
    .where("ad.initiative_id", "in", ids)
    .orderBy("ad.adopted_on")
    .orderBy("ad.id")
    .execute();
  for (const r of rows) {
    const list = out.get(r.initiative_id) ?? [];
    list.push(r.agency_name ?? r.unit_name ?? "");
    out.set(r.initiative_id, list);
  }
  return out;
}
