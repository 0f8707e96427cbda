/**
 * Writes that arrive at the same moment at the production server with two worker processes (WEB_CONCURRENCY=2),
 * on whichever engine the run tests: 30 and then 50 citizens submitting at once all get their receipt with
 * distinct tracking codes and no 500, and two reviewers sending the last two reviews of an initiative at the same
 * instant move it to the council, every time (docs/decisions/015-unique-numbers-and-write-transactions.md).
 * On SQLite the two workers are two processes on one file: a write transaction that began deferred, read, then
 * wrote failed at once with SQLITE_BUSY; on PostgreSQL the count of finished reviews raced without a row lock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { startServer, type RunningServer } from "../setup/server";
import { submissionForm } from "../integration/submit-fixtures";
import { currentCriteria, initiativeInReview, staffIds, statusOf } from "../integration/review-fixtures";

let server: RunningServer;
let db: DB;

beforeAll(async () => {
  server = await startServer({ WEB_CONCURRENCY: "2", SUBMISSION_RATE_LIMIT: "1000" });
  db = createDb(server.databaseUrl);
}, 90_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

async function submitAtOnce(n: number, tag: string) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      // A fresh connection per request, so the primary hands them to both workers.
      const res = await fetch(`${server.url}/submit`, {
        method: "POST",
        body: submissionForm({ title: `Sáng kiến gửi cùng lúc ${tag} số ${i}` }),
        headers: { connection: "close" },
        redirect: "manual",
      });
      const body = await res.text();
      return { status: res.status, location: res.headers.get("location"), body: res.status >= 500 ? body.slice(0, 300) : "" };
    }),
  );
}

async function codesTitled(prefix: string): Promise<string[]> {
  const rows = await db.selectFrom("initiatives").select(["code", "title"]).where("title", "like", `${prefix}%`).execute();
  return rows.map((r) => r.code);
}

describe("submissions at the same moment through two workers", () => {
  for (const n of [30, 50]) {
    it(`${n} citizens submit at once: every one is received, with ${n} distinct codes`, async () => {
      const tag = `lượt-${n}`;
      const results = await submitAtOnce(n, tag);
      const failed = results.filter((r) => r.status !== 302 || r.location !== "/submit/received");
      expect(failed, server.output().slice(-3000)).toEqual([]);
      const codes = await codesTitled(`Sáng kiến gửi cùng lúc ${tag} `);
      expect(codes).toHaveLength(n);
      expect(new Set(codes).size).toBe(n);
      expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
    }, 120_000);
  }
});

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${server.url}/staff/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "demo-password", redirectTo: "/staff" }),
  });
  await res.arrayBuffer();
  expect(res.status).toBe(302);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

describe("the last two reviews sent at the same instant through two workers", () => {
  it("every initiative reaches the council (12 times)", async () => {
    const ids = await staffIds(db);
    const criteria = await currentCriteria(db);
    const cookies = [await signIn("reviewer1@example.org"), await signIn("reviewer2@example.org")];
    const cases = [];
    for (let k = 0; k < 12; k++) cases.push(await initiativeInReview(db, [ids.r1, ids.r2], { title: `Hai ý kiến cùng lúc ${k}` }));

    const form = () => {
      const body = new URLSearchParams({ intent: "submit", recommendation: "recognise", comment: "Đáp ứng đầy đủ tiêu chí." });
      for (const c of criteria) body.set(`score_${c.id}`, "8");
      return body;
    };
    const statuses: number[] = [];
    for (const c of cases) {
      const both = await Promise.all(
        c.assignments.map(async (assignmentId, r) => {
          const res = await fetch(`${server.url}/staff/reviews/${assignmentId}`, {
            method: "POST",
            body: form(),
            headers: { cookie: cookies[r], connection: "close" },
            redirect: "manual",
          });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      statuses.push(...both);
    }
    expect(
      statuses.filter((s) => s !== 302),
      server.output().slice(-3000),
    ).toEqual([]);
    const ended = await Promise.all(cases.map(async (c) => (await statusOf(db, c.id)).status));
    expect(ended).toEqual(cases.map(() => "council"));
  }, 120_000);
});
