// Frozen in time: uses Kysely<any> and imports nothing from the app. Runs on SQLite and PostgreSQL.
//
// The secret of a private tracking link is no longer stored (docs/decisions/012-tracking-links.md): the app derives
// it as HMAC(TRACKING_SECRET, code + ":" + link_version), so the row keeps only `link_version`. Links already in
// people's mailboxes keep working: the row keeps the SHA-256 of the old token in `legacy_token_hash` until the link
// is sent again, and the plain token column is dropped. Queued and sent emails lose their copies of the tokens. `content_hash` is the hash of a submission's fields, author
// email and files, stored with the submit key so a replayed key is a duplicate only for the same content.
import crypto from "node:crypto";
import { PostgresAdapter, sql, type Kysely } from "kysely";

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const BATCH = 1000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("initiatives")
    .addColumn("link_version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("initiatives").addColumn("legacy_token_hash", "text").execute();
  await db.schema.alterTable("initiatives").addColumn("content_hash", "text").execute();

  if (isPostgres(db)) {
    // sha256() is built in since PostgreSQL 11; the same hex digest of the UTF-8 bytes as below.
    await sql`update initiatives set legacy_token_hash = encode(sha256(convert_to(access_token, 'UTF8')), 'hex')`.execute(db);
  } else {
    // SQLite has no SHA-256: hash in batches, each batch in one transaction (the migrator runs SQLite migrations
    // outside a transaction, and a commit per row would be slow on a large database).
    let last = 0;
    for (;;) {
      const rows: { id: number; access_token: string }[] = await db
        .selectFrom("initiatives")
        .select(["id", "access_token"])
        .where("id", ">", last)
        .orderBy("id")
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      const write = async (trx: Kysely<any>) => {
        for (const r of rows) {
          const hash = crypto.createHash("sha256").update(String(r.access_token), "utf8").digest("hex");
          await trx.updateTable("initiatives").set({ legacy_token_hash: hash }).where("id", "=", r.id).execute();
        }
      };
      if (db.isTransaction) await write(db);
      else await db.transaction().execute(write);
      last = Number(rows[rows.length - 1].id);
    }
  }

  await db.schema.alterTable("initiatives").dropColumn("access_token").execute();

  // Emails keep their private links without the secret from now on; the sender fills it in when it sends.
  // Emails already queued or sent hold old tokens in plain text: the same placeholder replaces them, so a
  // waiting email goes out with the link of the current version and a sent one no longer holds a secret.
  const OLD_LINK = /(\/track\/SK-\d{4}-\d{6})\?t=[A-Za-z0-9_%-]+/g;
  const PLACEHOLDER = "$1?t={tracking-token}";
  let lastMail = 0;
  for (;;) {
    const rows: { id: number; html: string; text: string }[] = await db
      .selectFrom("outbox")
      .select(["id", "html", "text"])
      .where("id", ">", lastMail)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const write = async (trx: Kysely<any>) => {
      for (const r of rows) {
        const html = String(r.html).replace(OLD_LINK, PLACEHOLDER);
        const text = String(r.text).replace(OLD_LINK, PLACEHOLDER);
        if (html !== r.html || text !== r.text) await trx.updateTable("outbox").set({ html, text }).where("id", "=", r.id).execute();
      }
    };
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
    lastMail = Number(rows[rows.length - 1].id);
  }
}

// The old tokens cannot be restored: after going down, every private link is dead and submitters must ask for it
// again on /track (the older code then stores and mails a new token).
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("initiatives")
    .addColumn("access_token", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.alterTable("initiatives").dropColumn("content_hash").execute();
  await db.schema.alterTable("initiatives").dropColumn("legacy_token_hash").execute();
  await db.schema.alterTable("initiatives").dropColumn("link_version").execute();
}
