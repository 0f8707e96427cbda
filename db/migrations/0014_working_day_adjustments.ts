// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The days off and working days the government announces each year (docs/decisions/024-working-day-calendar.md):
// the Tết range, 2 September's companion day, a day off swapped with a working Saturday. One row per date: an
// announcement says what a date is, so a second row for the same date would only contradict the first.
//
// Seeded with the one announcement found with its source: the Ministry of Home Affairs' notice no. 9441/TB-BNV
// of 16 October 2025 gives Tết 2026 as Monday 16 to Friday 20 February 2026 (29 Chạp Ất Tỵ to 4 Giêng Bính Ngọ).
// Those five days are already the calendar's default; the rows record that they are confirmed.
import { sql, type Kysely } from "kysely";

const TET_2026_NOTE = "Tết Âm lịch 2026 theo Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("working_day_adjustments")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('day_off', 'working_day')`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  const at = "2025-10-16T00:00:00.000Z";
  await db
    .insertInto("working_day_adjustments")
    .values(
      ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"].map((date) => ({
        date,
        kind: "day_off",
        note: TET_2026_NOTE,
        created_by: null,
        created_at: at,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("working_day_adjustments").ifExists().execute();
}
