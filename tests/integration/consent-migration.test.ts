/**
 * Migration 0015 on a database holding initiatives from the one-checkbox form: each gets consent rows derived
 * from its flags, marked as migrated; co-authors, never asked, are not named; publications keep no co-author.
 * On the engine under test (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, type Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { migrations } from "../../db/migrations/index";
import { createEmptyDatabase } from "../setup/db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-consent-migration-"));
let db: DB | undefined;
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await db?.destroy();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("migration 0015_consent_records", () => {
  it("derives consent rows for existing initiatives from their flags, marked as migrated", async () => {
    const empty = await createEmptyDatabase(dir);
    drop = empty.drop;
    db = createDb(empty.url);
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("0014_working_day_adjustments")).error).toBeUndefined();

    const raw = db as unknown as Kysely<any>;
    const insert = async (n: number, consentPublishName: number, coAuthors: string[]) => {
      const submittedAt = `2026-0${n}-01T08:00:00.000Z`;
      const { id } = await raw
        .insertInto("initiatives")
        .values({
          code: `SK-2026-00000${n}`,
          submit_key: `migration-test-key-000000${n}`,
          status: "published",
          title: `Sáng kiến cũ số ${n}`,
          reform_area: "procedures",
          procedure_domain: null,
          scope_type: "city",
          agency_id: null,
          unit_id: null,
          problem: "Vấn đề.",
          solution: "Giải pháp.",
          benefit: "Lợi ích.",
          applied_before: 0,
          applied_at: null,
          confidential: "",
          author_type: "individual",
          consent_data: 1,
          consent_publish_name: consentPublishName,
          lang: "vi",
          submitted_at: submittedAt,
          due_on: "2026-12-01",
          updated_at: submittedAt,
          search_text: "",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await raw
        .insertInto("authors")
        .values(
          ["Tác Giả Cũ", ...coAuthors].map((full_name, position) => ({
            initiative_id: id,
            position,
            full_name,
            email: position === 0 ? "cu@example.net" : null,
            phone: null,
            organisation: null,
            share: position === 0 ? 100 - coAuthors.length * 10 : 10,
          })),
        )
        .execute();
      return { id: Number(id), submittedAt };
    };
    const named = await insert(1, 1, ["Đồng Tác Giả Một", "Đồng Tác Giả Hai"]);
    const unnamed = await insert(2, 0, []);
    await raw
      .insertInto("publications")
      .values({
        initiative_id: named.id,
        slug: `sang-kien-cu-${named.id}`,
        title: "Sáng kiến cũ số 1",
        problem: "Vấn đề.",
        solution: "Giải pháp.",
        benefit: "Lợi ích.",
        author_name: "Tác Giả Cũ",
        reform_area: "procedures",
        procedure_domain: null,
        scope_type: "city",
        agency_id: null,
        unit_id: null,
        decided_at: named.submittedAt,
        decision_reason: "Lý do.",
        commendation_level_id: null,
        certificate_number: null,
        published_at: named.submittedAt,
        published_by: null,
        search_text: "",
      })
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const rows = await db
      .selectFrom("consents")
      .select(["initiative_id", "author_position", "purpose", "given", "notice_version", "at", "source"])
      .orderBy("id")
      .execute();
    const m = { notice_version: "before-2026-11-30", source: "migration" };
    expect(rows).toEqual([
      { initiative_id: named.id, author_position: 0, purpose: "processing", given: 1, at: named.submittedAt, ...m },
      { initiative_id: unnamed.id, author_position: 0, purpose: "processing", given: 1, at: unnamed.submittedAt, ...m },
      { initiative_id: named.id, author_position: 0, purpose: "publish_name", given: 1, at: named.submittedAt, ...m },
      { initiative_id: named.id, author_position: 1, purpose: "publish_name", given: 0, at: named.submittedAt, ...m },
      { initiative_id: named.id, author_position: 2, purpose: "publish_name", given: 0, at: named.submittedAt, ...m },
      { initiative_id: unnamed.id, author_position: 0, purpose: "publish_name", given: 0, at: unnamed.submittedAt, ...m },
    ]);
    const pub = await db.selectFrom("publications").select(["author_name", "co_author_names"]).executeTakeFirstOrThrow();
    expect(pub).toEqual({ author_name: "Tác Giả Cũ", co_author_names: "[]" });

    // And back: the down migration leaves the database as it was.
    expect((await migrator.migrateTo("0014_working_day_adjustments")).error).toBeUndefined();
    const again = await migrator.migrateToLatest();
    expect(again.error).toBeUndefined();
  });
});
