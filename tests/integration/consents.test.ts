/**
 * Consent records (issue 12), through the real handler on a real database: the rows a submission writes, the
 * co-authors' email and consent on the form (never pre-ticked), the names on the public outputs only with
 * consent, and withdrawal from the private tracking page, effective on the next request everywhere.
 */
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIVACY_NOTICE_VERSION } from "~/domain/privacy";
import { publishInitiative } from "~/models/publication/publication.server";
import { fold } from "~/utils/text";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { submissionForm } from "./submit-fixtures";
import { expectErrorSummary } from "./form-summary";
import { publishFixture, submitAndRecognise } from "./public-fixtures";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  process.env.DATA_DIR = t.dir;
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ip = 0;
const post = (body: FormData) => app.fetch("/submit", { method: "POST", body, ip: `198.51.100.${++ip}`, redirect: "manual" });

const consentRows = (initiativeId: number) =>
  t.db
    .selectFrom("consents")
    .select(["author_position", "purpose", "given", "notice_version", "source"])
    .where("initiative_id", "=", initiativeId)
    .orderBy("id")
    .execute();

/** Every consent checkbox in a page: its name and whether it is ticked. */
function consentBoxes(html: string) {
  const doc = new JSDOM(html).window.document;
  return [...doc.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')]
    .filter((el) => /consent/i.test(el.name))
    .map((el) => ({ name: el.name, checked: el.hasAttribute("checked") }));
}

describe("the submission form", () => {
  it("renders no consent ticked on a fresh form, nor on a row added without JavaScript", async () => {
    const fresh = consentBoxes(await (await app.fetch("/submit")).text());
    expect(fresh.map((b) => b.name)).toEqual(["coAuthors.0.consentPublishName", "consentData", "consentPublishName"]);
    expect(fresh.filter((b) => b.checked)).toEqual([]);

    const added = await post(submissionForm({ intent: "add-coauthor", consentData: null, consentPublishName: null }));
    const boxes = consentBoxes(await added.text());
    expect(boxes.map((b) => b.name)).toContain("coAuthors.2.consentPublishName");
    expect(boxes.filter((b) => b.checked)).toEqual([]);
  });

  it("keeps a person's own ticks when the form comes back with an error", async () => {
    const res = await post(submissionForm({ title: "", "coAuthors.0.consentPublishName": "on" }));
    expect(res.status).toBe(400);
    const ticked = consentBoxes(await res.text()).filter((b) => b.checked);
    expect(ticked.map((b) => b.name).sort()).toEqual(["coAuthors.0.consentPublishName", "consentData", "consentPublishName"]);
  });

  it("ties a co-author's invalid email to its field, in the reader's language", async () => {
    const res = await post(submissionForm({ "coAuthors.0.email": "khong-phai-thu" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expectErrorSummary(html, ["f-coAuthors-0-email"]);
    expect(html).toContain("Địa chỉ thư điện tử của đồng tác giả 1");
    const en = await app.fetch("/submit", {
      method: "POST",
      body: submissionForm({ "coAuthors.0.email": "not-an-email" }),
      headers: { Cookie: "lang=en" },
      ip: `198.51.100.${++ip}`,
    });
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("Co-author 1: email");
    expect(await t.db.selectFrom("initiatives").select("id").where("title", "=", "x").execute()).toEqual([]);
  });

  it("stores one row per consent: notice version, purpose, given or refused, which person", async () => {
    const res = await post(
      submissionForm({
        consentPublishName: null,
        coAuthorRows: "3",
        "author.share": "50",
        "coAuthors.0.email": "binh.tran@example.net",
        "coAuthors.0.consentPublishName": "on",
        "coAuthors.1.fullName": "Lê Văn Cường",
        "coAuthors.1.share": "20",
      }),
    );
    expect(res.status).toBe(302);
    const row = await t.db.selectFrom("initiatives").select(["id", "consent_publish_name"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row.consent_publish_name).toBe(0);
    const v = PRIVACY_NOTICE_VERSION;
    expect(await consentRows(row.id)).toEqual([
      { author_position: 0, purpose: "processing", given: 1, notice_version: v, source: "submission" },
      { author_position: 0, purpose: "publish_name", given: 0, notice_version: v, source: "submission" },
      { author_position: 1, purpose: "publish_name", given: 1, notice_version: v, source: "submission" },
      { author_position: 2, purpose: "publish_name", given: 0, notice_version: v, source: "submission" },
    ]);
    const authors = await t.db
      .selectFrom("authors")
      .select(["position", "email"])
      .where("initiative_id", "=", row.id)
      .orderBy("position")
      .execute();
    expect(authors.map((a) => a.email)).toEqual(["an.nguyen@example.com", "binh.tran@example.net", null]);
  });
});

async function trackingLink(initiativeId: number) {
  const row = await t.db
    .selectFrom("initiatives")
    .select(["code", "link_version"])
    .where("id", "=", initiativeId)
    .executeTakeFirstOrThrow();
  const token = trackingToken(row.code, row.link_version);
  return { code: row.code, token, link: `/track/${row.code}?t=${token}` };
}

const form = (values: Record<string, string>) => new URLSearchParams(values);

async function publicOutputs(slug: string, certificate: string) {
  const paths = [
    `/initiatives/${slug}`,
    "/initiatives",
    "/feed.xml",
    "/open-data/initiatives.csv",
    "/open-data/initiatives.json",
    `/certificates/${certificate}`,
    `/certificates/${certificate}/print`,
  ];
  const out: Record<string, string> = {};
  for (const p of paths) {
    const res = await app.fetch(p);
    expect(res.status, p).toBe(200);
    out[p] = fold(await res.text());
  }
  return out;
}

describe("names on the public outputs", () => {
  it("names co-authors only with their consent, and never their email", async () => {
    const p = await publishFixture(t.db, {
      title: "Tra cứu lịch tiếp công dân trực tuyến",
      authorName: "Phan Thị Đồng Ý",
      consentPublishName: true,
      coAuthors: [
        { fullName: "Vũ Văn Cộng Sự", share: 20, email: "congsu.vu@example.net", consentPublishName: true },
        { fullName: "Đỗ Thị Kín Tiếng", share: 10, email: "kintieng.do@example.net", consentPublishName: false },
      ],
    });
    const outputs = await publicOutputs(p.slug, p.certificateNumber);
    for (const [path, body] of Object.entries(outputs)) {
      if (path === "/initiatives" || path === `/certificates/${p.certificateNumber}`) continue;
      expect(body, path).toContain(fold("Vũ Văn Cộng Sự"));
      expect(body, path).toContain(fold("Phan Thị Đồng Ý"));
    }
    for (const [path, body] of Object.entries(outputs)) {
      expect(body, path).not.toContain(fold("Đỗ Thị Kín Tiếng"));
      expect(body, path).not.toContain("congsu.vu");
      expect(body, path).not.toContain("kintieng.do");
    }
    const json = JSON.parse(await (await app.fetch("/open-data/initiatives.json")).text());
    const record = json.initiatives.find((r: { slug: string }) => r.slug === p.slug);
    expect(record.co_author_names).toEqual(["Vũ Văn Cộng Sự"]);
  });

  it("refuses a public text naming a co-author who did not consent, and allows one who did", async () => {
    const r = await submitAndRecognise(t.db, {
      title: "Số hóa hồ sơ địa chính cấp xã",
      coAuthors: [
        { fullName: "Quách Thị Đồng Thuận", share: 30, consentPublishName: true },
        { fullName: "Mạc Văn Giấu Tên", share: 20, consentPublishName: false },
      ],
    });
    const { version } = await t.db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
    const attempt = (benefit: string) =>
      publishInitiative(t.db, {
        initiativeId: r.id,
        expectedVersion: version,
        actorUserId: r.staff.secretary,
        actor: "secretary",
        title: "Số hóa hồ sơ địa chính cấp xã",
        problem: "Hồ sơ giấy thất lạc.",
        solution: "Quét và lưu trữ điện tử.",
        benefit,
        publicAttachmentIds: [],
      });
    await expect(attempt("Ông Mạc Văn Giấu Tên đã thử nghiệm.")).rejects.toMatchObject({ messageKey: "contains_personal_data" });
    await expect(attempt("Bà Quách Thị Đồng Thuận đã thử nghiệm.")).resolves.toMatchObject({ slug: expect.any(String) });
  });
});

describe("withdrawing a name consent from the private tracking page", () => {
  it("shows each consent on the tracking page, explains the processing consent, and links to withdraw a name", async () => {
    const p = await publishFixture(t.db, {
      title: "Nhắc lịch hẹn trả kết quả qua tin nhắn",
      authorName: "Kiều Văn Rút Lại",
      consentPublishName: true,
      coAuthors: [{ fullName: "Tôn Nữ Cũng Rút", share: 25, consentPublishName: true }],
    });
    const { code, token, link } = await trackingLink(p.id);
    const page = await (await app.fetch(link)).text();
    const doc = new JSDOM(page).window.document;
    const section = doc.getElementById("consents")!;
    expect(section.textContent).toContain("Xử lý dữ liệu cá nhân để giải quyết sáng kiến");
    expect(section.textContent).toContain("rút hồ sơ");
    expect(section.querySelector('a[href="/privacy#rights"]')).toBeTruthy();
    const withdrawLinks = [...section.querySelectorAll("a.button")].map((a) => a.getAttribute("href"));
    expect(withdrawLinks).toEqual([
      `/track/${code}/consents?t=${encodeURIComponent(token)}&person=0`,
      `/track/${code}/consents?t=${encodeURIComponent(token)}&person=1`,
    ]);
    // nothing is ticked or changed by looking
    expect((await app.fetch(`/track/${code}/consents?t=${token}&person=0`)).status).toBe(200);
    expect((await app.fetch(`/track/${code}/consents?t=wrong&person=0`)).status).toBe(404);
    expect(await consentRows(p.id)).toHaveLength(3);
  });

  it("refuses a wrong link, an unknown person and a malformed one, and changes nothing", async () => {
    const p = await publishFixture(t.db, {
      title: "Bản đồ số điểm tiếp nhận hồ sơ",
      authorName: "Giang Thị Thử",
      consentPublishName: true,
    });
    const { code, token } = await trackingLink(p.id);
    const withdraw = (tok: string, person: string) =>
      app.fetch(`/track/${code}/consents?t=${tok}`, { method: "POST", body: form({ intent: "withdraw", person }), redirect: "manual" });
    expect((await withdraw("wrong", "0")).status).toBe(404);
    expect((await withdraw(token, "7")).status).toBe(404);
    const bad = await app.fetch(`/track/${code}/consents?t=${token}`, {
      method: "POST",
      body: form({ intent: "withdraw", person: "abc" }),
      headers: { Cookie: "lang=en" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/request/i);
    expect(await consentRows(p.id)).toHaveLength(2);
    const pub = await t.db.selectFrom("publications").select("author_name").where("initiative_id", "=", p.id).executeTakeFirstOrThrow();
    expect(pub.author_name).toBe("Giang Thị Thử");
  });

  it("takes the author's and a co-author's names off every public output at once, with history and audit", async () => {
    const author = "Kha Văn Ẩn Mình";
    const coAuthor = "Lục Thị Thôi Công Bố";
    const p = await publishFixture(t.db, {
      title: "Sổ tay điện tử hướng dẫn thủ tục đất đai",
      authorName: author,
      consentPublishName: true,
      coAuthors: [{ fullName: coAuthor, share: 40, email: "thoicongbo@example.net", consentPublishName: true }],
    });
    const { code, token, link } = await trackingLink(p.id);
    const before = await publicOutputs(p.slug, p.certificateNumber);
    expect(before[`/initiatives/${p.slug}`]).toContain(fold(author));
    expect(before["/feed.xml"]).toContain(fold(coAuthor));

    for (const person of ["0", "1"]) {
      const res = await app.fetch(`/track/${code}/consents?t=${token}`, {
        method: "POST",
        body: form({ intent: "withdraw", person }),
        redirect: "manual",
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(`/track/${code}?t=${token}&withdrawn=${person}#consents`);
    }

    const after = await publicOutputs(p.slug, p.certificateNumber);
    for (const [path, body] of Object.entries(after)) {
      expect(body, path).not.toContain(fold(author));
      expect(body, path).not.toContain(fold(coAuthor));
    }
    expect(after[`/initiatives/${p.slug}`]).toContain(fold("Tác giả ẩn danh"));
    expect(after[`/certificates/${p.certificateNumber}/print`]).toContain(fold("Tác giả ẩn danh"));
    expect(after["/feed.xml"]).toContain(fold("Tác giả ẩn danh"));
    const en = await (await app.fetch(`/initiatives/${p.slug}`, { headers: { Cookie: "lang=en" } })).text();
    expect(en).toContain("Anonymous author");
    const json = JSON.parse(await (await app.fetch("/open-data/initiatives.json")).text());
    expect(json.initiatives.find((r: { slug: string }) => r.slug === p.slug)).toMatchObject({ author_name: null, co_author_names: [] });

    expect((await consentRows(p.id)).filter((r) => r.source === "withdrawal")).toEqual([
      { author_position: 0, purpose: "publish_name", given: 0, notice_version: PRIVACY_NOTICE_VERSION, source: "withdrawal" },
      { author_position: 1, purpose: "publish_name", given: 0, notice_version: PRIVACY_NOTICE_VERSION, source: "withdrawal" },
    ]);
    const i = await t.db.selectFrom("initiatives").select("consent_publish_name").where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(i.consent_publish_name).toBe(0);

    // The history says so, to the citizen and to staff (visibility "submitter" is staff's too).
    const page = await (await app.fetch(`${link}&withdrawn=1`)).text();
    const doc = new JSDOM(page).window.document;
    const history = doc.querySelector(".timeline")!.textContent!;
    expect(history.match(/Đã rút đồng ý công bố tên/g)).toHaveLength(2);
    expect(history).toContain(coAuthor);
    expect(doc.querySelector("#consents [role=status]")!.textContent).toContain(coAuthor);
    expect(doc.querySelectorAll("#consents a.button")).toHaveLength(0);
    const events = await t.db
      .selectFrom("events")
      .select(["kind", "visibility"])
      .where("initiative_id", "=", p.id)
      .where("kind", "=", "consent_withdrawn")
      .execute();
    expect(events).toEqual([
      { kind: "consent_withdrawn", visibility: "submitter" },
      { kind: "consent_withdrawn", visibility: "submitter" },
    ]);
    const audits = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "details"])
      .where("action", "=", "consent.withdraw")
      .where("target_id", "=", String(p.id))
      .execute();
    expect(audits.map((a) => JSON.parse(a.details).authorPosition)).toEqual([0, 1]);
    expect(audits.every((a) => a.actor_user_id === null)).toBe(true);

    // A second withdrawal (another tab) changes nothing; the confirmation page sends back to the tracking page.
    const again = await app.fetch(`/track/${code}/consents?t=${token}`, {
      method: "POST",
      body: form({ intent: "withdraw", person: "0" }),
      redirect: "manual",
    });
    expect(again.status).toBe(302);
    expect(await consentRows(p.id)).toHaveLength(5);
    expect((await app.fetch(`/track/${code}/consents?t=${token}&person=0`, { redirect: "manual" })).status).toBe(302);
  });

  it("takes a withdrawn name out of the public texts and the address, where the consent had allowed it", async () => {
    const author = "Bạch Văn Tên Trong Tựa";
    const r = await submitAndRecognise(t.db, { title: `Sáng kiến của ${author} về một cửa`, authorName: author, consentPublishName: true });
    const { version } = await t.db.selectFrom("initiatives").select("version").where("id", "=", r.id).executeTakeFirstOrThrow();
    const published = await publishInitiative(t.db, {
      initiativeId: r.id,
      expectedVersion: version,
      actorUserId: r.staff.secretary,
      actor: "secretary",
      title: `Sáng kiến của ${author} về một cửa`,
      problem: "Ông BACH VAN TEN TRONG TUA nhận thấy người dân chờ lâu.",
      solution: "Xếp hàng trực tuyến.",
      benefit: "Giảm thời gian chờ.",
      publicAttachmentIds: [],
    });
    expect(published.slug).toContain("bach-van-ten-trong-tua");
    const { code, token } = await trackingLink(r.id);
    const res = await app.fetch(`/track/${code}/consents?t=${token}`, {
      method: "POST",
      body: form({ intent: "withdraw", person: "0" }),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    const pub = await t.db
      .selectFrom("publications")
      .select(["slug", "title", "problem"])
      .where("initiative_id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(pub.title).toBe("Sáng kiến của Tác giả ẩn danh về một cửa");
    expect(pub.problem).toBe("Ông Tác giả ẩn danh nhận thấy người dân chờ lâu.");
    expect(pub.slug).not.toContain("bach");
    expect((await app.fetch(`/initiatives/${published.slug}`)).status).toBe(404);
    const outputs = await publicOutputs(pub.slug, r.certificateNumber);
    for (const [path, body] of Object.entries(outputs)) expect(body, path).not.toContain("bach van ten trong tua");
    const search = await (await app.fetch(`/initiatives?q=${encodeURIComponent("Bạch Văn Tên Trong Tựa")}`)).text();
    expect(search).toContain("Không tìm thấy sáng kiến nào phù hợp.");
  });
});

describe("the demo data", () => {
  it("has co-authors with and without consent, a named co-author in public, and one author who withdrew", async () => {
    const coAuthorConsents = await t.db
      .selectFrom("consents")
      .select(["given"])
      .where("purpose", "=", "publish_name")
      .where("author_position", ">", 0)
      .where("source", "=", "submission")
      .execute();
    expect(new Set(coAuthorConsents.map((c) => c.given))).toEqual(new Set([0, 1]));
    const named = await t.db.selectFrom("publications").select("co_author_names").where("co_author_names", "!=", "[]").execute();
    expect(named.length).toBeGreaterThan(0);
    const withdrawal = await t.db
      .selectFrom("consents")
      .innerJoin("publications", "publications.initiative_id", "consents.initiative_id")
      .select(["publications.slug", "publications.author_name"])
      .where("consents.source", "=", "withdrawal")
      .where("consents.author_position", "=", 0)
      .where("publications.title", "not like", "%Tác giả ẩn danh%")
      .orderBy("consents.id")
      .executeTakeFirstOrThrow();
    expect(withdrawal.author_name).toBeNull();
    expect(await (await app.fetch(`/initiatives/${withdrawal.slug}`)).text()).toContain("Tác giả ẩn danh");
  });
});
