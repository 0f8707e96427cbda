/**
 * Reference data an administrator edits: commendation levels, commune-level units and city agencies.
 * Nothing is deleted (initiatives and decisions point at these rows): a row is deactivated instead,
 * which takes it out of the forms and keeps it on the records that use it. Every change is audited.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../errors";
import { cleanLine, fold } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { UNIT_TYPES } from "../initiative/places";

type DB = Kysely<Database>;

const name = z
  .string()
  .transform(cleanLine)
  .refine((v) => v.length >= 2, { message: "name_required" })
  .refine((v) => v.length <= 200, { message: "name_long" });
const rank = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => /^\d{1,3}$/.test(v), { message: "rank_invalid" })
  .transform(Number);
const code = (re: RegExp) =>
  z
    .string()
    .transform((v) => v.trim())
    .refine((v) => re.test(v), { message: "code_invalid" });

async function isUniqueViolation(err: unknown): Promise<boolean> {
  const m = err instanceof Error ? err.message : String(err);
  return /UNIQUE constraint failed|duplicate key value/i.test(m);
}

// ---------------------------------------------------------------------------------------------
// Commendation levels

export const commendationCreateSchema = z.object({
  code: code(/^[a-z][a-z0-9_]{1,39}$/),
  name_vi: name,
  name_en: name,
  rank,
});
export const commendationUpdateSchema = z.object({
  id: z.string().regex(/^\d+$/).transform(Number),
  name_vi: name,
  name_en: name,
  rank,
});

export async function listCommendationLevels(db: DB) {
  const rows = await db
    .selectFrom("commendation_levels")
    .select((eb) => [
      "id",
      "code",
      "name_vi",
      "name_en",
      "rank",
      "active",
      eb
        .selectFrom("decisions")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("decisions.commendation_level_id", "=", "commendation_levels.id")
        .as("used"),
    ])
    .orderBy("rank")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, used: Number(r.used ?? 0) }));
}

export async function createCommendationLevel(
  db: DB,
  input: z.output<typeof commendationCreateSchema>,
  actorUserId: number,
  now = new Date(),
) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("commendation_levels")
        .values({ ...input, active: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, {
        actorUserId,
        action: "commendation.create",
        targetType: "commendation_level",
        targetId: row.id,
        details: input,
        now,
      });
      return row.id;
    });
  } catch (err) {
    if (await isUniqueViolation(err)) throw ValidationError.fromFields({ code: "code_taken" });
    throw err;
  }
}

export async function updateCommendationLevel(
  db: DB,
  input: z.output<typeof commendationUpdateSchema>,
  actorUserId: number,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("commendation_levels").selectAll().where("id", "=", input.id).executeTakeFirst();
    if (!before) throw new NotFoundError();
    await trx
      .updateTable("commendation_levels")
      .set({ name_vi: input.name_vi, name_en: input.name_en, rank: input.rank })
      .where("id", "=", input.id)
      .execute();
    await audit(trx, {
      actorUserId,
      action: "commendation.update",
      targetType: "commendation_level",
      targetId: input.id,
      details: {
        before: { name_vi: before.name_vi, name_en: before.name_en, rank: before.rank },
        after: { name_vi: input.name_vi, name_en: input.name_en, rank: input.rank },
      },
      now,
    });
  });
}

/** Returns the level's names, for the page to say which one it was. */
export async function setCommendationActive(db: DB, id: number, active: boolean, actorUserId: number, now = new Date()) {
  await setActive(db, "commendation_levels", "commendation_level", "commendation", id, active, actorUserId, now);
  return db.selectFrom("commendation_levels").select(["name_vi", "name_en"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function setActive(
  db: DB,
  table: "commendation_levels" | "units" | "agencies",
  targetType: string,
  prefix: string,
  id: number,
  active: boolean,
  actorUserId: number,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable(table)
      .set({ active: active ? 1 : 0 })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new NotFoundError();
    await audit(trx, { actorUserId, action: `${prefix}.${active ? "activate" : "deactivate"}`, targetType, targetId: id, now });
  });
}

// ---------------------------------------------------------------------------------------------
// Units (phường, xã) and agencies (sở, ban, ngành)

export { UNIT_TYPES };

export const unitCreateSchema = z.object({
  code: code(/^\d{5}$/),
  name,
  type: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "type_invalid" }) }),
});
export const unitUpdateSchema = z.object({
  id: z.string().regex(/^\d+$/).transform(Number),
  name,
  type: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "type_invalid" }) }),
});
export const agencyCreateSchema = z.object({ name });
export const agencyUpdateSchema = z.object({ id: z.string().regex(/^\d+$/).transform(Number), name });

