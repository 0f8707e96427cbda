/**
 * Receiving uploaded files and keeping them. Multipart bodies are parsed by busboy (Remix's
 * `unstable_parseMultipartFormData` refuses a file name with ";" inside its quotes); each file streams to a
 * temporary file under DATA_DIR/tmp while hashed, so a large file is never held in memory and an oversized
 * one is cut off at the limit. Types are recognised by their bytes (`file-type`), never by the name a browser
 * sends, and the stored name takes the extension of the detected type.
 *
 * Storage is content-addressed by SHA-256 behind `fileStore` (file-store.server.ts: the database on PostgreSQL,
 * DATA_DIR/files on SQLite, FILES_DIR when set). A file goes there only after the whole form has been validated
 * and before the database transaction; if that transaction fails, the files this request added are removed
 * again unless a committed row already refers to them.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import * as fileType from "file-type";
import { createReadableStreamFromReadable } from "@remix-run/node";
import busboy from "busboy";
import yauzl from "yauzl";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getEnv } from "./env.server";
import { fileStore } from "./file-store.server";
import { MalformedInputError, NotFoundError, StorageUnavailableError, TooLargeError, type DomainError } from "../models/errors";
import { cleanLine } from "./text";
import { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES, MAX_REQUEST_BYTES, type UploadLimits, type UploadProblem } from "./upload-limits";

// The limits live in one module the browser's checks import too.
export { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES, MAX_REQUEST_BYTES };
/** A text field far above 10,000 characters of Vietnamese (≤ 4 bytes each) is not a person typing. */
const MAX_TEXT_PART_BYTES = 256 * 1024;
const MAX_PARTS = 300;

/** What we accept, by detected MIME type. */
export const ACCEPTED_TYPES: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "image/png": "png",
  "image/jpeg": "jpg",
};

export function dataDir(): string {
  return path.resolve(getEnv().DATA_DIR);
}
function tmpDir(): string {
  return path.join(dataDir(), "tmp");
}

// The package's Node entry (index.js, chosen by the "node" export condition at run time) adds
// fileTypeFromFile; the type checker resolves the browser-safe "default" entry, which lacks it.
const { fileTypeFromFile } = fileType as unknown as {
  fileTypeFromFile: (path: string) => Promise<{ ext: string; mime: string } | undefined>;
};

/**
 * The download of a stored file: always an attachment, never rendered inline, with the caller's caching headers.
 * A record whose file is missing from storage answers 404 rather than a broken stream.
 */
export async function storedFileResponse(
  db: Kysely<Database>,
  file: { sha256: string; mime: string; size: number; filename: string },
  headers: Record<string, string>,
): Promise<Response> {
  const stream = await fileStore(db)
    .open(file.sha256)
    .catch(() => null);
  if (!stream) throw new NotFoundError("file_missing");
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}

export interface ReceivedFile {
  field: string;
  filename: string;
  size: number;
  sha256: string;
  tempPath: string;
  /** detected from the bytes after parsing; null when not an accepted type */
  mime: string | null;
}

export type { UploadProblem };

export interface ReceivedForm {
  form: FormData;
  files: ReceivedFile[];
  /** file problems, reported next to their field; "too_large" means parsing stopped there (413) */
  problems: UploadProblem[];
  /** removes the temporary files; call it whatever happens next */
  discard: () => Promise<void>;
}

/**
 * A file name as shown to people: no path, no control or bidi characters, bounded. Browsers escape a
 * double quote in a multipart file name as %22 (HTML's form encoding), so it is turned back.
 */
export function cleanFilename(name: string): string {
  const base = cleanLine(name.replace(/%22/g, '"').split(/[/\\]/).pop() ?? "").replace(/^\.+/, "");
  return (base || "file").slice(0, 200);
}

/**
 * The name with the extension of the type its bytes showed: "report.html" that is a PDF is stored as
 * "report.pdf", so nobody who downloads it opens it with the program the sender chose. Whatever follows the
 * last dot counts as an extension only when it looks like one (letters and digits), so "v1.2 final" keeps
 * its words and gets ".pdf" added.
 */
export function withExtension(name: string, ext: string): string {
  const m = /^(.*)\.([A-Za-z0-9]{1,10})$/.exec(name);
  const current = m?.[2].toLowerCase();
  if (current === ext || (ext === "jpg" && current === "jpeg")) return name;
  const stem = (m ? m[1] : name).replace(/[.\s]+$/, "") || "file";
  return `${stem.slice(0, 200 - ext.length - 1)}.${ext}`;
}

/** Past a limit the rest of the body is still read and dropped, up to this much in all, so the answer reaches the browser. */
export const MAX_DRAIN_BYTES = 2 * MAX_REQUEST_BYTES;

