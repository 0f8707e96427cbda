/**
 * The scoring rubric is data: a change by an administrator creates a new version and makes it current;
 * reviews keep the version they were scored on, so a change never rewrites a score already given.
 */
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { StaleVersionError } from "../errors";
import { cleanLine } from "../../utils/text";
import type { CriterionDef } from "./aggregation";
import { DESCRIPTOR_FIELDS, DESCRIPTOR_MAX, type Descriptors } from "./bands";
import { audit } from "../audit/audit.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface Rubric {
  versionId: number;
  createdAt: string;
  isCurrent: boolean;
  criteria: CriterionDef[];
  /** per criterion id: what a low, middle and high score means */
  descriptors: Record<number, Descriptors>;
}

const CRITERION_COLUMNS = ["id", "key", "label_vi", "label_en", "weight", "scale_min", "scale_max", "position"] as const;

export async function criteriaOf(db: Executor, versionId: number): Promise<CriterionDef[]> {
  return db
    .selectFrom("rubric_criteria")
    .select([...CRITERION_COLUMNS])
    .where("rubric_version_id", "=", versionId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** The criteria of several rubric versions, by version id: reviews keep the version they were scored on. */
export async function criteriaByRubricVersion(db: Executor, versionIds: Iterable<number>): Promise<Map<number, CriterionDef[]>> {
  const byVersion = new Map<number, CriterionDef[]>();
  for (const v of new Set(versionIds)) byVersion.set(v, await criteriaOf(db, v));
  return byVersion;
}

/** The score-band descriptors of a version's criteria, by criterion id. */
export async function descriptorsOf(db: Executor, versionId: number): Promise<Record<number, Descriptors>> {
  const rows = await db
    .selectFrom("rubric_criteria")
    .select(["id", ...DESCRIPTOR_FIELDS])
    .where("rubric_version_id", "=", versionId)
    .execute();
  return Object.fromEntries(rows.map(({ id, ...d }) => [id, d]));
}

export async function getRubricVersion(db: Executor, versionId: number): Promise<Rubric | null> {
  const v = await db.selectFrom("rubric_versions").selectAll().where("id", "=", versionId).executeTakeFirst();
  if (!v) return null;
  return {
    versionId: v.id,
    createdAt: v.created_at,
    isCurrent: v.is_current === 1,
    criteria: await criteriaOf(db, v.id),
    descriptors: await descriptorsOf(db, v.id),
  };
}

export async function getCurrentRubric(db: Executor): Promise<Rubric> {
  const v = await db.selectFrom("rubric_versions").select("id").where("is_current", "=", 1).orderBy("id", "desc").executeTakeFirst();
  if (!v) throw new Error("no current rubric version: run the reference seed");
  return (await getRubricVersion(db, v.id))!;
}

export async function listRubricVersions(db: Executor) {
  const rows = await db
    .selectFrom("rubric_versions")
    .leftJoin("users", "users.id", "rubric_versions.created_by")
    .select((eb) => [
      "rubric_versions.id",
      "rubric_versions.created_at",
      "rubric_versions.is_current",
      "users.name as created_by_name",
      eb
        .selectFrom("reviews")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("reviews.rubric_version_id", "=", "rubric_versions.id")
        .as("review_count"),
    ])
    // The city level's versions belong to its rounds (docs/decisions/039-city-level-round.md), not to this list.
    .where("rubric_versions.level", "=", "base")
    .orderBy("rubric_versions.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, review_count: Number(r.review_count ?? 0) }));
}

/** Integers only: "7.5", "", "1e3" and " 7" are refused rather than rounded. */
const intField = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => /^-?\d{1,6}$/.test(v), { message: "integer" })
  .transform(Number);

/** Optional words for a score band: empty is allowed (the band then shows its range alone). */
const descriptorField = z
  .string()
  .optional()
  .transform((v) => cleanLine(v ?? ""))
  .refine((v) => v.length <= DESCRIPTOR_MAX, { message: "descriptor_long" });

export const criterionSchema = z
  .object({
    key: z
      .string()
      .transform((v) => v.trim())
      .refine((v) => /^[a-z][a-z0-9_]{1,39}$/.test(v), { message: "key" }),
    label_vi: z
      .string()
      .transform(cleanLine)
      .refine((v) => v.length >= 2 && v.length <= 200, { message: "label" }),
    label_en: z
      .string()
      .transform(cleanLine)
      .refine((v) => v.length >= 2 && v.length <= 200, { message: "label" }),
    weight: intField.refine((v) => v >= 1 && v <= 1000, { message: "weight" }),
    scale_min: intField.refine((v) => v >= 0 && v <= 100, { message: "scale" }),
    scale_max: intField.refine((v) => v >= 1 && v <= 100, { message: "scale" }),
    band_low_vi: descriptorField,
    band_mid_vi: descriptorField,
    band_high_vi: descriptorField,
    band_low_en: descriptorField,
    band_mid_en: descriptorField,
    band_high_en: descriptorField,
  })
  .refine((c) => c.scale_min < c.scale_max, { message: "scale_order", path: ["scale_max"] });

export const rubricSchema = z
  .array(criterionSchema)
  .min(1, { message: "empty" })
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: "key_duplicate" });
      seen.add(c.key);
    });
  });

export type CriterionInput = z.input<typeof criterionSchema>;
export type ValidCriterion = z.output<typeof criterionSchema>;

/**
 * Makes a new current version from the given criteria. The previous version stays, with its criteria,
 * for the reviews scored on it.
 */
export async function createRubricVersion(
  db: Kysely<Database>,
  input: {
    /** parsed again here: the descriptors may be left out (they are then empty) */
    criteria: CriterionInput[];
    actorUserId: number | null;
    /** the current version the editor's page showed: another one made meanwhile → 409 "stale" */
    expectedCurrentVersionId?: number;
    now?: Date;
  },
): Promise<number> {
  const parsed = rubricSchema.parse(input.criteria);
  const at = (input.now ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    // Retiring the current version is the check: the UPDATE takes the row's lock, so of two administrators saving
    // at once the second waits and then finds no current row left to retire (PostgreSQL re-reads the locked row;
    // SQLite lets one writer at a time). A SELECT first would let both read the same current version.
    const previous = await trx.updateTable("rubric_versions").set({ is_current: 0 }).where("is_current", "=", 1).returning("id").execute();
    if (input.expectedCurrentVersionId !== undefined && !previous.some((p) => p.id === input.expectedCurrentVersionId)) {
      throw new StaleVersionError();
    }
    const v = await trx
      .insertInto("rubric_versions")
      .values({ created_at: at, created_by: input.actorUserId, is_current: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("rubric_criteria")
      .values(parsed.map((c, i) => ({ ...c, rubric_version_id: v.id, position: i })))
      .execute();
    await audit(trx, {
      actorUserId: input.actorUserId,
      action: "rubric.version",
      targetType: "rubric",
      targetId: v.id,
      details: { previous: previous.map((p) => p.id), criteria: parsed },
      now: input.now,
    });
    return v.id;
  });
}
