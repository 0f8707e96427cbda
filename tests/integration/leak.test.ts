import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishInitiative } from "~/models/publication/publication.server";
import { resetEnvCache } from "~/utils/env.server";
import { fold } from "~/utils/text";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { publishFixture, submitAndRecognise } from "./public-fixtures";
import { putFile } from "../setup/files";

/** Values that exist only in private places; none may appear in any public output. */
const SECRET = {
  confidential: "Mật mã kho dữ liệu XYLOPHONQ7 chỉ dùng nội bộ",
  authorName: "Trịnh Quỳnh Zephyrine",
  authorEmail: "zephyrine.leak@example.net",
  authorPhone: "0987650321",
  privateFile: "bien-ban-noi-bo-QUARTZLEAK.pdf",
  staffNote: "Ghi chú của cán bộ MARMOTLEAK về người gửi",
  reviewComment: "Nhận xét thẩm định OCELOTLEAK điểm thấp",
  unpublishedTitle: "Sáng kiến chưa công bố PANGOLINLEAK",
};
const PUBLIC_FILE = "tai-lieu-cong-khai-minh-hoa.pdf";

/**
 * Names published with consent and then withdrawn from the private tracking page (the author's and a
 * co-author's), and a co-author's email: after the withdrawal none may appear in any public output either.
 */
const WITHDRAWN = {
  authorName: "Hứa Quỳnh Withdrawnix",
  coAuthorName: "Tạ Văn Retractorvy",
  coAuthorEmail: "retractorvy.coauthor@example.net",
};

let t: TestDb;
let app: TestApp;
let slug = "";
let certificate = "";
let code = "";
let token = "";
let privateFileId = 0;
let publicFileId = 0;
let unpublishedFileId = 0;
let withdrawnSlug = "";
let withdrawnCertificate = "";

