/**
 * "Download my data": a zip with `data.json` (every field of the initiative and its people, the history the
 * submitter sees, the consents, the requests) and the files the submitter may download, streamed from the file
 * store one after another (yazl pulls each stream only when it gets to it), so no file is held whole in memory.
 */
import { Readable } from "node:stream";
import yazl from "yazl";
import type { DB } from "../../../db/client";
import { PRIVACY_NOTICE_VERSION } from "../../domain/privacy";
import { fileStore } from "../../utils/file-store.server";
import { audit } from "../audit/audit.server";

const SUBMITTER_VISIBLE = ["submitter", "public"] as const;
const SUBMITTER_FILES = ["submission", "reply", "decision"] as const;

/**
 * The consents the submission holds, for the download. Today these are the two flags the form recorded; when the
 * consent records (one row per consent, notice version and purpose) are on this branch, read them here.
 */
export async function consentRecordsForExport(db: DB, initiativeId: number) {
  const row = await db
    .selectFrom("initiatives")
    .select(["consent_data", "consent_publish_name", "submitted_at"])
    .where("id", "=", initiativeId)
    .executeTakeFirstOrThrow();
  return [
    { purpose: "handling", given: row.consent_data === 1, at: row.submitted_at, source: "submission" },
    { purpose: "publish_name", given: row.consent_publish_name === 1, at: row.submitted_at, source: "submission" },
  ];
}

/** A file's name inside the zip: its id keeps two files of one name apart; no folder or odd character gets through. */
function zipName(id: number, filename: string): string {
  const safe =
    [...filename]
      .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? "_" : ch))
      .join("")
      .slice(0, 150) || "file";
  return `files/${id}-${safe}`;
}

/** Everything about the subject, as the JSON of the download. */
export async function subjectData(db: DB, initiativeId: number, now = new Date()) {
  const [initiative, authors, events, files, decision, publication, requests, emailChanges, consents] = await Promise.all([
    db.selectFrom("initiatives").selectAll().where("id", "=", initiativeId).executeTakeFirstOrThrow(),
    db
      .selectFrom("authors")
      .select(["position", "full_name", "email", "phone", "organisation", "share"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("events")
      .select(["at", "actor_type", "from_status", "to_status", "kind", "message"])
      .where("initiative_id", "=", initiativeId)
      .where("visibility", "in", SUBMITTER_VISIBLE)
      .orderBy("at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("attachments")
      .select(["id", "purpose", "filename", "mime", "size", "sha256", "created_at"])
      .where("initiative_id", "=", initiativeId)
      .where("purpose", "in", SUBMITTER_FILES)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("decisions")
      .leftJoin("commendation_levels", "commendation_levels.id", "decisions.commendation_level_id")
      .select([
        "decisions.outcome",
        "decisions.reason",
        "decisions.certificate_number",
        "decisions.decided_at",
        "commendation_levels.name_vi",
      ])
      .where("decisions.initiative_id", "=", initiativeId)
      .executeTakeFirst(),
    db
      .selectFrom("publications")
      .select(["slug", "title", "author_name", "published_at"])
      .where("initiative_id", "=", initiativeId)
      .executeTakeFirst(),
    db
      .selectFrom("privacy_requests")
      .select(["kind", "reason", "status", "created_at", "due_on", "answered_at", "answer"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("email_changes")
      .select(["new_email", "created_at", "expires_at", "confirmed_at"])
      .where("initiative_id", "=", initiativeId)
      .orderBy("id")
      .execute(),
    consentRecordsForExport(db, initiativeId),
  ]);
  // Left out: the keys of the tracking link and of the form (secrets, not data about the person), and the
  // staff-only history, notes and reviews (the reviewers' identities and the city's deliberation).
  const {
    submit_key: _key,
    legacy_token_hash: _legacy,
    link_version: _link,
    content_hash: _hash,
    search_text: _search,
    ...fields
  } = initiative;
  return {
    exportedAt: now.toISOString(),
    privacyNotice: { version: PRIVACY_NOTICE_VERSION, url: "/privacy" },
    initiative: fields,
    people: authors.map((a) => ({ role: a.position === 0 ? "submitter" : "co-author", ...a })),
    consents,
    history: events,
    attachments: files.map((f) => ({ ...f, path: zipName(f.id, f.filename) })),
    decision: decision ?? null,
    publication: publication ?? null,
    privacyRequests: requests,
    emailChanges,
  };
}

/**
 * The zip as a stream, with an audit row written before the first byte. Each attachment's stream is opened only
 * when the zip reaches it; a file missing from the store is listed in `missing-files.txt` rather than failing the
 * whole download.
 */
export async function subjectDataZip(db: DB, initiativeId: number, now = new Date()): Promise<Readable> {
  const data = await subjectData(db, initiativeId, now);
  const store = fileStore(db);
  const present: typeof data.attachments = [];
  const missing: string[] = [];
  for (const f of data.attachments) {
    if (await store.has(f.sha256)) present.push(f);
    else missing.push(f.path);
  }
  await audit(db, {
    actorUserId: null,
    action: "privacy.data.download",
    targetType: "initiative",
    targetId: initiativeId,
    details: { files: present.length },
    now,
  });
  const zip = new yazl.ZipFile();
  const mtime = now;
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2), "utf8"), "data.json", { mtime });
  for (const f of present) {
    zip.addReadStreamLazy(f.path, { mtime, size: f.size }, (cb) => {
      store.open(f.sha256).then(
        (stream) => (stream ? cb(null, stream) : cb(new Error("file missing from the store"), Readable.from([]))),
        (err) => cb(err, Readable.from([])),
      );
    });
  }
  if (missing.length > 0) zip.addBuffer(Buffer.from(missing.join("\n") + "\n", "utf8"), "missing-files.txt", { mtime });
  zip.end();
  return zip.outputStream as Readable;
}