/**
 * Reads the rest of a request body and drops it. A server that answers and closes while the browser is
 * still sending makes the kernel reset the connection, and the browser then shows "connection reset" instead
 * of the answer; reading to the end first lets the answer through. Past MAX_DRAIN_BYTES in all the body is
 * cut off: someone sending that much is not a person who picked one file too many.
 */
export async function drainBody(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let total = alreadyRead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > MAX_DRAIN_BYTES) {
        await reader.cancel().catch(() => {});
        return;
      }
    }
  } catch {
    // The client went away: nothing to answer.
  }
}

/** Drains a body that has not been read at all (a refusal decided before parsing). */
export async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  const reader = request.body.getReader();
  if (declared > MAX_DRAIN_BYTES) {
    await reader.cancel().catch(() => {});
    return;
  }
  await drainBody(reader, 0);
}

/**
 * The data folder refusing a write (full, read-only, gone) is the operator's fault, not the sender's: logged for
 * the operator, answered 503 so the person knows to try again later, never reported as a malformed form.
 */
export function storageFault(err: unknown, when = "while receiving an upload"): StorageUnavailableError {
  const e = err as { code?: unknown; message?: unknown } | null;
  console.error(`storage failed ${when}: ${String(e?.code ?? "")} ${String(e?.message ?? err)}`.trim());
  return new StorageUnavailableError();
}

/** A write to a nearly full disk takes part of the buffer and succeeds; only the next write fails (ENOSPC). */
async function writeAll(h: fs.FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length;) {
    const { bytesWritten } = await h.write(chunk, offset, chunk.length - offset);
    if (bytesWritten === 0) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    offset += bytesWritten;
  }
}

/** Why parsing stopped early: a refusal to throw, or a file problem to report with the form. */
class Stop {
  constructor(
    readonly refusal: DomainError | null,
    readonly problem: UploadProblem | null = null,
  ) {}
}

/**
 * Parses a multipart form with busboy, which reads the part headers browsers really send (a file name with
 * ";" or "=" inside its quotes, raw UTF-8 names). Text fields go into `form`; non-empty files in `fileFields`
 * are streamed to temporary files while hashed (at most `maxFiles`, each at most MAX_FILE_BYTES). Throws
 * TooLargeError (request or text field too large, 413) and MalformedInputError (not multipart, malformed, 400);
 * file problems are
 * returned so the form can be shown again. Whatever stops the parsing, the rest of the body is read and
 * dropped (up to MAX_DRAIN_BYTES) before this returns, so the answer is not lost to a reset connection.
 */
