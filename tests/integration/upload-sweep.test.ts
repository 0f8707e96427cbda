/**
 * The start-up sweep after a crash (app/utils/upload-sweep.server.ts): temporary uploads and stored files without a
 * row, older than the process, go; a file a row refers to, and anything newer than the process, stay.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createInitiative } from "~/models/initiatives.server";
import { sweepAfterCrash } from "~/utils/upload-sweep.server";
import { createTestDb, type TestDb } from "../setup/db";
import { submission } from "./review-fixtures";
import { pdfBytes, sha256 } from "./submit-fixtures";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

it("removes leftovers of a killed server and keeps what a row refers to", async () => {
  const files = path.join(t.dir, "files");
  const tmp = path.join(t.dir, "tmp");
  fs.mkdirSync(files, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  const kept = pdfBytes("kept");
  const orphan = pdfBytes("orphan");
  fs.writeFileSync(path.join(files, sha256(kept)), kept);
  fs.writeFileSync(path.join(files, sha256(orphan)), orphan);
  fs.writeFileSync(path.join(tmp, "1-abc.part"), "half an upload");
  await createInitiative(t.db, submission(), [{ sha256: sha256(kept), filename: "a.pdf", mime: "application/pdf", size: kept.length }], {
    submitKey: "sweep-1",
  });

  // a process started before the files were written touches nothing
  expect(await sweepAfterCrash(t.db, t.dir, Date.now() - 60_000)).toEqual({ temporary: 0, orphans: 0 });
  // one started after them sweeps
  const started = Date.now() + 1;
  await new Promise((r) => setTimeout(r, 5));
  expect(await sweepAfterCrash(t.db, t.dir, started)).toEqual({ temporary: 1, orphans: 1 });
  expect(fs.readdirSync(files)).toEqual([sha256(kept)]);
  expect(fs.readdirSync(tmp)).toEqual([]);
});
