/**
 * The council's decision documents go through the same upload path as citizens' files: the stored name
 * takes the extension of what the file is.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveReview } from "~/models/review/reviews.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, initiativeInReview, signIn, staffIds, statusOf } from "./review-fixtures";
import { pdfBytes } from "./submit-fixtures";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-decision-docs-"));
process.env.DATA_DIR = dataDir;

let t: TestDb;
let app: TestApp;
beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("decision documents", () => {
  it("a signed PDF sent as .html is kept as .pdf, its name with ';' intact", async () => {
    const ids = await staffIds(t.db);
    const chair = await signIn(t.db, "chair@example.org");
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const criteria = await currentCriteria(t.db);
    for (const [k, r] of [ids.r1, ids.r2].entries()) {
      await saveReview(t.db, {
        assignmentId: i.assignments[k],
        reviewerId: r,
        scores: Object.fromEntries(criteria.map((c) => [c.id, 8])),
        recommendation: "recognise",
        comment: "Đáp ứng đầy đủ tiêu chí.",
        submit: true,
      });
    }
    const s = await statusOf(t.db, i.id);
    expect(s.status).toBe("council");
    const fd = new FormData();
    const fields = {
      version: s.version,
      outcome: "not_recognised",
      membersPresent: 9,
      votesFor: 2,
      votesAgainst: 6,
      votesAbstain: 1,
      reason: "Giải pháp chưa chứng minh được hiệu quả khi áp dụng thử ở các xã, phường khác.",
    };
    for (const [k, v] of Object.entries(fields)) fd.set(k, String(v));
    fd.append("documents", new Blob([new Uint8Array(pdfBytes("quyết định"))], { type: "text/html" }), "Quyết định; số 12.html");
    const res = await app.fetch(`/staff/initiatives/${i.code}/decision`, { method: "POST", headers: { Cookie: chair }, body: fd });
    expect(res.status).toBe(302);
    const files = await t.db
      .selectFrom("attachments")
      .select(["filename", "mime"])
      .where("initiative_id", "=", i.id)
      .where("purpose", "=", "decision")
      .execute();
    expect(files).toEqual([{ filename: "Quyết định; số 12.pdf", mime: "application/pdf" }]);
  });
});
