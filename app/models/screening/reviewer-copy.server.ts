/**
 * The reviewer copy: what reviewers read of an initiative instead of its submitted text. The secretary makes it at
 * screening from the texts with the likely personal data flagged (personal-data-flags.ts) and pre-redacted, edits
 * it, adds the request for information and the citizen's reply, and chooses the files to forward. Reviewers read
 * only this; no review can be assigned before it exists. A case that reached review before copies existed gets one
 * made by the system the first time it is read, marked "to check" until a secretary saves it.
 * See docs/decisions/028-reviewer-copy-and-access-log.md.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { cleanText } from "../../utils/text";
import { audit } from "../audit/audit.server";
import { NotFoundError, ValidationError } from "../errors";
import { TEXT_MAX, TITLE_MAX } from "../publication/publication-rules";
import { findPersonalData, redact, type Flag, type KnownPerson } from "./personal-data-flags";

type Executor = Kysely<Database> | Transaction<Database>;

export const COPY_FIELDS = ["title", "problem", "solution", "benefit"] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

/** One message of the request-for-information exchange, as the copy shows it. */
export interface ExchangeItem {
  eventId: number;
  from: "staff" | "submitter";
  at: string;
  message: string;
}

export interface ReviewerCopy {
  title: string;
  problem: string;
  solution: string;
  benefit: string;
  exchange: ExchangeItem[];
  toCheck: boolean;
  updatedAt: string;
}

/** A forwarded file as a reviewer sees it: its name and size, nothing of where it came from. */
export interface ForwardedFile {
  id: number;
  filename: string;
  mime: string;
  size: number;
}

/** The statuses in which the copy may still be made or changed: before and during review. */
export const COPY_EDITABLE = ["submitted", "screening", "needs_info", "in_review"] as const;

function runIn<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : (db as Kysely<Database>).transaction().execute(fn);
}

async function peopleOf(db: Executor, initiativeId: number): Promise<KnownPerson[]> {
  const rows = await db
    .selectFrom("authors")
    .select(["full_name", "email", "phone", "organisation"])
    .where("initiative_id", "=", initiativeId)
    .execute();
  return rows.map((r) => ({ fullName: r.full_name, email: r.email, phone: r.phone, organisation: r.organisation }));
}

/** The request(s) for information and the citizen's replies, oldest first. */
async function exchangeOf(db: Executor, initiativeId: number): Promise<ExchangeItem[]> {
  const rows = await db
    .selectFrom("events")
    .select(["id", "kind", "at", "message"])
    .where("initiative_id", "=", initiativeId)
    .where("kind", "in", ["request_info", "reply"])
    .where("message", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ eventId: r.id, from: r.kind === "reply" ? "submitter" : "staff", at: r.at, message: r.message ?? "" }));
}

async function sourceTexts(db: Executor, initiativeId: number) {
  const i = await db
    .selectFrom("initiatives")
    .select(["id", "code", "status", "title", "problem", "solution", "benefit"])
    .where("id", "=", initiativeId)
    .executeTakeFirst();
  if (!i) throw new NotFoundError();
  const [people, exchange] = await Promise.all([peopleOf(db, initiativeId), exchangeOf(db, initiativeId)]);
  return { initiative: i, people, exchange };
}

function parseExchange(json: string): ExchangeItem[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as ExchangeItem[]) : [];
  } catch {
    return [];
  }
}

async function copyRow(db: Executor, initiativeId: number) {
  return db.selectFrom("reviewer_copies").selectAll().where("initiative_id", "=", initiativeId).executeTakeFirst();
}

export async function hasReviewerCopy(db: Executor, initiativeId: number): Promise<boolean> {
  return (
    (await db.selectFrom("reviewer_copies").select("initiative_id").where("initiative_id", "=", initiativeId).executeTakeFirst()) !==
    undefined
  );
}