export interface PlaceFilter {
  q?: string;
  /** "all" | "active" | "inactive" */
  state?: string;
}

export async function listUnits(db: DB, f: PlaceFilter = {}) {
  let q = db.selectFrom("units").select(["id", "code", "name", "type", "active"]);
  if (f.q) q = q.where((eb) => eb.or([eb("name_folded", "like", `%${fold(f.q!)}%`), eb("code", "like", `%${f.q!.trim()}%`)]));
  if (f.state === "active") q = q.where("active", "=", 1);
  if (f.state === "inactive") q = q.where("active", "=", 0);
  return q.orderBy("type").orderBy("name_folded").execute();
}

export async function listAgencies(db: DB, f: PlaceFilter = {}) {
  let q = db.selectFrom("agencies").select(["id", "name", "active"]);
  if (f.q) q = q.where("name_folded", "like", `%${fold(f.q)}%`);
  if (f.state === "active") q = q.where("active", "=", 1);
  if (f.state === "inactive") q = q.where("active", "=", 0);
  return q.orderBy("name_folded").execute();
}

export async function createUnit(db: DB, input: z.output<typeof unitCreateSchema>, actorUserId: number, now = new Date()) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("units")
        .values({ code: input.code, name: input.name, type: input.type, name_folded: fold(input.name), active: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, { actorUserId, action: "unit.create", targetType: "unit", targetId: row.id, details: input, now });
      return row.id;
    });
  } catch (err) {
    if (await isUniqueViolation(err)) throw ValidationError.fromFields({ code: "code_taken" });
    throw err;
  }
}

export async function updateUnit(db: DB, input: z.output<typeof unitUpdateSchema>, actorUserId: number, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("units").select(["name", "type"]).where("id", "=", input.id).executeTakeFirst();
    if (!before) throw new NotFoundError();
    await trx
      .updateTable("units")
      .set({ name: input.name, type: input.type, name_folded: fold(input.name) })
      .where("id", "=", input.id)
      .execute();
    await audit(trx, {
      actorUserId,
      action: "unit.update",
      targetType: "unit",
      targetId: input.id,
      details: { before, after: { name: input.name, type: input.type } },
      now,
    });
  });
}

/** Returns the unit's name, for the page to say which one it was. */
export async function setUnitActive(db: DB, id: number, active: boolean, actorUserId: number, now = new Date()): Promise<string> {
  await setActive(db, "units", "unit", "unit", id, active, actorUserId, now);
  return (await db.selectFrom("units").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;
}

export async function createAgency(db: DB, input: z.output<typeof agencyCreateSchema>, actorUserId: number, now = new Date()) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("agencies")
        .values({ name: input.name, name_folded: fold(input.name), active: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, { actorUserId, action: "agency.create", targetType: "agency", targetId: row.id, details: input, now });
      return row.id;
    });
  } catch (err) {
    if (await isUniqueViolation(err)) throw ValidationError.fromFields({ name: "name_taken" });
    throw err;
  }
}

export async function updateAgency(db: DB, input: z.output<typeof agencyUpdateSchema>, actorUserId: number, now = new Date()) {
  try {
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom("agencies").select(["name"]).where("id", "=", input.id).executeTakeFirst();
      if (!before) throw new NotFoundError();
      await trx
        .updateTable("agencies")
        .set({ name: input.name, name_folded: fold(input.name) })
        .where("id", "=", input.id)
        .execute();
      await audit(trx, {
        actorUserId,
        action: "agency.update",
        targetType: "agency",
        targetId: input.id,
        details: { before, after: { name: input.name } },
        now,
      });
    });
  } catch (err) {
    if (await isUniqueViolation(err)) throw ValidationError.fromFields({ name: "name_taken" });
    throw err;
  }
}

/** Returns the agency's name, for the page to say which one it was. */
export async function setAgencyActive(db: DB, id: number, active: boolean, actorUserId: number, now = new Date()): Promise<string> {
  await setActive(db, "agencies", "agency", "agency", id, active, actorUserId, now);
  return (await db.selectFrom("agencies").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;
}
