/**
 * Receiving uploaded files and keeping them. Multipart bodies are parsed by Remix's
 * `unstable_parseMultipartFormData`; our upload handler streams each file to a temporary file under
 * DATA_DIR/tmp while hashing it, so a large file is never held in memory and an oversized one is cut off
 * at the limit. Types are recognised by their bytes (`file-type`), never by the name a browser sends.
 *
 * Storage is content-addressed: DATA_DIR/files/<sha256>. A file moves there only after the whole form
 * has been validated and before the database transaction; if that transaction fails, the files this
 * request added are removed again unless a committed row already refers to them.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { createReadStream } from "node:fs";
import path from "node:path";
import * as fileType from "file-type";
import { createReadableStreamFromReadable, unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getEnv } from "./env.server";
import { httpError } from "./http.server";
import { cleanLine } from "./text";

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Five full files plus the form's text: anything above is refused before a byte is read. */
export const MAX_REQUEST_BYTES = 52 * 1024 * 1024;
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
/** For the file input's `accept` (a hint for the browser's picker only). */
export const ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg";

export function dataDir(): string {
  return path.resolve(getEnv().DATA_DIR);
}
export function filesDir(): string {
  return path.join(dataDir(), "files");
}
function tmpDir(): string {
  return path.join(dataDir(), "tmp");
}

// The package's Node entry (index.js, chosen by the "node" export condition at run time) adds
// fileTypeFromFile; the type checker resolves the browser-safe "default" entry, which lacks it.
const { fileTypeFromFile } = fileType as unknown as {
  fileTypeFromFile: (path: string) => Promise<{ ext: string; mime: string } | undefined>;
};

const SHA256 = /^[a-f0-9]{64}$/;

/** Where a stored file lives. Throws on anything that is not a SHA-256, so no path can be smuggled in. */
export function storedFilePath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error("not a sha256");
  return path.join(filesDir(), sha256);
}

export function readStoredFile(sha256: string) {
  return createReadStream(storedFilePath(sha256));
}

/**
 * The download of a stored file: always an attachment, never rendered inline, with the caller's caching headers.
 * A record whose file is missing from storage answers 404 rather than a broken stream.
 */
export async function storedFileResponse(
  file: { sha256: string; mime: string; size: number; filename: string },
  headers: Record<string, string>,
): Promise<Response> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = readStoredFile(file.sha256);
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
  } catch {
    throw httpError(404, "file_missing");
  }
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

export type UploadProblem =
  | { kind: "too_large"; field: string; filename: string }
  | { kind: "too_many"; field: string }
  | { kind: "bad_type"; field: string; filename: string };

export interface ReceivedForm {
  form: FormData;
  files: ReceivedFile[];
  /** file problems, reported next to their field; "too_large" means parsing stopped there (413) */
  problems: UploadProblem[];
  /** removes the temporary files; call it whatever happens next */
  discard: () => Promise<void>;
}

class TooLarge extends Error {
  constructor(
    readonly field: string,
    readonly filename: string,
  ) {
    super("file too large");
  }
}

/** A file name as shown to people: no path, no control characters, bounded. */
export function cleanFilename(name: string): string {
  const base = cleanLine(name.split(/[/\\]/).pop() ?? "").replace(/^\.+/, "");
  return (base || "file").slice(0, 200);
}

/**
 * Parses a multipart form. Text fields go into `form`; non-empty files in `fileFields` are streamed to
 * temporary files (at most `maxFiles`, each at most MAX_FILE_BYTES). Throws 413 (request or text field too
 * large) and 400 (not multipart) as Responses; file problems are returned so the form can be shown again.
 */