/**
 * Makes the copy of a case that is already being reviewed and has none (it reached review before copies existed):
 * the suggested redactions applied, the exchange included, no file forwarded, marked to check. Idempotent: two
 * readers at once make one copy and one audit row. Returns whether it made one.
 */
export async function ensureReviewerCopy(db: Executor, initiativeId: number, now = new Date()): Promise<boolean> {
  if (await hasReviewerCopy(db, initiativeId)) return false;
  const assigned = await db.selectFrom("assignments").select("id").where("initiative_id", "=", initiativeId).executeTakeFirst();
  if (!assigned) return false;
  const { people, initiative, exchange } = await sourceTexts(db, initiativeId);
  let flags = 0;
  const red = (text: string) => {
    const f = findPersonalData(text, people);
    flags += f.length;
    return redact(text, f);
  };
  const at = now.toISOString();
  const values = {
    initiative_id: initiativeId,
    title: red(initiative.title),
    problem: red(initiative.problem),
    solution: red(initiative.solution),
    benefit: red(initiative.benefit),
    exchange: JSON.stringify(exchange.map((e) => ({ ...e, message: red(e.message) }))),
    to_check: 1,
    created_at: at,
    updated_at: at,
    updated_by: null,
  };
  return runIn(db, async (trx) => {
    const made = await trx
      .insertInto("reviewer_copies")
      .values(values)
      .onConflict((oc) => oc.column("initiative_id").doNothing())
      .returning("initiative_id")
      .executeTakeFirst();
    if (!made) return false;
    await audit(trx, {
      actorUserId: null,
      action: "reviewer_copy.generate",
      targetType: "initiative",
      targetId: initiativeId,
      details: { code: initiative.code, flags, toCheck: true },
      now,
    });
    return true;
  });
}

/** The copies' titles of these initiatives (made first where a case in review has none), for a reviewer's lists and emails. */
export async function reviewerTitles(db: Executor, initiativeIds: readonly number[]): Promise<Map<number, string>> {
  if (initiativeIds.length === 0) return new Map();
  const ids = [...new Set(initiativeIds)];
  const read = async () =>
    new Map(
      (await db.selectFrom("reviewer_copies").select(["initiative_id", "title"]).where("initiative_id", "in", ids).execute()).map((r) => [
        r.initiative_id,
        r.title,
      ]),
    );
  let titles = await read();
  const missing = ids.filter((id) => !titles.has(id));
  if (missing.length > 0) {
    for (const id of missing) await ensureReviewerCopy(db, id);
    titles = await read();
  }
  return titles;
}

/** What a reviewer reads: the copy and the files forwarded with it. */
export async function reviewerCopyOf(
  db: Executor,
  initiativeId: number,
): Promise<{ copy: ReviewerCopy; files: ForwardedFile[] } | undefined> {
  await ensureReviewerCopy(db, initiativeId);
  const row = await copyRow(db, initiativeId);
  if (!row) return undefined;
  const files = await forwardedFiles(db, initiativeId);
  return {
    copy: {
      title: row.title,
      problem: row.problem,
      solution: row.solution,
      benefit: row.benefit,
      exchange: parseExchange(row.exchange),
      toCheck: row.to_check === 1,
      updatedAt: row.updated_at,
    },
    files,
  };
}

export async function forwardedFiles(db: Executor, initiativeId: number): Promise<ForwardedFile[]> {
  return db
    .selectFrom("reviewer_copy_files")
    .innerJoin("attachments", "attachments.id", "reviewer_copy_files.attachment_id")
    .select(["attachments.id", "attachments.filename", "attachments.mime", "attachments.size"])
    .where("reviewer_copy_files.initiative_id", "=", initiativeId)
    .orderBy("attachments.id")
    .execute();
}

