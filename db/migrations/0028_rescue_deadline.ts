// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The "needs my action" view (decision 029) brings a case in review back to the secretary when a review is overdue
// or a withdrawn reviewer left fewer than two reviews (MIN_REVIEWS_FOR_COUNCIL, 2 when this was written), ordered by
// the case's earliest open review deadline. Computed per case from `assignments`, that cost a probe for every case
// in review on every load, growing with the register (decision 040). Two columns of `initiatives` keep the answer,
// written by triggers on `assignments` in the transaction of every write that changes them:
//  - `review_due`: the earliest due date of the case's open ('assigned') reviews, null when none is open;
//  - `reviewers_short`: 1 when a reviewer withdrew (a 'conflict' assignment) and fewer than two others remain.
// With (status, review_due, id) the overdue cases are a range read in deadline order; the short ones, rare, are
// found through their own index.
import { PostgresAdapter, sql, type Kysely } from "kysely";

const MIN_REVIEWS = 2;

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The two values for the case `ref` (an expression naming an initiative id), from its assignments. */
const reviewDue = (ref: string) => `(SELECT min(a.due_on) FROM assignments a WHERE a.initiative_id = ${ref} AND a.status = 'assigned')`;
const short = (ref: string) =>
  `(CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.initiative_id = ${ref} AND a.status = 'conflict')
     AND (SELECT count(*) FROM assignments a WHERE a.initiative_id = ${ref} AND a.status <> 'conflict') < ${MIN_REVIEWS}
     THEN 1 ELSE 0 END)`;
const refresh = (ref: string) => `UPDATE initiatives SET review_due = ${reviewDue(ref)}, reviewers_short = ${short(ref)} WHERE id = ${ref}`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema.alterTable("initiatives").addColumn("review_due", "text").execute();
  await db.schema
    .alterTable("initiatives")
    .addColumn("reviewers_short", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  // Existing cases: only those with assignments can have a value.
  await sql
    .raw(
      `UPDATE initiatives SET review_due = ${reviewDue("initiatives.id")}, reviewers_short = ${short("initiatives.id")}
       WHERE id IN (SELECT initiative_id FROM assignments)`,
    )
    .execute(db);

  if (postgres) {
    await sql
      .raw(
        `CREATE FUNCTION sk_assignment_rescue() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${refresh("OLD.initiative_id")}; END IF;
          IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.initiative_id IS DISTINCT FROM OLD.initiative_id) THEN
            ${refresh("NEW.initiative_id")};
          END IF;
          RETURN NULL;
        END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER assignments_rescue AFTER INSERT OR DELETE OR UPDATE OF status, due_on, initiative_id ON assignments
         FOR EACH ROW EXECUTE FUNCTION sk_assignment_rescue()`,
      )
      .execute(db);
  } else {
    await sql
      .raw(`CREATE TRIGGER assignments_rescue_insert AFTER INSERT ON assignments BEGIN ${refresh("NEW.initiative_id")}; END`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER assignments_rescue_delete AFTER DELETE ON assignments BEGIN ${refresh("OLD.initiative_id")}; END`)
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER assignments_rescue_update AFTER UPDATE OF status, due_on, initiative_id ON assignments BEGIN
           ${refresh("OLD.initiative_id")};
           ${refresh("NEW.initiative_id")};
         END`,
      )
      .execute(db);
  }

  await db.schema.createIndex("initiatives_status_review_due").on("initiatives").columns(["status", "review_due", "id"]).execute();
  await db.schema.createIndex("initiatives_reviewers_short").on("initiatives").columns(["reviewers_short", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("initiatives_reviewers_short").ifExists().execute();
  await db.schema.dropIndex("initiatives_status_review_due").ifExists().execute();
  if (isPostgres(db)) {
    await sql.raw(`DROP TRIGGER IF EXISTS assignments_rescue ON assignments`).execute(db);
    await sql.raw(`DROP FUNCTION IF EXISTS sk_assignment_rescue()`).execute(db);
  } else {
    for (const t of ["insert", "delete", "update"]) await sql.raw(`DROP TRIGGER IF EXISTS assignments_rescue_${t}`).execute(db);
  }
  await db.schema.alterTable("initiatives").dropColumn("reviewers_short").execute();
  await db.schema.alterTable("initiatives").dropColumn("review_due").execute();
}
