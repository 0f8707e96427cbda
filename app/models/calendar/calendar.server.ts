/**
 * The working-day calendar bound to the days the government announced (`working_day_adjustments`), for the
 * deadlines counted in working days. The adjustments are read once per call of `workingDayCalendar`; a
 * request that counts several deadlines binds the calendar once and reuses it.
 */
import { z } from "zod";
import type { DB } from "../../../db/client";
import { writeTransaction } from "../../../db/transaction";
import { audit } from "../audit/audit.server";
import { ValidationError } from "../errors";
import { isCalendarDate } from "../../utils/clock";
import {
  addWorkingDays,
  holidaysOf,
  isWorkingDay,
  workingDaysBetween,
  type Adjustment,
  type AdjustmentKind,
  type Holiday,
} from "../../utils/working-days";

export interface AdjustmentRow extends Adjustment {
  note: string;
  created_by: number | null;
  created_at: string;
}

export interface WorkingDayCalendar {
  adjustments: readonly Adjustment[];
  isWorkingDay: (date: string) => boolean;
  addWorkingDays: (date: string, n: number) => string;
  workingDaysBetween: (a: string, b: string) => number;
  holidaysOf: (year: number) => Holiday[];
}

export async function listAdjustments(db: DB, year?: number): Promise<AdjustmentRow[]> {
  let q = db.selectFrom("working_day_adjustments").select(["date", "kind", "note", "created_by", "created_at"]).orderBy("date");
  if (year !== undefined) q = q.where("date", ">=", `${year}-01-01`).where("date", "<=", `${year}-12-31`);
  return q.execute();
}

export async function workingDayCalendar(db: DB): Promise<WorkingDayCalendar> {
  const adjustments: readonly Adjustment[] = (await db.selectFrom("working_day_adjustments").select(["date", "kind"]).execute()).map(
    (r) => ({ date: r.date, kind: r.kind }),
  );
  return {
    adjustments,
    isWorkingDay: (date) => isWorkingDay(date, adjustments),
    addWorkingDays: (date, n) => addWorkingDays(date, n, adjustments),
    workingDaysBetween: (a, b) => workingDaysBetween(a, b, adjustments),
    holidaysOf: (year) => holidaysOf(year, adjustments),
  };
}

/** Codes are keys of the staff dictionary's `calendar.errors`. */
export const adjustmentSchema = z.object({
  date: z.string().trim().refine(isCalendarDate, "date_invalid"),
  kind: z.enum(["day_off", "working_day"], { message: "kind_invalid" }),
  note: z
    .string()
    .trim()
    .min(3, "note_short")
    .max(300, "note_long")
    .transform((s) => s.normalize("NFC")),
});

export type AdjustmentInput = z.infer<typeof adjustmentSchema>;

export async function addAdjustment(db: DB, input: AdjustmentInput, actorUserId: number, now = new Date()): Promise<void> {
  await writeTransaction(
    db,
    async (tx) => {
      const existing = await tx.selectFrom("working_day_adjustments").select("date").where("date", "=", input.date).executeTakeFirst();
      if (existing) throw ValidationError.fromFields({ date: "date_taken" });
      await tx
        .insertInto("working_day_adjustments")
        .values({ date: input.date, kind: input.kind, note: input.note, created_by: actorUserId, created_at: now.toISOString() })
        .execute();
      await audit(tx, {
        actorUserId,
        action: "calendar.adjustment.add",
        targetType: "calendar",
        targetId: input.date,
        details: { kind: input.kind, note: input.note },
        now,
      });
    },
    { lockKeys: [`calendar:${input.date}`] },
  );
}

export async function removeAdjustment(db: DB, date: string, actorUserId: number, now = new Date()): Promise<void> {
  if (!isCalendarDate(date)) throw ValidationError.fromFields({ form: "date_invalid" });
  await writeTransaction(
    db,
    async (tx) => {
      const row = await tx.selectFrom("working_day_adjustments").select(["kind", "note"]).where("date", "=", date).executeTakeFirst();
      if (!row) throw ValidationError.fromFields({ form: "not_found" });
      await tx.deleteFrom("working_day_adjustments").where("date", "=", date).execute();
      await audit(tx, {
        actorUserId,
        action: "calendar.adjustment.remove",
        targetType: "calendar",
        targetId: date,
        details: { kind: row.kind as AdjustmentKind, note: row.note },
        now,
      });
    },
    { lockKeys: [`calendar:${date}`] },
  );
}