/** A forwarded file of this initiative, for the reviewer's download route; undefined when it was not forwarded. */
export async function forwardedFile(db: Executor, initiativeId: number, attachmentId: number) {
  return db
    .selectFrom("reviewer_copy_files")
    .innerJoin("attachments", "attachments.id", "reviewer_copy_files.attachment_id")
    .select(["attachments.id", "attachments.sha256", "attachments.filename", "attachments.mime", "attachments.size"])
    .where("reviewer_copy_files.initiative_id", "=", initiativeId)
    .where("attachments.id", "=", attachmentId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The secretary's side

export interface FlaggedText {
  original: string;
  flags: Flag[];
  /** what the form starts with: the saved copy's text, or the original with the flags redacted */
  value: string;
}

export interface CopyEditor {
  code: string;
  status: string;
  exists: boolean;
  toCheck: boolean;
  editable: boolean;
  updatedAt: string | null;
  updatedByName: string | null;
  fields: Record<CopyField, FlaggedText>;
  exchange: (FlaggedText & { eventId: number; from: "staff" | "submitter"; at: string; inCopy: boolean })[];
  files: { id: number; filename: string; size: number; purpose: string; forwarded: boolean }[];
}

/** Everything the copy's page shows: each text with its flags, the copy as saved (or as suggested), the files. */
export async function reviewerCopyEditor(db: Executor, initiativeId: number): Promise<CopyEditor> {
  await ensureReviewerCopy(db, initiativeId);
  const { initiative, people, exchange } = await sourceTexts(db, initiativeId);
  const row = await db
    .selectFrom("reviewer_copies")
    .leftJoin("users", "users.id", "reviewer_copies.updated_by")
    .selectAll("reviewer_copies")
    .select("users.name as updated_by_name")
    .where("reviewer_copies.initiative_id", "=", initiativeId)
    .executeTakeFirst();
  const saved = row ? parseExchange(row.exchange) : [];
  const savedById = new Map(saved.map((e) => [e.eventId, e.message]));
  const flagged = (original: string, savedValue: string | undefined): FlaggedText => {
    const flags = findPersonalData(original, people);
    return { original, flags, value: savedValue ?? redact(original, flags) };
  };
  const [attachments, forwarded] = await Promise.all([
    db
      .selectFrom("attachments")
      .select(["id", "filename", "size", "purpose"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("id")
      .execute(),
    db.selectFrom("reviewer_copy_files").select("attachment_id").where("initiative_id", "=", initiativeId).execute(),
  ]);
  const fwd = new Set(forwarded.map((f) => f.attachment_id));
  return {
    code: initiative.code,
    status: initiative.status,
    exists: row !== undefined,
    toCheck: row?.to_check === 1,
    editable: (COPY_EDITABLE as readonly string[]).includes(initiative.status),
    updatedAt: row?.updated_at ?? null,
    updatedByName: row?.updated_by_name ?? null,
    fields: Object.fromEntries(COPY_FIELDS.map((f) => [f, flagged(initiative[f], row?.[f])])) as Record<CopyField, FlaggedText>,
    exchange: exchange.map((e) => ({
      ...flagged(e.message, savedById.get(e.eventId)),
      eventId: e.eventId,
      from: e.from,
      at: e.at,
      inCopy: savedById.has(e.eventId),
    })),
    files: attachments.map((a) => ({ ...a, forwarded: fwd.has(a.id) })),
  };
}

/** The copy's state for the initiative page's panel. */
export async function reviewerCopyState(db: Executor, initiativeId: number) {
  await ensureReviewerCopy(db, initiativeId);
  const row = await db
    .selectFrom("reviewer_copies")
    .select(["to_check", "updated_at", "exchange"])
    .where("initiative_id", "=", initiativeId)
    .executeTakeFirst();
  const exchange = await exchangeOf(db, initiativeId);
  const inCopy = new Set(row ? parseExchange(row.exchange).map((e) => e.eventId) : []);
  return {
    exists: row !== undefined,
    toCheck: row?.to_check === 1,
    updatedAt: row?.updated_at ?? null,
    /** a request or a reply that came after the copy was saved */
    newMessages: exchange.filter((e) => !inCopy.has(e.eventId)).length,
  };
}

export interface SaveCopyInput {
  initiativeId: number;
  userId: number;
  fields: Record<CopyField, string>;
  /** by event id: the text of each message of the exchange that the copy shows */
  exchange: Record<number, string>;
  attachmentIds: number[];
  now?: Date;
}

/** Field errors as message keys: `required`, `too_long`, `bad_file`. */
export function checkCopyInput(input: Pick<SaveCopyInput, "fields" | "exchange">): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of COPY_FIELDS) {
    const v = input.fields[f];
    if (!v || v.trim() === "") errors[f] = "required";
    else if ([...v].length > (f === "title" ? TITLE_MAX : TEXT_MAX)) errors[f] = "too_long";
  }
  for (const [id, v] of Object.entries(input.exchange)) if ([...v].length > TEXT_MAX) errors[`exchange_${id}`] = "too_long";
  return errors;
}

/** Saves the copy (made or changed by a secretary: no longer to check), its forwarded files and an audit row, at once. */
export async function saveReviewerCopy(db: Kysely<Database>, input: SaveCopyInput): Promise<void> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const fields = Object.fromEntries(COPY_FIELDS.map((f) => [f, cleanText(input.fields[f] ?? "").trim()])) as Record<CopyField, string>;
  const exchangeText = Object.fromEntries(Object.entries(input.exchange).map(([id, v]) => [id, cleanText(v).trim()]));
  const errors = checkCopyInput({ fields, exchange: exchangeText });
  if (Object.keys(errors).length > 0) throw ValidationError.fromFields(errors);

  await db.transaction().execute(async (trx) => {
    const { initiative, people, exchange } = await sourceTexts(trx, input.initiativeId);
    if (!(COPY_EDITABLE as readonly string[]).includes(initiative.status)) throw new ValidationError("copy_closed");
    const files = [...new Set(input.attachmentIds)];
    if (files.length > 0) {
      const own = await trx
        .selectFrom("attachments")
        .select("id")
        .where("initiative_id", "=", input.initiativeId)
        .where("id", "in", files)
        .execute();
      if (own.length !== files.length) throw ValidationError.fromFields({ files: "bad_file" });
    }
    // The exchange as it stands, each message as the secretary edited it (or its suggestion when the form lacked it).
    const items: ExchangeItem[] = exchange.map((e) => ({
      ...e,
      message: exchangeText[e.eventId] ?? redact(e.message, findPersonalData(e.message, people)),
    }));
    const values = { ...fields, exchange: JSON.stringify(items), to_check: 0, updated_at: at, updated_by: input.userId };
    const before = await copyRow(trx, input.initiativeId);
    if (before) await trx.updateTable("reviewer_copies").set(values).where("initiative_id", "=", input.initiativeId).execute();
    else
      await trx
        .insertInto("reviewer_copies")
        .values({ initiative_id: input.initiativeId, created_at: at, ...values })
        .execute();
    await trx.deleteFrom("reviewer_copy_files").where("initiative_id", "=", input.initiativeId).execute();
    if (files.length > 0)
      await trx
        .insertInto("reviewer_copy_files")
        .values(files.map((attachment_id) => ({ initiative_id: input.initiativeId, attachment_id })))
        .execute();
    // What the secretary chose to leave: flags still found in the saved texts (each a false positive, or a slip).
    const left = [...COPY_FIELDS.map((f) => fields[f]), ...items.map((e) => e.message)].reduce(
      (n, text) => n + findPersonalData(text, people).length,
      0,
    );
    await audit(trx, {
      actorUserId: input.userId,
      action: before ? "reviewer_copy.update" : "reviewer_copy.create",
      targetType: "initiative",
      targetId: input.initiativeId,
      details: { code: initiative.code, flagsLeft: left, forwarded: files, wasToCheck: before?.to_check === 1 },
      now,
    });
  });
}
