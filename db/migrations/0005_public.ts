// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The public side reads only `publications`. Whatever writes a publication (the staff side, the demo seed,
// a repair script), the database itself keeps three derived things in step with it, so no writer can forget:
//  - the search index (SQLite: an FTS5 table; PostgreSQL: a GIN expression index over folded text),
//  - `commendation_rank`, the sort key of "most commended" (a copy of commendation_levels.rank),
//  - `public_state.version`, bumped on every change: the validator of the open-data files and the feed.
// Statistics come from counters the app maintains (`stat_counts`, `stat_decision_days`), not from scans.
import { Kysely, PostgresAdapter, sql } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// Vietnamese letters and their folded form (lower case, no diacritics, đ → d), for PostgreSQL's translate().
const VI_FROM =
  "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
  "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";
const VI_TO =
  "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy" +
  "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  // Counters by dimension: ("all", ""), ("year", "2026"), ("area", "procedures"), ("place", "city" | "agency:3" | "unit:70").
  // `submitted` counts by the year of submission; `recognised` and `not_recognised` by the year of the decision.
  await db.schema
    .createTable("stat_counts")
    .addColumn("dimension", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("submitted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("recognised", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("not_recognised", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("stat_counts_pk", ["dimension", "key"])
    .execute();

  // A histogram of days from submission to decision, per decision year: percentiles read a few hundred rows.
  await db.schema
    .createTable("stat_decision_days")
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("stat_decision_days_pk", ["year", "days"])
    .execute();

  await db.schema
    .createTable("public_state")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto("public_state").values({ key: "publications", version: 0 }).execute();

  await db.schema
    .alterTable("publications")
    .addColumn("commendation_rank", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  // Keyset pagination: every filter has an index that ends in the sort order (published_at, initiative_id).
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on("publications").columns(cols).execute();
  await idx("publications_rank_order", ["commendation_rank", "published_at", "initiative_id"]);
  await idx("publications_domain_order", ["procedure_domain", "published_at", "initiative_id"]);
  await idx("publications_unit_order", ["unit_id", "published_at", "initiative_id"]);
  await idx("publications_agency_order", ["agency_id", "published_at", "initiative_id"]);
  await idx("publications_level_order", ["commendation_level_id", "published_at", "initiative_id"]);
  await idx("publications_scope_order", ["scope_type", "published_at", "initiative_id"]);
  await idx("publications_area_order", ["reform_area", "published_at", "initiative_id"]);

  if (pg) {
    await sql
      .raw(
        `CREATE FUNCTION sk_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(translate(t, '${VI_FROM}', '${VI_TO}')) $$`,
      )
      .execute(db);
    // Title words weigh A, body words B; the query side uses the same expression so the index is used.
    await sql
      .raw(
        `CREATE INDEX publications_search ON publications USING gin ((
          setweight(to_tsvector('simple', sk_fold(title)), 'A') ||
          setweight(to_tsvector('simple', sk_fold(problem || ' ' || solution || ' ' || benefit)), 'B')))`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION sk_publications_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'DELETE' THEN
            NEW.commendation_rank := coalesce((SELECT rank FROM commendation_levels WHERE id = NEW.commendation_level_id), 0);
          END IF;
          UPDATE public_state SET version = version + 1 WHERE key = 'publications';
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER publications_changed BEFORE INSERT OR UPDATE OR DELETE ON publications
         FOR EACH ROW EXECUTE FUNCTION sk_publications_changed()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION sk_levels_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE publications SET commendation_rank = NEW.rank WHERE commendation_level_id = NEW.id AND commendation_rank <> NEW.rank;
          UPDATE public_state SET version = version + 1 WHERE key = 'publications';
          RETURN NEW;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER commendation_levels_changed AFTER UPDATE ON commendation_levels FOR EACH ROW EXECUTE FUNCTION sk_levels_changed()`,
      )
      .execute(db);
    await sql
      .raw(`UPDATE publications p SET commendation_rank = l.rank FROM commendation_levels l WHERE l.id = p.commendation_level_id`)
      .execute(db);
    return;
  }

  // SQLite: a contentless FTS5 index (the text already lives in publications). The tokenizer folds case and
  // diacritics ("remove_diacritics 2" handles stacked Vietnamese marks); đ is a letter of its own, not a
  // diacritic, so the triggers map it to d. The query side folds with the app's fold(), which agrees.
  const foldD = (expr: string) => `replace(replace(${expr}, 'đ', 'd'), 'Đ', 'D')`;
  const title = (row: string) => foldD(`${row}.title`);
  const body = (row: string) => foldD(`${row}.problem || ' ' || ${row}.solution || ' ' || ${row}.benefit`);
  const statements = [
    `CREATE VIRTUAL TABLE publication_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
    `CREATE TRIGGER publications_fts_insert AFTER INSERT ON publications BEGIN
       INSERT INTO publication_fts(rowid, title, body) VALUES (new.initiative_id, ${title("new")}, ${body("new")});
       UPDATE publications SET commendation_rank = coalesce((SELECT rank FROM commendation_levels WHERE id = new.commendation_level_id), 0)
         WHERE initiative_id = new.initiative_id;
       UPDATE public_state SET version = version + 1 WHERE key = 'publications';
     END`,
    `CREATE TRIGGER publications_fts_update AFTER UPDATE OF title, problem, solution, benefit ON publications BEGIN
       DELETE FROM publication_fts WHERE rowid = old.initiative_id;
       INSERT INTO publication_fts(rowid, title, body) VALUES (new.initiative_id, ${title("new")}, ${body("new")});
     END`,
    `CREATE TRIGGER publications_level_update AFTER UPDATE OF commendation_level_id ON publications BEGIN
       UPDATE publications SET commendation_rank = coalesce((SELECT rank FROM commendation_levels WHERE id = new.commendation_level_id), 0)
         WHERE initiative_id = new.initiative_id;
     END`,
    `CREATE TRIGGER publications_version_update AFTER UPDATE ON publications BEGIN
       UPDATE public_state SET version = version + 1 WHERE key = 'publications';
     END`,
    `CREATE TRIGGER publications_fts_delete AFTER DELETE ON publications BEGIN
       DELETE FROM publication_fts WHERE rowid = old.initiative_id;
       UPDATE public_state SET version = version + 1 WHERE key = 'publications';
     END`,
    `CREATE TRIGGER commendation_levels_changed AFTER UPDATE ON commendation_levels BEGIN
       UPDATE publications SET commendation_rank = new.rank WHERE commendation_level_id = new.id AND commendation_rank <> new.rank;
       UPDATE public_state SET version = version + 1 WHERE key = 'publications';
     END`,
    `INSERT INTO publication_fts(rowid, title, body) SELECT p.initiative_id, ${title("p")}, ${body("p")} FROM publications p`,
    `UPDATE publications SET commendation_rank = coalesce((SELECT rank FROM commendation_levels l WHERE l.id = publications.commendation_level_id), 0)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`DROP TRIGGER IF EXISTS commendation_levels_changed ON commendation_levels`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS publications_changed ON publications`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_levels_changed()`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_publications_changed()`).execute(db);
    await sql.raw(`DROP INDEX IF EXISTS publications_search`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_fold(text)`).execute(db);
  } else {
    for (const t of [
      "commendation_levels_changed",
      "publications_fts_delete",
      "publications_version_update",
      "publications_level_update",
      "publications_fts_update",
      "publications_fts_insert",
    ]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
    }
    await sql.raw(`DROP TABLE IF EXISTS publication_fts`).execute(db);
  }
  for (const i of ["rank", "domain", "unit", "agency", "level", "scope", "area"]) {
    await db.schema.dropIndex(`publications_${i}_order`).ifExists().execute();
  }
  await db.schema.alterTable("publications").dropColumn("commendation_rank").execute();
  await db.schema.dropTable("public_state").ifExists().execute();
  await db.schema.dropTable("stat_decision_days").ifExists().execute();
  await db.schema.dropTable("stat_counts").ifExists().execute();
}
