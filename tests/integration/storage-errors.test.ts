/**
 * The data folder failing under a submission (disk full, mounted read-only) is the operator's fault, not the
 * citizen's: the answer is 503 with a plain message in the person's language, the fault is logged, and nothing is
 * left half-written (no row, no temporary file). The folder is a small tmpfs, so the disk really fills and a
 * read-only remount really refuses writes even to root; where mounting is not allowed the test is skipped.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi as vitest } from "vitest";
import { vi } from "~/i18n/sections/common";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { listFiles, pdfBytes, rowCounts, submissionForm } from "./submit-fixtures";

const MB = 1024 * 1024;
let t: TestDb;
let app: TestApp;
let dataDir: string;
let mounted = false;

function tryMount(dir: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  dataDir = path.join(t.dir, "data");
  fs.mkdirSync(dataDir);
  mounted = tryMount(dataDir);
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
});
afterAll(async () => {
  if (mounted) execFileSync("umount", [dataDir]);
  await t.cleanup();
});

let ip = 0;
const post = (body: FormData) => app.fetch("/submit", { method: "POST", body, ip: `198.51.100.${++ip}`, redirect: "manual" });

// Mounting a tmpfs needs root (CI and the development machines run the suite as root); elsewhere there is no
// portable way to make a folder really full or really read-only for root.
describe.skipIf(process.getuid?.() !== 0)("storage faults while a submission arrives", () => {
  it("a disk that fills while the file is received → 503 with a plain message, logged, nothing kept", async () => {
    expect(mounted).toBe(true);
    const before = await rowCounts(t.db);
    const errors = vitest.spyOn(console, "error").mockImplementation(() => {});
    try {
      const big = Buffer.concat([pdfBytes("lớn"), Buffer.alloc(2 * MB)]);
      const res = await post(submissionForm({}, [["lớn.pdf", big]]));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain(vi.errors.storageUnavailable);
      expect(errors.mock.calls.map((c) => c.join(" ")).join("\n")).toMatch(/ENOSPC/);
    } finally {
      errors.mockRestore();
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect(listFiles(dataDir).filter((f) => f.includes(".part"))).toEqual([]);
  });

  it("a data folder mounted read-only → 503 for a submission with a file, logged, nothing kept", async () => {
    execFileSync("mount", ["-o", "remount,ro", dataDir]);
    try {
      const before = await rowCounts(t.db);
      const errors = vitest.spyOn(console, "error").mockImplementation(() => {});
      try {
        const res = await post(submissionForm({}, [["tệp.pdf", pdfBytes("tệp")]]));
        expect(res.status).toBe(503);
        expect(await res.text()).toContain(vi.errors.storageUnavailable);
        expect(errors.mock.calls.map((c) => c.join(" ")).join("\n")).toMatch(/EROFS/);
      } finally {
        errors.mockRestore();
      }
      expect(await rowCounts(t.db)).toEqual(before);
    } finally {
      execFileSync("mount", ["-o", "remount,rw", dataDir]);
    }
  });
});