export async function receiveMultipart(
  request: Request,
  opts: { fileFields: string[]; maxFiles?: number; maxFileBytes?: number },
): Promise<ReceivedForm> {
  const maxFiles = opts.maxFiles ?? MAX_FILES;
  const maxFileBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_REQUEST_BYTES) throw httpError(413, "request_too_large", { limit: MAX_REQUEST_BYTES });
  if (!/^multipart\/form-data;/i.test(request.headers.get("Content-Type") ?? "")) throw httpError(400, "not_multipart");

  const form = new FormData();
  const files: ReceivedFile[] = [];
  const problems: UploadProblem[] = [];
  const temps: string[] = [];
  let parts = 0;
  let totalBytes = 0;
  const discard = async () => {
    await Promise.all(temps.map((p) => fs.rm(p, { force: true })));
  };

  const countBytes = (n: number) => {
    totalBytes += n;
    if (totalBytes > MAX_REQUEST_BYTES) throw httpError(413, "request_too_large", { limit: MAX_REQUEST_BYTES });
  };

  const handler = async (part: UploadHandlerPart): Promise<undefined> => {
    if (++parts > MAX_PARTS) throw httpError(400, "too_many_parts");
    const isFile = typeof part.filename === "string";
    if (!isFile) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        countBytes(chunk.byteLength);
        if (size > MAX_TEXT_PART_BYTES) throw httpError(413, "field_too_large", { field: part.name });
        chunks.push(chunk);
      }
      form.append(part.name, new TextDecoder("utf-8").decode(Buffer.concat(chunks)));
      return undefined;
    }

    const filename = cleanFilename(part.filename ?? "");
    // An empty file input (no file chosen) arrives as a part with an empty name: not a file.
    const wanted = opts.fileFields.includes(part.name) && part.filename !== "";
    const accepted = files.filter((f) => f.field === part.name).length;
    if (!wanted || accepted >= maxFiles) {
      // Drain without keeping anything.
      let seen = 0;
      for await (const chunk of part.data) {
        seen += chunk.byteLength;
        countBytes(chunk.byteLength);
      }
      if (wanted && seen > 0 && !problems.some((p) => p.kind === "too_many" && p.field === part.name)) {
        problems.push({ kind: "too_many", field: part.name });
      }
      return undefined;
    }

    await fs.mkdir(tmpDir(), { recursive: true });
    const tempPath = path.join(tmpDir(), `${Date.now()}-${crypto.randomBytes(8).toString("hex")}.part`);
    temps.push(tempPath);
    const hash = crypto.createHash("sha256");
    const handle = await fs.open(tempPath, "wx");
    let size = 0;
    try {
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        countBytes(chunk.byteLength);
        if (size > maxFileBytes) throw new TooLarge(part.name, filename);
        hash.update(chunk);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    files.push({ field: part.name, filename, size, sha256: hash.digest("hex"), tempPath, mime: null });
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (err) {
    if (err instanceof TooLarge) {
      problems.push({ kind: "too_large", field: err.field, filename: err.filename });
      return { form, files, problems, discard };
    }
    await discard();
    if (err instanceof Response) throw err;
    // A malformed body (bad boundary, truncated stream) is the client's fault.
    throw httpError(400, "bad_multipart");
  }

  for (const f of files) {
    const type = f.size > 0 ? await fileTypeFromFile(f.tempPath).catch(() => undefined) : undefined;
    if (type && ACCEPTED_TYPES[type.mime]) f.mime = type.mime;
    else problems.push({ kind: "bad_type", field: f.field, filename: f.filename });
  }
  return { form, files, problems, discard };
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
export async function storeFiles(files: ReceivedFile[]): Promise<StoredBatch> {
  await fs.mkdir(filesDir(), { recursive: true });
  const added: string[] = [];
  const stored: StoredFile[] = [];
  for (const f of files) {
    if (!f.mime) throw new Error(`file ${f.filename} was not validated`);
    const dest = storedFilePath(f.sha256);
    const exists = await fs.stat(dest).then(
      () => true,
      () => false,
    );
    if (exists) {
      await fs.rm(f.tempPath, { force: true });
    } else {
      await fs.rename(f.tempPath, dest);
      added.push(f.sha256);
    }
    stored.push({ sha256: f.sha256, filename: f.filename, mime: f.mime, size: f.size });
  }
  return {
    stored,
    undo: async (db) => {
      for (const sha of added) {
        const used = await db.selectFrom("attachments").select("id").where("sha256", "=", sha).limit(1).executeTakeFirst();
        if (!used) await fs.rm(storedFilePath(sha), { force: true });
      }
    },
  };
}

/** A Content-Disposition header that survives any file name (RFC 6266 with an ASCII fallback). */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "file";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