async function storeFile(dir: string, content: string) {
  return putFile(t.db, dir, content);
}

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  process.env.DATA_DIR = t.dir;
  resetEnvCache();
  app = await createTestApp(t.db);

  const r = await submitAndRecognise(t.db, {
    title: "Số hóa sổ theo dõi hồ sơ tại bộ phận một cửa",
    problem: "Cán bộ ghi sổ tay, khó tra cứu tình trạng hồ sơ.",
    solution: "Dùng sổ điện tử dùng chung, tra cứu theo mã hồ sơ.",
    benefit: "Trả lời người dân ngay tại quầy.",
    confidential: SECRET.confidential,
    authorName: SECRET.authorName,
    authorEmail: SECRET.authorEmail,
    authorPhone: SECRET.authorPhone,
    consentPublishName: false,
  });
  certificate = r.certificateNumber;
  const row = await t.db.selectFrom("initiatives").select(["code", "link_version"]).where("id", "=", r.id).executeTakeFirstOrThrow();
  code = row.code;
  token = trackingToken(row.code, row.link_version);

  const at = new Date().toISOString();
  const priv = await storeFile(t.dir, "private bytes");
  const pub = await storeFile(t.dir, "%PDF-1.4 public bytes");
  const insertFile = (initiativeId: number, filename: string, f: { sha256: string; size: number }) =>
    t.db
      .insertInto("attachments")
      .values({
        initiative_id: initiativeId,
        event_id: null,
        purpose: "submission",
        sha256: f.sha256,
        filename,
        mime: "application/pdf",
        size: f.size,
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  privateFileId = (await insertFile(r.id, SECRET.privateFile, priv)).id;
  publicFileId = (await insertFile(r.id, PUBLIC_FILE, pub)).id;

  await t.db
    .insertInto("staff_notes")
    .values({ initiative_id: r.id, user_id: r.staff.secretary, body: SECRET.staffNote, created_at: at })
    .execute();
  const reviewer = await t.db.selectFrom("users").select("id").where("email", "=", "reviewer1@example.org").executeTakeFirstOrThrow();
  const rubric = await t.db.selectFrom("rubric_criteria").select(["id", "rubric_version_id"]).execute();
  const assignment = await t.db
    .insertInto("assignments")
    .values({
      initiative_id: r.id,
      reviewer_id: reviewer.id,
      assigned_by: r.staff.secretary,
      assigned_at: at,
      due_on: at.slice(0, 10),
      status: "submitted",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const review = await t.db
    .insertInto("reviews")
    .values({
      assignment_id: assignment.id,
      rubric_version_id: rubric[0].rubric_version_id,
      recommendation: "recognise",
      comment: SECRET.reviewComment,
      submitted_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("review_scores")
    .values(rubric.map((c) => ({ review_id: review.id, criterion_id: c.id, score: 3 })))
    .execute();

  const { version } = await t.db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
  const published = await publishInitiative(t.db, {
    initiativeId: r.id,
    expectedVersion: version,
    actorUserId: r.staff.secretary,
    actor: "secretary",
    title: "Số hóa sổ theo dõi hồ sơ tại bộ phận một cửa",
    problem: "Cán bộ ghi sổ tay, khó tra cứu tình trạng hồ sơ.",
    solution: "Dùng sổ điện tử dùng chung, tra cứu theo mã hồ sơ.",
    benefit: "Trả lời người dân ngay tại quầy.",
    publicAttachmentIds: [publicFileId],
  });
  slug = published.slug;

  // Published with both names, then both consents withdrawn through the private page's form.
  const named = await publishFixture(t.db, {
    title: "Lịch hẹn trực tuyến tại bộ phận một cửa",
    authorName: WITHDRAWN.authorName,
    consentPublishName: true,
    coAuthors: [{ fullName: WITHDRAWN.coAuthorName, share: 30, email: WITHDRAWN.coAuthorEmail, consentPublishName: true }],
  });
  const before = await (await app.fetch(`/initiatives/${named.slug}`)).text();
  if (!before.includes(WITHDRAWN.authorName) || !before.includes(WITHDRAWN.coAuthorName)) throw new Error("the names were not published");
  const tracked = await t.db
    .selectFrom("initiatives")
    .select(["code", "link_version"])
    .where("id", "=", named.id)
    .executeTakeFirstOrThrow();
  for (const person of ["0", "1"]) {
    const res = await app.fetch(`/track/${tracked.code}/consents?t=${trackingToken(tracked.code, tracked.link_version)}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "withdraw", person }),
      redirect: "manual",
    });
    if (res.status !== 302) throw new Error(`withdrawal answered ${res.status}`);
  }
  withdrawnSlug = named.slug;
  withdrawnCertificate = named.certificateNumber;

  // Recognised but not published: its texts and files are not public yet.
  const hidden = await submitAndRecognise(t.db, { title: SECRET.unpublishedTitle });
  unpublishedFileId = (await insertFile(hidden.id, "unpublished.pdf", pub)).id;
  await t.db.updateTable("attachments").set({ is_public: 1 }).where("id", "=", unpublishedFileId).execute();
});
afterAll(() => t.cleanup());

function publicPaths() {
  const q = (s: string) => `/initiatives?q=${encodeURIComponent(s)}`;
  return [
    "/",
    "/initiatives",
    "/initiatives?sort=commended",
    `/initiatives/${slug}`,
    `/initiatives/${slug}.data`,
    "/certificates",
    `/certificates/${certificate}`,
    `/certificates/${certificate}/print`,
    `/initiatives/${withdrawnSlug}`,
    `/initiatives/${withdrawnSlug}.data`,
    `/certificates/${withdrawnCertificate}`,
    `/certificates/${withdrawnCertificate}/print`,
    "/statistics",
    "/open-data",
    "/open-data/initiatives.csv",
    "/open-data/initiatives.json",
    "/feed.xml",
    "/feed.xml?area=procedures",
    "/help",
    "/accessibility",
    "/sitemap.xml",
    "/robots.txt",
    q("XYLOPHONQ7"),
    q("Zephyrine"),
    q("MARMOTLEAK"),
    q("OCELOTLEAK"),
    q("PANGOLINLEAK"),
    q("Withdrawnix"),
    q("Retractorvy"),
    q(code),
  ];
}

describe("public outputs never carry private data", () => {
  it("shows the public version itself (the control for the checks below)", async () => {
    const html = await (await app.fetch(`/initiatives/${slug}`)).text();
    expect(html).toContain("Số hóa sổ theo dõi hồ sơ tại bộ phận một cửa");
    expect(html).toContain(PUBLIC_FILE);
    const csv = await (await app.fetch("/open-data/initiatives.csv")).text();
    expect(csv).toContain(slug);
  });

  it.each(["vi", "en"])("leaks nothing in any page, feed, CSV or JSON (%s)", async (lang) => {
    const secrets = [...Object.values(SECRET), ...Object.values(WITHDRAWN), code, token];
    for (const p of publicPaths()) {
      const res = await app.fetch(p, { headers: { Cookie: `lang=${lang}` } });
      expect(res.status, p).toBeLessThan(400);
      let body = await res.text();
      // A search page repeats its own query (the box, the title): that echo is not a leak, anything else is.
      const echoed = new URL(p, "http://x").searchParams.get("q");
      if (echoed) body = body.split(echoed).join("").split(encodeURIComponent(echoed)).join("");
      const folded = echoed ? fold(body).split(fold(echoed)).join("") : fold(body);
      for (const s of secrets) {
        expect(body.includes(s), `${p} contains ${s}`).toBe(false);
        // also escaped or re-cased forms: compare distinctive words folded
        for (const word of s.split(/\s+/).filter((w) => /[A-Z0-9]{6,}/.test(w) || w.includes("@"))) {
          expect(folded.includes(fold(word)), `${p} contains ${word}`).toBe(false);
        }
      }
      expect(folded.includes(fold(SECRET.authorName)), `${p} names the author`).toBe(false);
      for (const name of [WITHDRAWN.authorName, WITHDRAWN.coAuthorName]) {
        expect(folded.includes(fold(name)), `${p} names ${name} after the withdrawal`).toBe(false);
        for (const word of name.split(/\s+/).filter((w) => w.length >= 8))
          expect(folded.includes(fold(word)), `${p} contains ${word}`).toBe(false);
      }
    }
  });

  it("finds nothing when searching for private words", async () => {
    for (const word of ["XYLOPHONQ7", "Zephyrine", "MARMOTLEAK", "OCELOTLEAK", "PANGOLINLEAK", "Withdrawnix", "Retractorvy"]) {
      const html = await (await app.fetch(`/initiatives?q=${word}`)).text();
      expect(html, word).toContain("Không tìm thấy sáng kiến nào phù hợp.");
    }
  });

  it("serves only public files of published initiatives", async () => {
    const ok = await app.fetch(`/initiatives/${slug}/files/${publicFileId}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("%PDF-1.4 public bytes");
    expect(ok.headers.get("Content-Disposition")).toContain("attachment");
    const priv = await app.fetch(`/initiatives/${slug}/files/${privateFileId}`);
    expect(priv.status).toBe(404);
    expect(await priv.text()).not.toContain("QUARTZLEAK");
    const unpublished = await app.fetch(`/initiatives/${slug}/files/${unpublishedFileId}`);
    expect(unpublished.status).toBe(404);
  });

  it("does not show the certificate of an unpublished initiative with its title", async () => {
    const hidden = await t.db
      .selectFrom("decisions")
      .innerJoin("initiatives", "initiatives.id", "decisions.initiative_id")
      .select("decisions.certificate_number")
      .where("initiatives.title", "=", SECRET.unpublishedTitle)
      .executeTakeFirstOrThrow();
    const res = await app.fetch(`/certificates/${hidden.certificate_number}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Giấy chứng nhận hợp lệ");
    expect(html).not.toContain("PANGOLINLEAK");
    expect((await app.fetch(`/certificates/${hidden.certificate_number}/print`)).status).toBe(404);
  });
});
