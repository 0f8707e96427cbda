/**
 * The one anonymisation of an initiative's people, used by a granted erasure request and by the retention job,
 * so both leave the same thing behind (docs/decisions/027-submitter-rights-and-retention.md).
 *
 * What goes: every author's name (the submitter's and the co-authors'), email, phone and organisation; the name on
 * the publication; the mail queued or sent to those addresses; pending email changes; and, unless the initiative was
 * recognised, the files the submitter sent. What stays, because the city must keep it (Law 91/2025/QH15 allows
 * keeping what another law requires; the commendation rules require the record of a recognition): the decision,
 * the certificate's number, the initiative's content, the decision documents and the history of statuses.
 */
import { reindexPublication } from "../public/search-index.server";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { fileStore } from "../../utils/file-store.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** What an anonymised author is called, in the records and on the publication. */
export const ANONYMOUS_NAME = "Tác giả ẩn danh";

/** Files the submitter sent; decision documents are the city's own and stay. */
export const SUBMITTER_SENT_FILES = ["submission", "reply"] as const;

/** A recognition is a record the city keeps: its decision, certificate and content survive an erasure. */
export async function wasRecognised(db: Executor, initiativeId: number): Promise<boolean> {
  const row = await db
    .selectFrom("initiatives")
    .leftJoin("decisions", "decisions.initiative_id", "initiatives.id")
    .select(["initiatives.status", "decisions.outcome"])
    .where("initiatives.id", "=", initiativeId)
    .executeTakeFirst();
  return row?.outcome === "recognised" || row?.status === "recognised" || row?.status === "published";
}

export interface AnonymiseResult {
  /** false when it had been done before: nothing changed */
  changed: boolean;
  recognised: boolean;
  authors: number;
  filesDeleted: number;
  /** contents no attachment refers to any more: remove them from the store once the transaction has committed */
  orphanedContents: string[];
}

/**
 * Anonymises the people of one initiative inside the caller's transaction, with an audit row. Idempotent: an
 * initiative already anonymised is left alone and reports `changed: false`.
 */
export async function anonymiseInitiative(
  trx: Executor,
  input: { initiativeId: number; reason: "erasure" | "retention"; actorUserId: number | null; requestId?: number; now: Date },
): Promise<AnonymiseResult> {
  const at = input.now.toISOString();
  const claimed = await trx
    .updateTable("initiatives")
    .set({ anonymised_at: at, consent_publish_name: 0, updated_at: at, version: sql<number>`version + 1` })
    .where("id", "=", input.initiativeId)
    .where("anonymised_at", "is", null)
    .executeTakeFirst();
  const recognised = await wasRecognised(trx, input.initiativeId);
  if (Number(claimed.numUpdatedRows) !== 1) return { changed: false, recognised, authors: 0, filesDeleted: 0, orphanedContents: [] };

  const people = await trx.selectFrom("authors").select(["id", "email"]).where("initiative_id", "=", input.initiativeId).execute();
  const addresses = [...new Set(people.map((p) => p.email?.trim()).filter((e): e is string => Boolean(e)))];
  await trx
    .updateTable("authors")
    .set({ full_name: ANONYMOUS_NAME, email: null, phone: null, organisation: null })
    .where("initiative_id", "=", input.initiativeId)
    .execute();
  await trx
    .updateTable("publications")
    .set({ author_name: null, co_author_names: "[]" })
    .where("initiative_id", "=", input.initiativeId)
    .execute();
  await reindexPublication(trx, input.initiativeId);
  await trx.deleteFrom("email_changes").where("initiative_id", "=", input.initiativeId).execute();
  if (addresses.length > 0) {
    // The mail to these addresses holds the name and the address itself; its attempts go with it (cascade).
    const mail = trx.selectFrom("outbox").select("id").where("to_address", "in", addresses);
    await trx.updateTable("outbox").set({ replaced_by: null }).where("replaced_by", "in", mail).execute();
    await trx.deleteFrom("outbox").where("to_address", "in", addresses).execute();
  }

  let files: { id: number; sha256: string }[] = [];
  if (!recognised) {
    files = await trx
      .selectFrom("attachments")
      .select(["id", "sha256"])
      .where("initiative_id", "=", input.initiativeId)
      .where("purpose", "in", SUBMITTER_SENT_FILES)
      .execute();
  }
  const orphanedContents = await deleteAttachmentRows(trx, files);

  await audit(trx, {
    actorUserId: input.actorUserId,
    action: input.reason === "erasure" ? "privacy.erasure" : "privacy.retention.anonymise",
    targetType: "initiative",
    targetId: input.initiativeId,
    details: { recognised, authors: people.length, filesDeleted: files.length, ...(input.requestId ? { requestId: input.requestId } : {}) },
    now: input.now,
  });
  return { changed: true, recognised, authors: people.length, filesDeleted: files.length, orphanedContents };
}

/** Deletes attachment rows; returns the contents no other attachment refers to. */
export async function deleteAttachmentRows(trx: Executor, files: { id: number; sha256: string }[]): Promise<string[]> {
  if (files.length === 0) return [];
  await trx
    .deleteFrom("attachments")
    .where(
      "id",
      "in",
      files.map((f) => f.id),
    )
    .execute();
  const hashes = [...new Set(files.map((f) => f.sha256))];
  const still = await trx.selectFrom("attachments").select("sha256").where("sha256", "in", hashes).execute();
  const kept = new Set(still.map((r) => r.sha256));
  return hashes.filter((h) => !kept.has(h));
}

/**
 * Removes contents from the file store after the rows that named them are gone. A failure leaves an orphan that the
 * start-up sweep removes (app/utils/sweep.server.ts), never a row without its file.
 */
export async function removeContents(db: Kysely<Database>, hashes: string[]): Promise<void> {
  const store = fileStore(db);
  for (const sha256 of hashes) {
    // Sent again meanwhile by another submission: keep it.
    const used = await db.selectFrom("attachments").select("id").where("sha256", "=", sha256).executeTakeFirst();
    if (used) continue;
    await store.remove(sha256).catch((err) => console.error("could not remove a stored file", err));
  }
}
