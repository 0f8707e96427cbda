/**
 * Storage faults after the form has arrived: the attachments cannot be kept (the files folder refuses new files),
 * or the SQLite database is full (SQLITE_FULL). Either is the operator's fault: the citizen gets 503 with a message
 * in their language, the log gets the real error (not "cannot rollback - no transaction is active", which a failed
 * ROLLBACK used to put in its place), and nothing is half-written. The folder is made to refuse by being a file
 * where the folder should be (root ignores permissions, so a read-only mode would not refuse); the database fills
 * for real under SQLite's max_page_count, set on the test's own connection.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi as vitest } from "vitest";
import { en, vi } from "~/i18n/sections/common";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { listFiles, pdfBytes, rowCounts, submissionForm } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDb();
  dataDir = path.join(t.dir, "data");
  fs.mkdirSync(dataDir);
  // A file where the attachments folder should be: every attempt to keep a file there fails (ENOTDIR/EEXIST).
  const blocked = path.join(t.dir, "files-blocked");
  fs.writeFileSync(blocked, "not a folder");
  process.env.DATA_DIR = dataDir;
  process.env.FILES_DIR = blocked;
  app = await createTestApp(t.db);
});
afterAll(async () => {
  await t.cleanup();
});

let ip = 0;
const post = (body: FormData, lang = "vi") =>
  app.fetch("/submit", { method: "POST", body, ip: `198.51.100.${++ip}`, redirect: "manual", headers: { Cookie: `lang=${lang}` } });

async function capturingErrors<T>(fn: () => Promise<T>): Promise<{ result: T; log: string }> {
  const errors = vitest.spyOn(console, "error").mockImplementation(() => {});
  try {
    const result = await fn();
    return {
      result,
      log: errors.mock.calls
        .map((c) => c.map((x) => (x instanceof Error ? `${x.message} ${(x as { code?: string }).code ?? ""}` : String(x))).join(" "))
        .join("\n"),
    };
  } finally {
    errors.mockRestore();
  }
}

describe("storage faults once the form has arrived", () => {
  it("the attachments cannot be kept → 503 in the person's language, logged, nothing kept", async () => {
    for (const [lang, dict] of [
      ["vi", vi],
      ["en", en],
    ] as const) {
      const before = await rowCounts(t.db);
      const { result: res, log } = await capturingErrors(() => post(submissionForm({}, [["tệp.pdf", pdfBytes(`tệp ${lang}`)]]), lang));
      expect(res.status).toBe(503);
      expect(await res.text()).toContain(dict.errors.storageUnavailable);
      expect(log).toMatch(/storage failed .*(ENOTDIR|EEXIST)/);
      expect(await rowCounts(t.db)).toEqual(before);
      expect(listFiles(dataDir).filter((f) => f.includes(".part"))).toEqual([]);
    }
  });

  it.skipIf(onPostgres)(
    "a full SQLite database → 503 in the person's language, SQLITE_FULL in the log, nothing kept (SQLite only: max_page_count)",
    async () => {
      const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(t.db)).rows[0].page_count);
      await sql.raw(`pragma wal_checkpoint(TRUNCATE)`).execute(t.db);
      const before = await rowCounts(t.db);
      await sql.raw(`pragma max_page_count = ${pages}`).execute(t.db);
      try {
        const long = "Nội dung rất dài để làm đầy cơ sở dữ liệu. ".repeat(40);
        for (const [lang, dict] of [
          ["vi", vi],
          ["en", en],
        ] as const) {
          const { result: res, log } = await capturingErrors(() =>
            post(submissionForm({ problem: long, solution: long, benefit: long }), lang),
          );
          expect(res.status).toBe(503);
          expect(await res.text()).toContain(dict.errors.storageFull);
          expect(log).toMatch(/SQLITE_FULL/);
          expect(log).not.toMatch(/cannot rollback/);
        }
      } finally {
        await sql.raw(`pragma max_page_count = 1073741823`).execute(t.db);
      }
      expect(await rowCounts(t.db)).toEqual(before);
    },
  );
});
