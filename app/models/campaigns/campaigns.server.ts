/**
 * Campaigns (đợt phát động): themed calls for initiatives with Hà Nội calendar dates (docs/decisions/038-campaigns-and-adoptions.md).
 * A campaign is open from the start of `opens_on` to the end of `closes_on` in Hà Nội, so whether it is open depends
 * only on the Hà Nội date, which the page cache keys on. A submission names at most one campaign, and only an open
 * one; once the campaign closes, its public page lists the initiatives of it that were recognised and published.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { writeTransaction } from "../../../db/transaction";
import { isOneOf, REFORM_AREAS, type ReformArea } from "../../domain/vocabulary";
import { hanoiDate, isCalendarDate } from "../../utils/clock";
import { cleanLine, cleanText, slugify } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { NotFoundError, ValidationError } from "../errors";
import { cardColumns, publishedBase, toCard, type PublicCard, type Row } from "../public/published.server";

type Executor = Kysely<Database> | Transaction<Database>;

export const CAMPAIGN_LIMITS = { titleMin: 5, titleMax: 200, descriptionMin: 20, descriptionMax: 5000, slugMax: 60 } as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type CampaignState = "upcoming" | "open" | "closed";

export function campaignState(c: { opens_on: string; closes_on: string }, today: string): CampaignState {
  return today < c.opens_on ? "upcoming" : today > c.closes_on ? "closed" : "open";
}

/** The admin form; messages are keys of `campaigns.errors`. `owner` is "", "agency:<id>" or "unit:<id>". */
export const campaignFormSchema = z
  .object({
    title: z
      .string()
      .transform(cleanLine)
      .pipe(z.string().min(1, "required").min(CAMPAIGN_LIMITS.titleMin, "too_short").max(CAMPAIGN_LIMITS.titleMax, "too_long")),
    slug: z
      .string()
      .optional()
      .transform((v) => cleanLine(v ?? "").toLowerCase())
      .refine((v) => v === "" || (v.length <= CAMPAIGN_LIMITS.slugMax && SLUG.test(v)), "slug"),
    description: z
      .string()
      .transform((v) => cleanText(v).trim())
      .pipe(z.string().min(1, "required").min(CAMPAIGN_LIMITS.descriptionMin, "too_short").max(CAMPAIGN_LIMITS.descriptionMax, "too_long")),
    reformAreas: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .refine((v): v is ReformArea[] => v.every((a) => isOneOf(REFORM_AREAS, a)), "area"),
    opensOn: z.string().trim().refine(isCalendarDate, "date"),
    closesOn: z.string().trim().refine(isCalendarDate, "date"),
    owner: z
      .string()
      .optional()
      .transform((v) => v ?? "")
      .refine((v) => v === "" || /^(agency|unit):\d{1,9}$/.test(v), "owner"),
  })
  .superRefine((v, ctx) => {
    if (isCalendarDate(v.opensOn) && isCalendarDate(v.closesOn) && v.closesOn < v.opensOn)
      ctx.addIssue({ code: "custom", path: ["closesOn"], message: "closes_before_opens" });
  });

export type CampaignInput = z.output<typeof campaignFormSchema>;

/** Creates a campaign; the slug comes from the title unless given, and must be free. */
export async function createCampaign(db: Kysely<Database>, input: CampaignInput, actorUserId: number | null, now = new Date()) {
  const slug = input.slug || slugify(input.title, CAMPAIGN_LIMITS.slugMax) || "dot-phat-dong";
  let agencyId: number | null = null;
  let unitId: number | null = null;
  if (input.owner) {
    const [kind, id] = input.owner.split(":");
    const table = kind === "agency" ? "agencies" : "units";
    const row = await db.selectFrom(table).select("id").where("id", "=", Number(id)).executeTakeFirst();
    if (!row) throw ValidationError.fromFields({ owner: "owner" });
    if (kind === "agency") agencyId = row.id;
    else unitId = row.id;
  }
  const at = now.toISOString();
  return writeTransaction(
    db,
    async (trx) => {
      const taken = await trx.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirst();
      if (taken) throw ValidationError.fromFields({ slug: "slug_taken" });
      const row = await trx
        .insertInto("campaigns")
        .values({
          slug,
          title: input.title,
          description: input.description,
          reform_areas: JSON.stringify(input.reformAreas),
          opens_on: input.opensOn,
          closes_on: input.closesOn,
          agency_id: agencyId,
          unit_id: unitId,
          created_at: at,
          created_by: actorUserId,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("campaign_counts").values({ campaign_id: row.id }).execute();
      await audit(trx, {
        actorUserId,
        action: "campaign.create",
        targetType: "campaign",
        targetId: row.id,
        details: { slug, opensOn: input.opensOn, closesOn: input.closesOn },
        now,
      });
      return { id: row.id, slug };
    },
    { lockKeys: [`campaign:${slug}`] },
  );
}

export interface CampaignSummary {
  id: number;
  slug: string;
  title: string;
  description: string;
  reformAreas: ReformArea[];
  opensOn: string;
  closesOn: string;
  ownerName: string | null;
  state: CampaignState;
}

function parseAreas(json: string): ReformArea[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((a): a is ReformArea => isOneOf(REFORM_AREAS, a)) : [];
  } catch {
    return [];
  }
}

function campaignsWithOwner(db: Executor) {
  return db
    .selectFrom("campaigns as c")
    .leftJoin("agencies as a", "a.id", "c.agency_id")
    .leftJoin("units as u", "u.id", "c.unit_id")
    .select([
      "c.id",
      "c.slug",
      "c.title",
      "c.description",
      "c.reform_areas",
      "c.opens_on",
      "c.closes_on",
      "a.name as agency_name",
      "u.name as unit_name",
    ]);
}

type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignsWithOwner>["executeTakeFirstOrThrow"]>>;

function toSummary(r: CampaignRow, today: string): CampaignSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    reformAreas: parseAreas(r.reform_areas),
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    ownerName: r.agency_name ?? r.unit_name ?? null,
    state: campaignState(r, today),
  };
}

