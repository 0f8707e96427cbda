/**
 * Publication: the public version can be edited without touching the originals; the author's name only
 * with consent; nothing confidential or personal reaches the publications row (or the public page);
 * chosen files only; the author is emailed; a stale page gets 409.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDecision } from "~/models/council/decisions.server";
import { saveReview } from "~/models/review/reviews.server";
import type { SubmissionData } from "~/models/initiative/initiatives.server";
import { fold, slugify } from "~/utils/text";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import {
  currentCriteria,
  initiativeInReview,
  SECRET_AUTHOR,
  SECRET_COAUTHOR,
  SECRET_CONFIDENTIAL,
  signIn,
  staffIds,
  statusOf,
} from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let secretary: string;

const REASON = "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả rõ rệt và có thể nhân rộng ở các xã, phường.";

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
  secretary = await signIn(t.db, "secretary@example.org");
});
afterAll(() => t.cleanup());

async function recognised(overrides: Partial<SubmissionData> = {}) {
  const i = await initiativeInReview(t.db, [ids.r1, ids.r2], overrides);
  const criteria = await currentCriteria(t.db);
  for (const [k, r] of [ids.r1, ids.r2].entries()) {
    await saveReview(t.db, {
      assignmentId: i.assignments[k],
      reviewerId: r,
      scores: Object.fromEntries(criteria.map((c) => [c.id, 9])),
      recommendation: "recognise",
      comment: "Đáp ứng đầy đủ tiêu chí.",
      submit: true,
    });
  }
  const level = (
    await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "merit_certificate").executeTakeFirstOrThrow()
  ).id;
  const v = (await statusOf(t.db, i.id)).version;
  await recordDecision(t.db, {
    initiativeId: i.id,
    expectedVersion: v,
    actorUserId: ids.chair,
    outcome: "recognised",
    membersPresent: 5,
    votesFor: 5,
    votesAgainst: 0,
    votesAbstain: 0,
    reason: REASON,
    commendationLevelId: level,
  });
  const now = new Date().toISOString();
  // One after the other, so the submission's file has the lower id on every engine (the test reads them in id order).
  const insertFile = (purpose: "submission" | "decision") =>
    t.db
      .insertInto("attachments")
      .values({
        initiative_id: i.id,
        event_id: null,
        purpose,
        sha256: (purpose === "submission" ? "b" : "c").repeat(64),
        filename: `${purpose}.pdf`,
        mime: "application/pdf",
        size: 10,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const sub = await insertFile("submission");
  const dec = await insertFile("decision");
  return { ...i, version: (await statusOf(t.db, i.id)).version, attachments: { submission: sub.id, decision: dec.id } };
}

function form(fields: Record<string, string | number>, publicIds: number[] = []) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) body.set(k, String(v));
  for (const id of publicIds) body.append("public", String(id));
  return body;
}

async function post(code: string, body: URLSearchParams, cookie = secretary) {
  return app.fetch(`/staff/initiatives/${code}/publication`, { method: "POST", headers: { Cookie: cookie }, body });
}

function expectNothingPersonal(text: string, where: string) {
  for (const s of [
    SECRET_AUTHOR.fullName,
    SECRET_AUTHOR.email,
    SECRET_AUTHOR.phone,
    SECRET_AUTHOR.organisation,
    SECRET_COAUTHOR,
    SECRET_CONFIDENTIAL,
  ]) {
    expect(fold(text).includes(fold(s)), `${where} contains ${s}`).toBe(false);
  }
}

describe("publication", () => {
  it("is for the secretary and the chair", async () => {
    const i = await recognised();
    expect((await app.fetch(`/staff/initiatives/${i.code}/publication`, { headers: { Cookie: secretary } })).status).toBe(200);
    expect(
      (await app.fetch(`/staff/initiatives/${i.code}/publication`, { headers: { Cookie: await signIn(t.db, "chair@example.org") } }))
        .status,
    ).toBe(200);
    for (const who of ["reviewer1@example.org", "admin@example.org"]) {
      const cookie = await signIn(t.db, who);
      expect((await app.fetch(`/staff/initiatives/${i.code}/publication`, { headers: { Cookie: cookie } })).status, who).toBe(403);
      expect(
        (await post(i.code, form({ version: i.version, title: "Tiêu đề", problem: "a", solution: "b", benefit: "c" }), cookie)).status,
        who,
      ).toBe(403);
    }
    expect((await statusOf(t.db, i.id)).status).toBe("recognised");
  });

  it("publishes an edited public version without the author's name when they did not consent", async () => {
    const i = await recognised({ consentPublishName: false });
    const page = await app.fetch(`/staff/initiatives/${i.code}/publication`, { headers: { Cookie: secretary } });
    const pageHtml = await page.text();
    // the form starts from the originals
    expect(pageHtml).toContain(">Một đầu mối tiếp nhận, chuyển hồ sơ điện tử giữa các bộ phận.</textarea>");
    expect(pageHtml).toContain('data-author-named="no"');

    const title = "Một đầu mối tiếp nhận hồ sơ đất đai tại xã, phường";
    const res = await post(
      i.code,
      form(
        {
          version: i.version,
          title,
          problem: "Người dân phải đến nhiều nơi.",
          solution: "Một đầu mối tiếp nhận duy nhất.",
          benefit: "Giảm hai lượt đi lại.",
        },
        [i.attachments.decision],
      ),
    );
    expect(res.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("published");

    const p = await t.db.selectFrom("publications").selectAll().where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(p.title).toBe(title);
    expect(p.author_name).toBeNull();
    expect(p.slug).toBe(`${slugify(title, 70)}-${i.id}`);
    expect(p.search_text).toBe(
      fold([title, "Người dân phải đến nhiều nơi.", "Một đầu mối tiếp nhận duy nhất.", "Giảm hai lượt đi lại."].join(" \n ")),
    );
    expect(p.decision_reason).toBe(REASON);
    expect(p.certificate_number).toMatch(/^CN-\d{4}-\d{4}$/);
    expectNothingPersonal(JSON.stringify(p), "publications row");

    // the originals did not change
    const original = await t.db.selectFrom("initiatives").select(["title", "problem"]).where("id", "=", i.id).executeTakeFirstOrThrow();
    expect(original).toEqual({
      title: "Tiếp nhận hồ sơ đất đai qua một đầu mối tại xã",
      problem: "Người dân phải đến nhiều nơi để nộp hồ sơ đất đai.",
    });

    const files = await t.db
      .selectFrom("attachments")
      .select(["id", "is_public"])
      .where("initiative_id", "=", i.id)
      .orderBy("id")
      .execute();
    expect(files).toEqual([
      { id: i.attachments.submission, is_public: 0 },
      { id: i.attachments.decision, is_public: 1 },
    ]);

    const mail = await t.db.selectFrom("outbox").selectAll().where("dedupe_key", "=", `published:${i.id}`).executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(SECRET_AUTHOR.email);
    expect(mail.text).toContain(`/initiatives/${p.slug}`);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "publication.publish")
      .where("target_id", "=", String(i.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ slug: p.slug, authorNamed: false, edited: { title: true } });

    // whatever public page exists for it shows nothing personal
    const pub = await app.fetch(`/initiatives/${p.slug}`);
    expect([200, 404]).toContain(pub.status);
    expectNothingPersonal(await pub.text(), "public page");
  });

  it("names the author when they consented", async () => {
    const i = await recognised({ consentPublishName: true });
    const res = await post(
      i.code,
      form({
        version: i.version,
        title: "Tiếp nhận hồ sơ đất đai qua một đầu mối",
        problem: "Vấn đề.",
        solution: "Giải pháp.",
        benefit: "Lợi ích.",
      }),
    );
    expect(res.status).toBe(302);
    const p = await t.db.selectFrom("publications").select(["author_name"]).where("initiative_id", "=", i.id).executeTakeFirstOrThrow();
    expect(p.author_name).toBe(SECRET_AUTHOR.fullName);
  });

  it("refuses a public text carrying confidential or personal data, and changes nothing", async () => {
    const i = await recognised({ consentPublishName: false });
    const base = {
      version: i.version,
      title: "Tiếp nhận hồ sơ đất đai qua một đầu mối",
      problem: "Vấn đề.",
      solution: "Giải pháp.",
      benefit: "Lợi ích.",
    };
    const cases: [Record<string, string | number>, string][] = [
      [{ ...base, benefit: `Lợi ích. ${SECRET_CONFIDENTIAL}.` }, "yêu cầu bảo mật"],
      [{ ...base, solution: "Do anh zyxwvu đoc nhat đề xuất." }, "thông tin cá nhân của tác giả"],
      [{ ...base, problem: `Liên hệ ${SECRET_AUTHOR.phone}.` }, "thông tin cá nhân của tác giả"],
      [{ ...base, problem: `Đề xuất của ${SECRET_AUTHOR.organisation}.` }, "thông tin cá nhân của tác giả"],
      // written differently from how it was stored: digits with separators or +84, names with dashes, a disguised address
      [{ ...base, problem: "Liên hệ 0987 654 321." }, "thông tin cá nhân của tác giả"],
      [{ ...base, problem: "Liên hệ +84 987.654.321." }, "thông tin cá nhân của tác giả"],
      [{ ...base, solution: "Do anh Zyxwvu-Doc-Nhat đề xuất." }, "thông tin cá nhân của tác giả"],
      [{ ...base, solution: "Đồng tác giả: WVUTSR_DONG_TAC_GIA." }, "thông tin cá nhân của tác giả"],
      [{ ...base, benefit: "Góp ý gửi zyx.unique (at) example.net." }, "thông tin cá nhân của tác giả"],
      [{ ...base, title: "" }, "Vui lòng nhập trường này."],
    ];
    for (const [fields, message] of cases) {
      const res = await post(i.code, form(fields));
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect((await statusOf(t.db, i.id)).status).toBe("recognised");
    expect(await t.db.selectFrom("publications").select("slug").where("initiative_id", "=", i.id).execute()).toEqual([]);
  });

  it("lets a consenting author's name through, but not their phone written differently", async () => {
    const i = await recognised({ consentPublishName: true });
    const base = {
      version: i.version,
      title: "Tiếp nhận hồ sơ đất đai qua một đầu mối",
      problem: "Vấn đề.",
      solution: "Giải pháp.",
      benefit: "Lợi ích.",
    };
    const phone = await post(i.code, form({ ...base, solution: "Anh Zyxwvu Độc Nhất đề xuất; liên hệ +84 987 654 321." }));
    expect(phone.status).toBe(400);
    const ok = await post(i.code, form({ ...base, solution: "Anh Zyxwvu-Độc-Nhất đề xuất và áp dụng thử tại phường." }));
    expect(ok.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("published");
  });

  it("a second publisher on a stale page gets 409", async () => {
    const i = await recognised();
    const body = form({
      version: i.version,
      title: "Tiếp nhận hồ sơ đất đai qua một đầu mối",
      problem: "Vấn đề.",
      solution: "Giải pháp.",
      benefit: "Lợi ích.",
    });
    expect((await post(i.code, body)).status).toBe(302);
    const second = await post(i.code, body, await signIn(t.db, "chair@example.org"));
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('data-current-status="published"');
    expect((await t.db.selectFrom("publications").select("slug").where("initiative_id", "=", i.id).execute()).length).toBe(1);
  });
});
