/**
 * The blind rule: for a reviewer, neither the loader data (single-fetch `.data` URLs) nor the rendered
 * HTML of any page they can reach carries the submitter's name, email, phone or organisation, nor the
 * co-author's name (even one they agreed to publish) or email, nor the confidential field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveReview } from "~/models/review/reviews.server";
import { fold } from "~/utils/text";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import {
  currentCriteria,
  initiativeInReview,
  SECRET_AUTHOR,
  SECRET_COAUTHOR,
  SECRET_COAUTHOR_EMAIL,
  SECRET_CONFIDENTIAL,
  signIn,
  staffIds,
} from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let cookie: string;
let i: Awaited<ReturnType<typeof initiativeInReview>>;
let ids: Awaited<ReturnType<typeof staffIds>>;

const SECRETS = [
  SECRET_AUTHOR.fullName,
  SECRET_AUTHOR.email,
  SECRET_AUTHOR.phone,
  SECRET_AUTHOR.organisation,
  SECRET_COAUTHOR,
  SECRET_COAUTHOR_EMAIL,
  SECRET_CONFIDENTIAL,
];

function expectBlind(body: string, where: string) {
  const folded = fold(body);
  for (const s of SECRETS) {
    expect(body.includes(s), `${where} contains ${s}`).toBe(false);
    expect(folded.includes(fold(s)), `${where} contains a folded form of ${s}`).toBe(false);
  }
  // distinctive fragments, in case a value is split or escaped
  for (const frag of ["Zyxwvu", "zyx.unique", "987654321", "Độc Nhất Zyx", "Qwertz", "Wvutsr"]) {
    expect(body.includes(frag), `${where} contains ${frag}`).toBe(false);
  }
}

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
  await t.db
    .insertInto("attachments")
    .values({
      initiative_id: i.id,
      event_id: null,
      purpose: "submission",
      sha256: "a".repeat(64),
      filename: "Zyxwvu-ho-so.pdf",
      mime: "application/pdf",
      size: 10,
      created_at: new Date().toISOString(),
    })
    .execute();
  cookie = await signIn(t.db, "reviewer1@example.org");
});
afterAll(() => t.cleanup());

async function get(path: string) {
  const res = await app.fetch(path, { headers: { Cookie: cookie } });
  return { status: res.status, body: await res.text() };
}

describe("blind review", () => {
  it("the reviewer's list and review page, as HTML and as loader data, carry no personal data", async () => {
    const a = i.assignments[0];
    for (const path of ["/staff/reviews", `/staff/reviews/${a}`, "/staff/reviews.data", `/staff/reviews/${a}.data`]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expectBlind(body, path);
      // the page did show the initiative: the check is not passing on an empty page
      expect(body, path).toContain(i.code);
    }
    const page = await get(`/staff/reviews/${a}`);
    expect(page.body).toContain("Một đầu mối tiếp nhận");
  });

  it("the queue and every other staff page a reviewer can open carry no personal data", async () => {
    for (const path of [
      "/staff",
      "/staff.data",
      `/staff/initiatives/${i.code}`,
      `/staff/initiatives/${i.code}.data`,
      `/staff/initiatives/${i.code}/aggregate`,
      `/staff/initiatives/${i.code}/decision`,
      `/staff/initiatives/${i.code}/publication`,
      "/staff/admin/audit",
      "/staff/admin/audit.csv",
    ]) {
      const { status, body } = await get(path);
      expect([200, 403, 404], `${path} → ${status}`).toContain(status);
      expectBlind(body, path);
    }
    // searching the queue by the submitter's name finds nothing: a reviewer cannot test a guess
    const search = await get(`/staff?q=${encodeURIComponent(SECRET_AUTHOR.fullName)}`);
    expect(search.status).toBe(200);
    expect(search.body).not.toContain(i.code);
    const byEmail = await get(`/staff?q=${encodeURIComponent(SECRET_AUTHOR.email)}`);
    expect(byEmail.body).not.toContain(i.code);
  });

  it("stays blind after a rejected form, after submitting, and when the others' scores show", async () => {
    const a = i.assignments[0];
    const bad = await app.fetch(`/staff/reviews/${a}`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ intent: "submit", comment: "x" }),
    });
    expect(bad.status).toBe(400);
    expectBlind(await bad.text(), "rejected form");

    const criteria = await currentCriteria(t.db);
    await saveReview(t.db, {
      assignmentId: i.assignments[1],
      reviewerId: ids.r2,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 6])),
      recommendation: "discuss",
      comment: "Cần làm rõ chi phí triển khai.",
      submit: true,
    });
    const form = new URLSearchParams({ intent: "submit", recommendation: "recognise", comment: "Giải pháp thiết thực, dễ nhân rộng." });
    for (const c of criteria) form.set(`score_${c.id}`, "8");
    const ok = await app.fetch(`/staff/reviews/${a}`, { method: "POST", headers: { Cookie: cookie }, body: form });
    expect(ok.status).toBe(302);
    for (const path of [`/staff/reviews/${a}`, `/staff/reviews/${a}.data`, "/staff/reviews"]) {
      const { status, body } = await get(path);
      expect(status).toBe(200);
      expectBlind(body, `${path} after submitting`);
    }
    const after = await get(`/staff/reviews/${a}`);
    expect(after.body).toContain("Cần làm rõ chi phí triển khai.");
  });
});
