/**
 * The reviewer copy and the access log, through the real handler: a title naming the author reaches no reviewer
 * (page, list, loader data, email) once a copy exists; the copy carries the needs-info exchange and only the files
 * forwarded; a case already in review gets a copy made from its texts, marked to check; staff views of identity are
 * logged, and only the administrator reads the log and its CSV.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { replyToRequest } from "~/models/initiative/tracking.server";
import { requestInformation, startScreening } from "~/models/screening/screening.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { putFile } from "../setup/files";
import { post as staffPost } from "./staff-support";
import { initiativeInReview, SECRET_AUTHOR, signIn, staffIds, submission } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
const cookies: Record<"secretary" | "admin" | "chair" | "r1" | "r2", string> = {} as never;
const previousDataDir = process.env.DATA_DIR;

const PHONE_IN_TEXT = "0912 345 678";
const TITLE = `${SECRET_AUTHOR.fullName}, ${PHONE_IN_TEXT}, ${SECRET_AUTHOR.organisation}: một đầu mối tiếp nhận hồ sơ`;
const LEAKS = [SECRET_AUTHOR.fullName, "Zyxwvu", PHONE_IN_TEXT, "0912345678", "Độc Nhất Zyx", SECRET_AUTHOR.email];

function expectNoLeak(body: string, where: string) {
  for (const s of LEAKS) expect(body.includes(s), `${where} contains ${s}`).toBe(false);
}

async function get(path: string, cookie: string) {
  return app.fetch(path, { headers: { Cookie: cookie } });
}
function post(path: string, cookie: string, fields: Record<string, string | string[]>) {
  return staffPost(app, path, cookie, fields);
}

async function attach(initiativeId: number, filename: string) {
  const bytes = Buffer.from(`%PDF-1.4\n% ${filename}\n`);
  const { sha256 } = await putFile(t.db, t.dir, bytes);
  const row = await t.db
    .insertInto("attachments")
    .values({
      initiative_id: initiativeId,
      event_id: null,
      purpose: "submission",
      sha256,
      filename,
      mime: "application/pdf",
      size: bytes.length,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  process.env.DATA_DIR = t.dir;
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  cookies.secretary = await signIn(t.db, "secretary@example.org");
  cookies.admin = await signIn(t.db, "admin@example.org");
  cookies.chair = await signIn(t.db, "chair@example.org");
  cookies.r1 = await signIn(t.db, "reviewer1@example.org");
  cookies.r2 = await signIn(t.db, "reviewer2@example.org");
});
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  await t.cleanup();
});

describe("the reviewer copy", () => {
  let code: string;
  let id: number;
  let forwarded: number;
  let kept: number;

  it("flags the personal data on the secretary's page, with the exchange and the files", async () => {
    const c = await createInitiative(
      t.db,
      submission({ title: TITLE, problem: `Gọi ${PHONE_IN_TEXT} hoặc ghé số nhà 12 ngõ 34 phố Huế.` }),
      [],
      { submitKey: `copy-${Date.now()}` },
    );
    ({ id, code } = c);
    await startScreening(t.db, { initiativeId: id, userId: ids.secretary, expectedVersion: 1 });
    await requestInformation(t.db, {
      initiativeId: id,
      userId: ids.secretary,
      expectedVersion: 2,
      message: "Xin cho biết chi phí triển khai dự kiến.",
    });
    await replyToRequest(t.db, {
      initiativeId: id,
      expectedVersion: 3,
      message: `Chi phí khoảng 200 triệu đồng; liên hệ ${SECRET_AUTHOR.fullName} qua ${SECRET_AUTHOR.email}.`,
      files: [],
    });
    forwarded = await attach(id, "Bang-so-lieu.pdf");
    kept = await attach(id, "Zyxwvu-CCCD.pdf");

    const res = await get(`/staff/initiatives/${code}/reviewer-copy`, cookies.secretary);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-flag="name"');
    expect(html).toContain('data-flag="phone"');
    expect(html).toContain('data-flag="organisation"');
    expect(html).toContain('data-flag="address"');
    expect(html).toContain('data-flag="email"');
    // suggestions pre-applied in the boxes
    expect(html).toContain("[họ tên], [số điện thoại], [tổ chức]: một đầu mối tiếp nhận hồ sơ");
    expect(html).toContain("Xin cho biết chi phí triển khai dự kiến.");
    expect(html).toContain("Chi phí khoảng 200 triệu đồng; liên hệ [họ tên] qua [thư điện tử].");
    expect(html).toContain("Zyxwvu-CCCD.pdf");
  });

  it("refuses a copy with an empty title, in the user's language, and saves nothing", async () => {
    const res = await post(`/staff/initiatives/${code}/reviewer-copy`, cookies.secretary, {
      title: " ",
      problem: "a",
      solution: "b",
      benefit: "c",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Không được để trống.");
    expect(await t.db.selectFrom("reviewer_copies").select("initiative_id").where("initiative_id", "=", id).execute()).toEqual([]);
  });

  it("is refused to a reviewer, and to the chair for changing", async () => {
    expect((await post(`/staff/initiatives/${code}/reviewer-copy`, cookies.r1, { title: "x" })).status).toBe(403);
    expect((await post(`/staff/initiatives/${code}/reviewer-copy`, cookies.chair, { title: "x" })).status).toBe(403);
  });

  it("is what reviewers read: no raw title, phone or name on any page, in the loader data or in the email", async () => {
    const editor = await (await get(`/staff/initiatives/${code}/reviewer-copy`, cookies.secretary)).text();
    const events = await t.db
      .selectFrom("events")
      .select(["id", "kind"])
      .where("initiative_id", "=", id)
      .where("kind", "in", ["request_info", "reply"])
      .execute();
    expect(events).toHaveLength(2);
    const saved = await post(`/staff/initiatives/${code}/reviewer-copy`, cookies.secretary, {
      title: "[họ tên], [số điện thoại], [tổ chức]: một đầu mối tiếp nhận hồ sơ",
      problem: "Gọi [số điện thoại] hoặc ghé [địa chỉ].",
      solution: "Một đầu mối tiếp nhận, chuyển hồ sơ điện tử giữa các bộ phận.",
      benefit: "Giảm hai lượt đi lại cho mỗi hồ sơ.",
      [`exchange_${events[0].id}`]: "Xin cho biết chi phí triển khai dự kiến.",
      [`exchange_${events[1].id}`]: "Chi phí khoảng 200 triệu đồng; liên hệ [họ tên] qua [thư điện tử].",
      file: String(forwarded),
    });
    expect(saved.status).toBe(302);
    expect(editor).toContain("Bang-so-lieu.pdf");
    const audit = await t.db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "reviewer_copy.create").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ code, flagsLeft: 0, forwarded: [forwarded] });

    const v = (await t.db.selectFrom("initiatives").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
    const assigned = await post(`/staff/initiatives/${code}`, cookies.secretary, {
      intent: "assign",
      version: String(v),
      reviewer: [String(ids.r1), String(ids.r2)],
    });
    expect(assigned.status).toBe(302);
    const a = await t.db
      .selectFrom("assignments")
      .select(["id", "reviewer_id"])
      .where("initiative_id", "=", id)
      .orderBy("reviewer_id")
      .execute();
    const mine = a.find((x) => x.reviewer_id === ids.r1)!.id;
    // Before the conflict question is answered: neither the content, nor the exchange, nor the forwarded file.
    const unanswered = await (await get(`/staff/reviews/${mine}.data`, cookies.r1)).text();
    expect(unanswered).not.toContain("một đầu mối tiếp nhận hồ sơ");
    expect(unanswered).not.toContain("Xin cho biết chi phí");
    expect((await get(`/staff/reviews/${mine}/files/${forwarded}`, cookies.r1)).status).toBe(409);
    expect((await post(`/staff/reviews/${mine}`, cookies.r1, { intent: "question", knows: "no" })).status).toBe(302);

    for (const path of ["/staff/reviews", "/staff/reviews.data", "/staff", `/staff/reviews/${mine}`, `/staff/reviews/${mine}.data`]) {
      const res = await get(path, cookies.r1);
      expect(res.status, path).toBe(200);
      expectNoLeak(await res.text(), path);
    }
    // searching their queue by the author's name does not confirm the guess
    expect(await (await get(`/staff?q=${encodeURIComponent("Zyxwvu")}`, cookies.r1)).text()).not.toContain(code);
    expect(await (await get(`/staff?q=${encodeURIComponent("một đầu mối")}`, cookies.r1)).text()).toContain(code);
    const page = await (await get(`/staff/reviews/${mine}`, cookies.r1)).text();
    expect(page).toContain("[họ tên], [số điện thoại], [tổ chức]: một đầu mối tiếp nhận hồ sơ");
    // the exchange and only the forwarded file
    expect(page).toContain("Xin cho biết chi phí triển khai dự kiến.");
    expect(page).toContain("Chi phí khoảng 200 triệu đồng; liên hệ [họ tên] qua [thư điện tử].");
    expect(page).toContain(`/staff/reviews/${mine}/files/${forwarded}`);
    expect(page).not.toContain("CCCD");
    expect((await get(`/staff/reviews/${mine}/files/${forwarded}`, cookies.r1)).status).toBe(200);
    expect((await get(`/staff/reviews/${mine}/files/${kept}`, cookies.r1)).status).toBe(404);
    // another reviewer's assignment is not a way in
    expect((await get(`/staff/reviews/${a.find((x) => x.reviewer_id === ids.r2)!.id}/files/${forwarded}`, cookies.r1)).status).toBe(403);

    const mails = await t.db
      .selectFrom("outbox")
      .select(["to_address", "subject", "text", "html"])
      .where("dedupe_key", "like", "assigned:%")
      .execute();
    const toR1 = mails.filter((m) => m.to_address === "reviewer1@example.org");
    expect(toR1.length).toBeGreaterThan(0);
    for (const m of toR1) expectNoLeak(`${m.subject}\n${m.text}\n${m.html}`, "assignment email");
  });
});

describe("a case already in review without a copy", () => {
  it("gets one made from its texts, redacted and marked to check, with an audit row", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2], { title: TITLE }, { withoutReviewerCopy: true });
    expect(await t.db.selectFrom("reviewer_copies").select("initiative_id").where("initiative_id", "=", i.id).execute()).toEqual([]);
    const res = await get(`/staff/reviews/${i.assignments[0]}`, cookies.r1);
    expect(res.status).toBe(200);
    const html = await res.text();
    expectNoLeak(html, "review page of a case reviewed before copies");
    expect(html).toContain("[họ tên], [số điện thoại], [tổ chức]: một đầu mối tiếp nhận hồ sơ");
    const copy = await t.db
      .selectFrom("reviewer_copies")
      .select(["to_check", "title"])
      .where("initiative_id", "=", i.id)
      .executeTakeFirstOrThrow();
    expect(copy.to_check).toBe(1);
    const audits = await t.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "reviewer_copy.generate")
      .where("target_id", "=", String(i.id))
      .execute();
    expect(audits).toHaveLength(1);
    // the secretary sees it flagged, and saving it clears the flag
    const staff = await (await get(`/staff/initiatives/${i.code}`, cookies.secretary)).text();
    expect(staff).toContain('data-copy-state="to_check"');
    const saved = await post(`/staff/initiatives/${i.code}/reviewer-copy`, cookies.secretary, {
      title: copy.title,
      problem: "Vấn đề.",
      solution: "Giải pháp.",
      benefit: "Lợi ích.",
    });
    expect(saved.status).toBe(302);
    expect(
      (await t.db.selectFrom("reviewer_copies").select("to_check").where("initiative_id", "=", i.id).executeTakeFirstOrThrow()).to_check,
    ).toBe(0);
  });
});

describe("the access log", () => {
  it("records staff views of identity, downloads and exports, one row each", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    const file = await attach(i.id, "Phu-luc.pdf");
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("access_log")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect((await get(`/staff/initiatives/${i.code}`, cookies.chair)).status).toBe(200);
    expect((await get(`/staff/initiatives/${i.code}/files/${file}`, cookies.secretary)).status).toBe(200);
    expect((await get("/staff/admin/audit.csv", cookies.admin)).status).toBe(200);
    expect(await count()).toBe(before + 3);
    const rows = await t.db.selectFrom("access_log").selectAll().orderBy("id", "desc").limit(3).execute();
    expect(rows.map((r) => [r.action, r.user_id, r.initiative_code])).toEqual([
      ["export", ids.admin, null],
      ["file", ids.secretary, i.code],
      ["identity", ids.chair, i.code],
    ]);
    expect(rows[1].detail).toContain("Phu-luc.pdf");
    // a reviewer's page is no view of identity
    await get(`/staff/reviews/${i.assignments[0]}`, cookies.r1);
    expect(await count()).toBe(before + 3);
  });

  it("is shown to the administrator with filters, and exported as CSV", async () => {
    const i = await initiativeInReview(t.db, [ids.r1, ids.r2]);
    await get(`/staff/initiatives/${i.code}`, cookies.secretary);
    const page = await get(`/staff/admin/access-log?code=${i.code}`, cookies.admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(i.code);
    expect(html).toContain("Xem hồ sơ (có thông tin người gửi)");
    const csv = await get(`/staff/admin/access-log.csv?code=${i.code}&action=identity`, cookies.admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const records = parse((await csv.text()).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.initiative_code === i.code && r.action === "identity")).toBe(true);
    expect(records.map((r) => r.user_id)).toContain(String(ids.secretary));
  });

  it("is refused to everyone but the administrator", async () => {
    for (const who of ["secretary", "chair", "r1"] as const) {
      expect((await get("/staff/admin/access-log", cookies[who])).status, who).toBe(403);
      expect((await get("/staff/admin/access-log.csv", cookies[who])).status, who).toBe(403);
    }
  });
});