export async function receiveMultipart(
  request: Request,
  opts: { fileFields: readonly string[]; maxFiles?: number; maxFileBytes?: number; mimes?: readonly string[] },
): Promise<ReceivedForm> {
  const maxFiles = opts.maxFiles ?? MAX_FILES;
  const maxFileBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) {
    await discardBody(request);
    throw new TooLargeError("request_too_large", { limit: MAX_REQUEST_BYTES });
  }
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body) {
    await discardBody(request);
    throw new MalformedInputError("not_multipart");
  }

  const form = new FormData();
  const files: ReceivedFile[] = [];
  const problems: UploadProblem[] = [];
  const temps: string[] = [];
  const discard = async () => {
    await Promise.all(temps.map((p) => fs.rm(p, { force: true })));
  };

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as raw UTF-8 inside the quotes; busboy's default would read them as Latin-1.
      defParamCharset: "utf8",
      limits: { fieldSize: MAX_TEXT_PART_BYTES, parts: MAX_PARTS },
    });
  } catch {
    await discardBody(request);
    throw new MalformedInputError("bad_multipart");
  }

  let stop: Stop | null = null;
  const halt = (s: Stop) => {
    stop ??= s;
  };
  let parseError = false;
  const pending: Promise<void>[] = [];
  const perField = new Map<string, number>();
  const saved: (ReceivedFile | null)[] = [];
  const closed = new Promise<void>((resolve) => {
    parser.once("close", resolve);
    // busboy reports a malformed body (and its own destruction below) as an error.
    parser.on("error", () => {
      parseError = true;
      resolve();
    });
  });

  parser.on("field", (name, value, info) => {
    if (stop) return;
    if (info.valueTruncated) return halt(new Stop(new TooLargeError("field_too_large", { field: name })));
    form.append(name, value);
  });
  parser.on("partsLimit", () => halt(new Stop(new MalformedInputError("too_many_parts"))));
  parser.on("file", (name, stream, info) => {
    stream.on("error", () => {});
    const sent = info.filename ?? "";
    // A part with no file name is a file input with no file chosen.
    const wanted = !stop && opts.fileFields.includes(name) && sent !== "";
    const count = perField.get(name) ?? 0;
    if (!wanted || count >= maxFiles) {
      let seen = 0;
      stream.on("data", (chunk: Buffer) => (seen += chunk.length));
      stream.on("end", () => {
        if (wanted && seen > 0 && !problems.some((p) => p.kind === "too_many" && p.field === name)) {
          problems.push({ kind: "too_many", field: name });
        }
      });
      stream.resume();
      return;
    }
    perField.set(name, count + 1);
    // Files finish in any order; they keep the order they were sent in.
    const slot = saved.push(null) - 1;
    pending.push(saveFile(stream, name, cleanFilename(sent), slot));
  });

  /** Streams one file to a temporary file while hashing it; past the size limit it stops the parsing. */
  const saveFile = async (stream: NodeJS.ReadableStream, field: string, filename: string, slot: number): Promise<void> => {
    let handle: fs.FileHandle | null = null;
    const tempPath = path.join(tmpDir(), `${Date.now()}-${crypto.randomBytes(8).toString("hex")}.part`);
    try {
      await fs.mkdir(tmpDir(), { recursive: true });
      temps.push(tempPath);
      handle = await fs.open(tempPath, "wx");
    } catch (err) {
      stream.resume();
      halt(new Stop(storageFault(err)));
      return;
    }
    const h = handle;
    const hash = crypto.createHash("sha256");
    let size = 0;
    let failed = false;
    let writing = Promise.resolve();
    await new Promise<void>((resolve) => {
      stream.on("data", (chunk: Buffer) => {
        if (failed || stop) return;
        size += chunk.length;
        if (size > maxFileBytes) {
          failed = true;
          halt(new Stop(null, { kind: "too_large", field, filename }));
          return;
        }
        hash.update(chunk);
        stream.pause();
        writing = writing.then(() =>
          writeAll(h, chunk).then(
            () => void stream.resume(),
            (err) => {
              // A disk that fills or turns read-only mid-file: keeping the rest would store a truncated file.
              failed = true;
              halt(new Stop(storageFault(err)));
              stream.resume();
            },
          ),
        );
      });
      stream.on("error", () => (failed = true));
      stream.on("close", () => resolve());
      stream.resume();
    });
    await writing.catch(() => (failed = true));
    await h.close().catch((err) => {
      failed = true;
      halt(new Stop(storageFault(err)));
    });
    if (!failed && !stop) saved[slot] = { field, filename, size, sha256: hash.digest("hex"), tempPath, mime: null };
  };

  const reader = request.body.getReader();
  let totalBytes = 0;
  let fullyRead = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        fullyRead = true;
        break;
      }
      totalBytes += value.byteLength;
      if (totalBytes > MAX_REQUEST_BYTES) {
        halt(new Stop(new TooLargeError("request_too_large", { limit: MAX_REQUEST_BYTES })));
        break;
      }
      // The callback comes once busboy has taken the chunk, which waits while a file is being written:
      // the request is read no faster than the disk takes it.
      await new Promise<void>((resolve) => parser.write(value, () => resolve()));
      if (stop || parseError) break;
    }
  } catch {
    // The connection broke mid-body: a truncated form.
    parseError = true;
    fullyRead = true;
  }

  if (fullyRead && !stop && !parseError) parser.end();
  else parser.destroy();
  await closed;
  await Promise.allSettled(pending);
  for (const f of saved) if (f) files.push(f);
  if (!fullyRead) await drainBody(reader, totalBytes);

  const stopped = stop as Stop | null;
  if (stopped?.problem) {
    // An oversized file stops the reading: the form so far comes back with the file reported.
    problems.push(stopped.problem);
    return { form, files, problems, discard };
  }
  if (stopped || parseError) {
    await discard();
    if (stopped?.refusal) throw stopped.refusal;
    // A malformed body (bad boundary, truncated stream) is the client's fault.
    throw new MalformedInputError("bad_multipart");
  }

  for (const f of files) {
    const type = f.size > 0 ? await fileTypeFromFile(f.tempPath).catch(() => undefined) : undefined;
    const ext = type ? ACCEPTED_TYPES[type.mime] : undefined;
    if (!type || !ext || (opts.mimes && !opts.mimes.includes(type.mime))) {
      problems.push({ kind: "bad_type", field: f.field, filename: f.filename });
      continue;
    }
    if (ext === "docx" || ext === "xlsx") {
      const verdict = await inspectOfficeZip(f.tempPath);
      if (verdict !== "ok") {
        problems.push({ kind: verdict, field: f.field, filename: f.filename });
        continue;
      }
    }
    f.mime = type.mime;
    f.filename = withExtension(f.filename, ext);
  }
  return { form, files, problems, discard };
}

/** Office files above these are refused without being opened: no real proposal needs them. */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
export const MAX_ZIP_RATIO = 100;
const MAX_ZIP_ENTRIES = 10_000;
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

