/**
 * Shared by the citizen-path tests: a valid submission form, real file bytes (PDF, PNG, an EXE),
 * and a snapshot of the row counts and of the data folder, to prove a refused request left nothing behind.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { DB } from "../../db/client";

export function pdfBytes(text = "Sáng kiến"): Buffer {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, "utf8");
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A real 1×1 PNG. */
export function pngBytes(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 0x9b, 0x1c, 0x1c]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
/** The start of a Windows executable (MZ header pointing at a PE signature). */
export function exeBytes(): Buffer {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "ascii");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "binary");
  return b;
}

export function sha256(buf: Buffer): string {
  return crypto.createHash("sha256").update(buf).digest("hex");
}

export const VALID: Record<string, string> = {
  title: "Một cửa liên thông trực tuyến cho đăng ký khai sinh",
  reformArea: "procedures",
  procedureDomain: "civil_status",
  "scope.type": "unit",
  "scope.agencyId": "",
  "scope.unitName": "Phường Hoàn Kiếm",
  problem: "Người dân phải đi lại nhiều lần giữa các cơ quan để đăng ký khai sinh cho con.",
  solution: "Liên thông điện tử giữa hộ tịch, cư trú và bảo hiểm y tế, trả kết quả qua ứng dụng.",
  benefit: "Giảm hai lượt đi lại cho mỗi hồ sơ và tiết kiệm khoảng nửa ngày công.",
  "applied.before": "on",
  "applied.at": "2025-03-01",
  confidential: "Số liệu nội bộ của phường.",
  "author.type": "individual",
  "author.fullName": "Nguyễn Văn An",
  "author.email": "an.nguyen@example.com",
  "author.phone": "0912 345 678",
  "author.organisation": "",
  "author.share": "70",
  coAuthorRows: "2",
  "coAuthors.0.fullName": "Trần Thị Bình",
  "coAuthors.0.share": "30",
  "coAuthors.1.fullName": "",
  "coAuthors.1.share": "",
  consentData: "on",
  consentPublishName: "on",
  website: "",
  intent: "submit",
};

export function newSubmitKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/**
 * A multipart body: the valid fields with `overrides` (null removes a field), a fresh idempotency key,
 * then the files (each [name, bytes]).
 */
export function submissionForm(
  overrides: Record<string, string | null> = {},
  files: [string, Buffer, string?][] = [],
  submitKey = newSubmitKey(),
): FormData {
  const fd = new FormData();
  fd.set("submitKey", submitKey);
  for (const [k, v] of Object.entries({ ...VALID, ...overrides })) if (v !== null) fd.append(k, v);
  if (files.length === 0) fd.append("attachments", new File([], ""), "");
  for (const [name, bytes, type] of files)
    fd.append("attachments", new File([new Uint8Array(bytes)], name, { type: type ?? "application/pdf" }));
  return fd;
}

// file_blobs: on PostgreSQL the attachment contents are rows too, and "nothing half-written" covers them.
export const TABLES = ["initiatives", "authors", "attachments", "events", "outbox", "rate_hits", "file_blobs"] as const;

export async function rowCounts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** Every file under the data folder with its size. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)}:${fs.statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** Undoes the HTML escaping of text, to compare messages with what a page shows. */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
