// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// Search finds what people type (decision record 030):
//  - `publications.search_labels`: the reform area's and the procedure domain's labels in Vietnamese and English, and
//    the name of the author when they consented to publishing it, one a line;
//  - `publications.search_exact`: every word of the title, then of the body and labels, with its diacritics as ASCII
//    tokens (VNI digits, tone last: "Số hóa" → "so61 hoa1"), for the tier that ranks exact-diacritic matches first.
// The app writes both (app/models/public/search-index.server.ts); this migration fills them for the rows already
// published with a copy of today's labels and encoding, and rebuilds both engines' indexes over the new columns:
//  - SQLite: `publication_fts` gets the columns labels and exact (folded by the tokenizer as before, đ → d);
//  - PostgreSQL: `publications_search` indexes labels with weight C and the exact tokens with weight D. The query
//    side (search-postgres.server.ts) repeats this expression exactly, or the index is not used.
import { Kysely, PostgresAdapter, sql } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const AREA: Record<string, [string, string]> = {
  institutional: ["Cải cách thể chế", "Institutional reform"],
  procedures: ["Cải cách thủ tục hành chính", "Administrative procedure reform"],
  apparatus: ["Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the state administrative apparatus"],
  civil_service: ["Cải cách chế độ công vụ", "Civil service reform"],
  public_finance: ["Cải cách tài chính công", "Public finance reform"],
  digital_government: ["Xây dựng, phát triển chính quyền điện tử, chính quyền số", "E-government and digital government"],
};
const DOMAIN: Record<string, [string, string]> = {
  land: ["Đất đai", "Land"],
  construction: ["Xây dựng", "Construction"],
  investment: ["Đầu tư", "Investment"],
  business_registration: ["Đăng ký kinh doanh", "Business registration"],
  civil_status: ["Hộ tịch", "Civil status"],
  certification: ["Chứng thực", "Certification"],
  labour_social: ["Lao động, thương binh và xã hội", "Labour, invalids and social affairs"],
  administrative_sanctions: ["Xử phạt vi phạm hành chính", "Administrative sanctions"],
  other: ["Khác", "Other"],
};

const TONE: Record<string, string> = { "\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5" };
const QUALITY: Record<string, string> = { "\u0302": "6", "\u031b": "7", "\u0306": "8" };

function exactWords(text: string): string {
  const s = text.toLowerCase().normalize("NFD");
  const out: string[] = [];
  let word = "";
  let tone = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) word += c;
    else if (c === "đ") word += "d9";
    else if (code >= 0x300 && code <= 0x36f) {
      if (word === "") continue;
      if (TONE[c]) tone = TONE[c];
      else word += QUALITY[c] ?? "";
    } else if (word !== "") {
      out.push(word + tone);
      word = "";
      tone = "";
    }
  }
  if (word !== "") out.push(word + tone);
  return out.join(" ");
}

async function fill(db: Kysely<any>) {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("publications as p")
      .innerJoin("initiatives as i", "i.id", "p.initiative_id")
      .leftJoin("authors as a", (j) => j.onRef("a.initiative_id", "=", "p.initiative_id").on("a.position", "=", 0))
      .select(["p.initiative_id", "p.title", "p.problem", "p.solution", "p.benefit", "p.reform_area", "p.procedure_domain"])
      .select(sql<string | null>`case when i.consent_publish_name = 1 then a.full_name end`.as("author"))
      .where("p.initiative_id", ">", after)
      .orderBy("p.initiative_id")
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      const labels = [...(AREA[r.reform_area] ?? []), ...(r.procedure_domain ? (DOMAIN[r.procedure_domain] ?? []) : [])];
      if (r.author) labels.push(r.author);
      const search_labels = labels.join("\n");
      const body = [r.problem, r.solution, r.benefit, search_labels].map(exactWords).join(" ");
      await db
        .updateTable("publications")
        .set({ search_labels, search_exact: `${exactWords(r.title)}\n${body}` })
        .where("initiative_id", "=", r.initiative_id)
        .execute();
    }
    after = rows[rows.length - 1].initiative_id;
  }
}

const PG_INDEX = `CREATE INDEX publications_search ON publications USING gin ((
  setweight(to_tsvector('simple', sk_search_words(title)), 'A') ||
  setweight(to_tsvector('simple', sk_search_words(problem || ' ' || solution || ' ' || benefit)), 'B') ||
  setweight(to_tsvector('simple', sk_search_words(search_labels)), 'C') ||
  setweight(to_tsvector('simple', search_exact), 'D')))`;