/**
 * Looks into a DOCX/XLSX (a zip) through its central directory with yauzl, which reads the directory and
 * opens only the entries asked for: Office and every unzip tool trust that directory. Refused: macros (a
 * `vbaProject.bin` in any folder, or a macro-enabled main part in `[Content_Types].xml`), and archives that
 * would unpack to more than 100 MB or more than 100 times their packed size (a 1 MB file that claims 1 GiB).
 * Only `[Content_Types].xml` is ever unpacked, and only when it is small.
 */
export async function inspectOfficeZip(file: string): Promise<"ok" | "macro" | "zip_bomb" | "bad_type"> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
    );
  } catch {
    return "bad_type";
  }
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) return "zip_bomb";
    let uncompressed = 0;
    let compressed = 0;
    let macro = false;
    let contentTypes: yauzl.Entry | null = null;
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        uncompressed += entry.uncompressedSize;
        compressed += entry.compressedSize;
        const base = entry.fileName.split(/[/\\]/).pop()!.toLowerCase();
        if (base === "vbaproject.bin") macro = true;
        if (entry.fileName === "[Content_Types].xml") contentTypes = entry;
        zip.readEntry();
      });
      zip.once("end", resolve);
      zip.once("error", reject);
      zip.readEntry();
    });
    if (macro) return "macro";
    if (uncompressed > MAX_ZIP_UNCOMPRESSED_BYTES || uncompressed > MAX_ZIP_RATIO * Math.max(compressed, 1)) return "zip_bomb";
    const ct = contentTypes as yauzl.Entry | null;
    if (!ct || ct.uncompressedSize > MAX_CONTENT_TYPES_BYTES) return "bad_type";
    const xml = await new Promise<string>((resolve, reject) =>
      zip.openReadStream(ct, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        stream.once("error", reject);
      }),
    );
    if (/macroEnabled|vnd\.ms-office\.vbaProject/i.test(xml)) return "macro";
    return "ok";
  } catch {
    return "bad_type";
  } finally {
    zip.close();
  }
}

export interface StoredFile {
  sha256: string;
  filename: string;
  mime: string;
  size: number;
}

export interface StoredBatch {
  stored: StoredFile[];
  /** removes the files this batch added, unless a committed row refers to them */
  undo: (db: Kysely<Database>) => Promise<void>;
}

/** Moves validated temporary files into content-addressed storage. */
export async function storeFiles(db: Kysely<Database>, files: ReceivedFile[]): Promise<StoredBatch> {
  const store = fileStore(db);
  const added: string[] = [];
  const stored: StoredFile[] = [];
  const undo = async (db: Kysely<Database>) => {
    for (const sha of added) {
      const used = await db.selectFrom("attachments").select("id").where("sha256", "=", sha).limit(1).executeTakeFirst();
      if (!used) await store.remove(sha);
    }
  };
  try {
    for (const f of files) {
      if (!f.mime) throw new Error(`file ${f.filename} was not validated`);
      if (await store.put(f.sha256, f.tempPath)) added.push(f.sha256);
      stored.push({ sha256: f.sha256, filename: f.filename, mime: f.mime, size: f.size });
    }
  } catch (err) {
    // The first files of the batch are kept already: take them back before the request fails.
    await undo(db).catch(() => {});
    // A store that refuses a file (disk full, read-only, gone) is answered 503 like a failure while receiving.
    throw storageFault(err, "while storing an upload's files");
  }
  return { stored, undo };
}

/** A Content-Disposition header that survives any file name (RFC 6266 with an ASCII fallback). */
export function contentDisposition(filename: string): string {
  const ascii =
    filename
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "file";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The one upload sequence of every form with files: receive (stream to temporary files, check the limits
 * and the bytes), validate (the caller's `handle`, which sees the text fields and the file problems and
 * answers on its own when something is wrong), store (only once `commit` is called, so an invalid form
 * keeps nothing), the domain call (`commit`'s callback, given the stored files), and undo: when the domain
 * call throws, or `keep` says its result took no files (a duplicate), the files this request added are
 * removed again unless a committed row refers to them. The temporary files go whatever happens.
 */
export async function withUpload<T>(
  db: Kysely<Database>,
  request: Request,
  limits: UploadLimits,
  handle: (
    received: ReceivedForm,
    commit: <R>(domain: (stored: StoredFile[]) => Promise<R>, keep?: (result: R) => boolean) => Promise<R>,
  ) => Promise<T>,
): Promise<T> {
  const received = await receiveMultipart(request, limits);
  const commit = async <R>(domain: (stored: StoredFile[]) => Promise<R>, keep?: (result: R) => boolean): Promise<R> => {
    const batch = await storeFiles(db, received.files);
    let result: R;
    try {
      result = await domain(batch.stored);
    } catch (err) {
      await batch.undo(db);
      throw err;
    }
    if (keep && !keep(result)) await batch.undo(db);
    return result;
  };
  try {
    return await handle(received, commit);
  } finally {
    await received.discard();
  }
}