/** Every campaign, latest first: the admin page, the public list and the filters. */
export async function listCampaigns(db: Executor, today = hanoiDate()): Promise<CampaignSummary[]> {
  const rows = await campaignsWithOwner(db).orderBy("c.opens_on", "desc").orderBy("c.id", "desc").execute();
  return rows.map((r) => toSummary(r, today));
}

/** The campaigns open on the Hà Nội date `today`, closing soonest first (the home page). */
export async function openCampaigns(db: Executor, today = hanoiDate()): Promise<CampaignSummary[]> {
  const rows = await campaignsWithOwner(db)
    .where("c.opens_on", "<=", today)
    .where("c.closes_on", ">=", today)
    .orderBy("c.closes_on")
    .orderBy("c.id")
    .execute();
  return rows.map((r) => toSummary(r, today));
}

export async function campaignBySlug(db: Executor, slug: string, today = hanoiDate()): Promise<CampaignSummary | null> {
  if (!SLUG.test(slug) || slug.length > CAMPAIGN_LIMITS.slugMax) return null;
  const row = await campaignsWithOwner(db).where("c.slug", "=", slug).executeTakeFirst();
  return row ? toSummary(row, today) : null;
}

/** The campaign a submission names, when it is open today; null otherwise (unknown, not yet open, closed). */
export async function findOpenCampaign(db: Executor, slug: string, today = hanoiDate()): Promise<CampaignSummary | null> {
  const c = await campaignBySlug(db, slug, today);
  return c && c.state === "open" ? c : null;
}

/** Id and title of every campaign, for the staff queue's and the statistics' filters. */
export async function campaignOptions(db: Executor): Promise<{ id: number; slug: string; title: string }[]> {
  return db.selectFrom("campaigns").select(["id", "slug", "title"]).orderBy("opens_on", "desc").orderBy("id", "desc").execute();
}

export interface CampaignCounts {
  submitted: number;
  recognised: number;
  notRecognised: number;
}

export async function campaignCounts(db: Executor, campaignId: number): Promise<CampaignCounts> {
  const r = await db.selectFrom("campaign_counts").selectAll().where("campaign_id", "=", campaignId).executeTakeFirst();
  return { submitted: Number(r?.submitted ?? 0), recognised: Number(r?.recognised ?? 0), notRecognised: Number(r?.not_recognised ?? 0) };
}

/** The published initiatives that answered a campaign, most recently published first. */
export async function campaignInitiatives(db: Executor, campaignId: number, limit = 200): Promise<PublicCard[]> {
  const rows = (await cardColumns(publishedBase(db))
    .innerJoin("campaign_entries as ce", "ce.initiative_id", "p.initiative_id")
    .where("ce.campaign_id", "=", campaignId)
    .orderBy("p.published_at", "desc")
    .orderBy("p.initiative_id", "desc")
    .limit(limit)
    .execute()) as Row[];
  return rows.map(toCard);
}

/** Tags a new initiative with its campaign: called in the transaction that creates it. */
export async function enterCampaign(trx: Executor, initiativeId: number, campaignId: number): Promise<void> {
  await trx.insertInto("campaign_entries").values({ initiative_id: initiativeId, campaign_id: campaignId }).execute();
}

/** What the submit page says of `?campaign=…`: a 404 for a campaign that does not exist, its title and openness otherwise. */
export async function submitCampaign(
  db: Executor,
  slug: string | null,
  today = hanoiDate(),
): Promise<{ slug: string; title: string; open: boolean } | null> {
  if (!slug) return null;
  const c = await campaignBySlug(db, slug, today);
  if (!c) throw new NotFoundError("not_found");
  return { slug: c.slug, title: c.title, open: c.state === "open" };
}

export interface CampaignStatisticsRow extends CampaignCounts {
  slug: string;
  title: string;
  state: CampaignState;
}

/** Every campaign with its counters (the statistics page); maintained counts, so as cheap at any size. */
export async function campaignStatistics(db: Executor, today = hanoiDate()): Promise<CampaignStatisticsRow[]> {
  const rows = await db
    .selectFrom("campaigns as c")
    .leftJoin("campaign_counts as n", "n.campaign_id", "c.id")
    .select(["c.slug", "c.title", "c.opens_on", "c.closes_on", "n.submitted", "n.recognised", "n.not_recognised"])
    .orderBy("c.opens_on", "desc")
    .orderBy("c.id", "desc")
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    state: campaignState(r, today),
    submitted: Number(r.submitted ?? 0),
    recognised: Number(r.recognised ?? 0),
    notRecognised: Number(r.not_recognised ?? 0),
  }));
}

/** The open-data files' `?campaign=<slug>`: a 404 for a slug that names no campaign. */
export async function openDataFilter(db: Executor, request: Request): Promise<{ campaignId?: number }> {
  const slug = new URL(request.url).searchParams.get("campaign");
  if (!slug) return {};
  const row = await db.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!row) throw new NotFoundError("not_found");
  return { campaignId: row.id };
}