const PG_OLD_INDEX = `CREATE INDEX publications_search ON publications USING gin ((
  setweight(to_tsvector('simple', sk_search_words(title)), 'A') ||
  setweight(to_tsvector('simple', sk_search_words(problem || ' ' || solution || ' ' || benefit)), 'B')))`;

const foldD = (expr: string) => `replace(replace(${expr}, 'đ', 'd'), 'Đ', 'D')`;
const title = (row: string) => foldD(`${row}.title`);
const body = (row: string) => foldD(`${row}.problem || ' ' || ${row}.solution || ' ' || ${row}.benefit`);
const OLD_FTS_INSERT = `INSERT INTO publication_fts(rowid, title, body) VALUES (new.initiative_id, ${title("new")}, ${body("new")});`;
const NEW_FTS_INSERT = `INSERT INTO publication_fts(rowid, title, body, labels, exact) VALUES (new.initiative_id, ${title("new")}, ${body("new")}, ${foldD("new.search_labels")}, new.search_exact);`;

/** The insert trigger also keeps the rank and the public version (0005, perhaps changed since): only its index line is replaced. */
async function replaceInInsertTrigger(db: Kysely<any>, from: string, to: string) {
  const row = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = 'publications_fts_insert'`.execute(
    db,
  );
  const text = row.rows[0]?.sql;
  if (!text || !text.includes(from)) throw new Error("0019: publications_fts_insert does not hold the expected index statement");
  await sql.raw(`DROP TRIGGER publications_fts_insert`).execute(db);
  await sql.raw(text.replace(from, to)).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("publications")
    .addColumn("search_labels", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("publications")
    .addColumn("search_exact", "text", (c) => c.notNull().defaultTo(""))
    .execute();

  if (isPostgres(db)) {
    // Filled before the index exists: one index build instead of one update per row.
    await sql.raw(`DROP INDEX IF EXISTS publications_search`).execute(db);
    await fill(db);
    await sql.raw(PG_INDEX).execute(db);
    return;
  }

  await sql.raw(`DROP TRIGGER IF EXISTS publications_fts_update`).execute(db);
  await sql.raw(`DROP TABLE IF EXISTS publication_fts`).execute(db);
  await fill(db);
  await sql
    .raw(
      `CREATE VIRTUAL TABLE publication_fts USING fts5(title, body, labels, exact, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
    )
    .execute(db);
  await replaceInInsertTrigger(db, OLD_FTS_INSERT, NEW_FTS_INSERT);
  await sql
    .raw(
      `CREATE TRIGGER publications_fts_update AFTER UPDATE OF title, problem, solution, benefit, search_labels, search_exact ON publications BEGIN
         DELETE FROM publication_fts WHERE rowid = old.initiative_id;
         ${NEW_FTS_INSERT}
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO publication_fts(rowid, title, body, labels, exact)
       SELECT p.initiative_id, ${title("p")}, ${body("p")}, ${foldD("p.search_labels")}, p.search_exact FROM publications p`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`DROP INDEX IF EXISTS publications_search`).execute(db);
    await db.schema.alterTable("publications").dropColumn("search_exact").execute();
    await db.schema.alterTable("publications").dropColumn("search_labels").execute();
    await sql.raw(PG_OLD_INDEX).execute(db);
    return;
  }
  // SQLite re-checks every trigger when a column is dropped: the triggers must stop naming the columns, and the
  // full-text table they write must still exist, until the columns are gone.
  await sql.raw(`DROP TRIGGER IF EXISTS publications_fts_update`).execute(db);
  await replaceInInsertTrigger(db, NEW_FTS_INSERT, OLD_FTS_INSERT);
  await db.schema.alterTable("publications").dropColumn("search_exact").execute();
  await db.schema.alterTable("publications").dropColumn("search_labels").execute();
  await sql.raw(`DROP TABLE IF EXISTS publication_fts`).execute(db);
  await sql
    .raw(
      `CREATE VIRTUAL TABLE publication_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER publications_fts_update AFTER UPDATE OF title, problem, solution, benefit ON publications BEGIN
         DELETE FROM publication_fts WHERE rowid = old.initiative_id;
         ${OLD_FTS_INSERT}
       END`,
    )
    .execute(db);
  await sql
    .raw(`INSERT INTO publication_fts(rowid, title, body) SELECT p.initiative_id, ${title("p")}, ${body("p")} FROM publications p`)
    .execute(db);
}
