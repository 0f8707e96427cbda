/**
 * Campaigns (đợt phát động) and adoptions (nhân rộng) through the real handler (docs/decisions/038-campaigns-and-adoptions.md):
 * the administrator's form, the home page's open campaigns, `/submit?campaign=` tagging only an open campaign, the
 * queue, statistics and open-data filters, the campaign page's recognised initiatives after it closes, and the staff
 * record of where an initiative was applied with its document, shown on the public page and counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn } from "./review-fixtures";
import { publishFixture, submitAndRecognise } from "./public-fixtures";
import { pdfBytes, submissionForm, unescapeHtml } from "./submit-fixtures";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { enterCampaign } from "~/models/campaigns/campaigns.server";

let t: TestDb;
let app: TestApp;
let admin: string;
let secretary: string;
const today = hanoiDate();

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
  secretary = await signIn(t.db, "secretary@example.org");
});
afterAll(() => t.cleanup());

let ipSeq = 10;
const freshIp = () => `198.51.100.${ipSeq++}`;
const html = async (path: string, cookie?: string) => {
  const res = await app.fetch(path, { headers: cookie ? { Cookie: cookie } : {} });
  expect(res.status, path).toBe(200);
  return unescapeHtml(await res.text());
};
const createCampaign = (fields: Record<string, string | string[]>, cookie = admin) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return app.fetch("/staff/admin/campaigns", { method: "POST", headers: { Cookie: cookie }, body });
};
const campaign = (slug: string) => t.db.selectFrom("campaigns").selectAll().where("slug", "=", slug).executeTakeFirst();

describe("an administrator's campaigns", () => {
  it("creates a campaign with Hà Nội dates, areas and an agency, audited, bumping the public pages' version", async () => {
    const agency = await t.db.selectFrom("agencies").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();
    const before = await publicPagesVersion(t.db);
    const res = await createCampaign({
      title: "Số hóa thủ tục đất đai thử nghiệm",
      slug: "so-hoa-dat-dai-thu",
      description: "Đợt phát động sáng kiến số hóa thủ tục đất đai cho các phường, xã.",
      reformAreas: ["procedures", "digital_government"],
      opensOn: addDaysTo(today, -3),
      closesOn: addDaysTo(today, 10),
      owner: `agency:${agency.id}`,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/staff/admin/campaigns?done=so-hoa-dat-dai-thu");
    const row = await campaign("so-hoa-dat-dai-thu");
    expect(row).toMatchObject({
      agency_id: agency.id,
      opens_on: addDaysTo(today, -3),
      reform_areas: '["procedures","digital_government"]',
    });
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(before);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "campaign.create")
      .where("target_id", "=", String(row!.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(await html("/staff/admin/campaigns", admin)).toContain("/submit?campaign=so-hoa-dat-dai-thu");
  });

  it("refuses bad input with 400 and messages in the user's language, and a taken address with 409, writing nothing", async () => {
    const count = async () => (await t.db.selectFrom("campaigns").select(t.db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n;
    const before = await count();
    const bad = await createCampaign({ title: "Ab", description: "ngắn", opensOn: "2027-02-30", closesOn: today, slug: "Có Dấu" });
    expect(bad.status).toBe(400);
    const body = unescapeHtml(await bad.text());
    expect(body).toContain("Quá ngắn.");
    expect(body).toContain("Ngày không hợp lệ. Dạng YYYY-MM-DD.");
    expect(body).toContain("Địa chỉ chỉ gồm chữ thường không dấu");
    const reversed = await createCampaign({
      title: "Đợt ngược ngày",
      description: "Mô tả đủ dài cho một đợt phát động.",
      opensOn: today,
      closesOn: addDaysTo(today, -1),
    });
    expect(reversed.status).toBe(400);
    expect(unescapeHtml(await reversed.text())).toContain("Ngày kết thúc phải từ ngày mở trở đi.");
    const taken = await createCampaign({
      title: "Trùng địa chỉ",
      slug: "so-hoa-dat-dai-thu",
      description: "Mô tả đủ dài cho một đợt phát động.",
      opensOn: today,
      closesOn: today,
    });
    expect(taken.status).toBe(409);
    const english = await app.fetch("/staff/admin/campaigns?lang=en", {
      method: "POST",
      headers: { Cookie: `${admin}; lang=en` },
      body: new URLSearchParams({ title: "Ab", description: "x", opensOn: "x", closesOn: "x" }),
    });
    expect(english.status).toBe(400);
    expect(unescapeHtml(await english.text())).toContain("Not a valid date. Use YYYY-MM-DD.");
    expect(await count()).toEqual(before);
  });

  it("is the administrator's only: a secretary gets 403", async () => {
    expect((await app.fetch("/staff/admin/campaigns", { headers: { Cookie: secretary } })).status).toBe(403);
    const res = await createCampaign(
      { title: "Không được phép", description: "Mô tả đủ dài cho một đợt phát động.", opensOn: today, closesOn: today },
      secretary,
    );
    expect(res.status).toBe(403);
  });
});

describe("open campaigns on the public side and in the submission", () => {
  beforeAll(async () => {
    for (const [slug, from, to] of [
      ["dot-sap-mo", 1, 30],
      ["dot-da-dong", -60, -1],
    ] as const)
      expect(
        (
          await createCampaign({
            title: `Đợt thử ${slug}`,
            slug,
            description: "Mô tả đủ dài cho một đợt phát động.",
            opensOn: addDaysTo(today, from),
            closesOn: addDaysTo(today, to),
          })
        ).status,
      ).toBe(302);
  });

  it("shows an open campaign on the home page, not one that opens tomorrow or has closed", async () => {
    const home = await html("/");
    expect(home).toContain('href="/campaigns/so-hoa-dat-dai-thu"');
    expect(home).toContain('href="/submit?campaign=so-hoa-dat-dai-thu"');
    expect(home).not.toContain("/campaigns/dot-sap-mo");
    expect(home).not.toContain("/campaigns/dot-da-dong");
    const list = await html("/campaigns");
    for (const slug of ["so-hoa-dat-dai-thu", "dot-sap-mo", "dot-da-dong"]) expect(list).toContain(`/campaigns/${slug}`);
  });

  it("tags a submission to an open campaign, keeping the hidden field through a failed round", async () => {
    const page = await html("/submit?campaign=so-hoa-dat-dai-thu");
    expect(page).toContain("Bạn đang gửi sáng kiến cho đợt phát động: Số hóa thủ tục đất đai thử nghiệm");
    expect(page).toContain('name="campaign" value="so-hoa-dat-dai-thu"');

    const bad = await app.fetch("/submit", {
      method: "POST",
      body: submissionForm({ campaign: "so-hoa-dat-dai-thu", title: "" }),
      ip: freshIp(),
    });
    expect(bad.status).toBe(400);
    const again = unescapeHtml(await bad.text());
    expect(again).toContain('name="campaign" value="so-hoa-dat-dai-thu"');
    expect(again).toContain("Bạn đang gửi sáng kiến cho đợt phát động");

    const before = (
      await t.db
        .selectFrom("campaign_counts")
        .selectAll()
        .where("campaign_id", "=", (await campaign("so-hoa-dat-dai-thu"))!.id)
        .executeTakeFirstOrThrow()
    ).submitted;
    const ok = await app.fetch("/submit", { method: "POST", body: submissionForm({ campaign: "so-hoa-dat-dai-thu" }), ip: freshIp() });
    expect(ok.status).toBe(302);
    const c = (await campaign("so-hoa-dat-dai-thu"))!;
    const entries = await t.db.selectFrom("campaign_entries").selectAll().where("campaign_id", "=", c.id).execute();
    expect(entries).toHaveLength(1);
    const counts = await t.db.selectFrom("campaign_counts").selectAll().where("campaign_id", "=", c.id).executeTakeFirstOrThrow();
    expect(counts.submitted).toBe(before + 1);

    // The queue's filter by campaign shows exactly that submission.
    const code = (await t.db.selectFrom("initiatives").select("code").where("id", "=", entries[0].initiative_id).executeTakeFirstOrThrow())
      .code;
    const queue = await html(`/staff?view=all&campaign=${c.id}`, secretary);
    expect(queue).toContain(code);
    const rows = [...queue.matchAll(/href="\/staff\/initiatives\/(SK-\d{4}-\d{6})"/g)].map((m) => m[1]);
    expect(new Set(rows)).toEqual(new Set([code]));
  });

  it("refuses a campaign that is not open (400, nothing written) and answers 404 for one that does not exist", async () => {
    const count = async () => Number((await t.db.selectFrom("initiatives").select(t.db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const slug of ["dot-da-dong", "dot-sap-mo", "khong-co-dot-nay"]) {
      const res = await app.fetch("/submit", { method: "POST", body: submissionForm({ campaign: slug }), ip: freshIp() });
      expect(res.status, slug).toBe(400);
      expect(unescapeHtml(await res.text())).toContain("Đợt phát động này hiện không nhận sáng kiến.");
    }
    expect(await count()).toBe(before);
    expect((await app.fetch("/submit?campaign=khong-co-dot-nay")).status).toBe(404);
    const closed = await html("/submit?campaign=dot-da-dong");
    expect(closed).toContain("hiện không nhận sáng kiến");
    expect(closed).not.toContain('name="campaign"');
  });

  it("lists a closed campaign's recognised, published initiatives on its page, and counts them in statistics and open data", async () => {
    const c = (await campaign("dot-da-dong"))!;
    const published = await publishFixture(t.db, { title: "Sáng kiến của đợt đã đóng về phiếu hẹn điện tử" });
    const pending = await submitAndRecognise(t.db, { title: "Sáng kiến của đợt đã đóng chưa công bố", publish: false });
    await enterCampaign(t.db, published.id, c.id);
    await enterCampaign(t.db, pending.id, c.id);
    const counts = await t.db.selectFrom("campaign_counts").selectAll().where("campaign_id", "=", c.id).executeTakeFirstOrThrow();
    expect(counts).toMatchObject({ submitted: 2, recognised: 2 });

    const page = await html("/campaigns/dot-da-dong");
    expect(page).toContain(`href="/initiatives/${published.slug}"`);
    expect(page).not.toContain("chưa công bố");
    // An open campaign's page does not list results yet.
    expect(await html("/campaigns/so-hoa-dat-dai-thu")).toContain("sau khi đợt kết thúc");
    expect((await app.fetch("/campaigns/khong-co")).status).toBe(404);

    const stats = await html("/statistics?campaign=dot-da-dong");
    expect(stats).toContain('data-selected-campaign="dot-da-dong"');
    expect((await app.fetch("/statistics?campaign=khong-co")).status).toBe(404);

    const json = (await (await app.fetch("/open-data/initiatives.json?campaign=dot-da-dong")).json()) as {
      initiatives: { slug: string; campaign: string }[];
    };
    expect(json.initiatives.map((i) => i.slug)).toEqual([published.slug]);
    expect(json.initiatives[0].campaign).toBe("dot-da-dong");
    expect((await app.fetch("/open-data/initiatives.csv?campaign=khong-co")).status).toBe(404);
  });
});

describe("adoptions (nhân rộng)", () => {
  let published: Awaited<ReturnType<typeof publishFixture>>;
  beforeAll(async () => {
    published = await publishFixture(t.db, { title: "Tra cứu hồ sơ đất đai bằng mã QR tại bộ phận một cửa" });
  });
  const record = (code: string, fields: Record<string, string>, file?: Buffer, cookie = secretary) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append(
      "document",
      file ? new File([new Uint8Array(file)], "ket-qua.pdf", { type: "application/pdf" }) : new File([], ""),
      file ? "ket-qua.pdf" : "",
    );
    return app.fetch(`/staff/initiatives/${code}/adoptions`, { method: "POST", headers: { Cookie: cookie }, body: fd });
  };

  it("records where a recognised initiative was applied, with its document in the file store, shown publicly with a count", async () => {
    const unit = await t.db.selectFrom("units").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();
    const agency = await t.db.selectFrom("agencies").select(["id", "name"]).orderBy("id").executeTakeFirstOrThrow();
    const before = await publicPagesVersion(t.db);
    const res = await record(
      published.code,
      { place: `unit:${unit.id}`, adoptedOn: addDaysTo(today, -5), result: "Giảm một nửa thời gian tra cứu hồ sơ." },
      pdfBytes(),
    );
    expect(res.status).toBe(302);
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(before);
    expect(
      (await record(published.code, { place: `agency:${agency.id}`, adoptedOn: today, result: "Áp dụng tại bộ phận một cửa của sở." }))
        .status,
    ).toBe(302);

    const rows = await t.db.selectFrom("adoptions").selectAll().where("initiative_id", "=", published.id).orderBy("id").execute();
    expect(rows).toHaveLength(2);
    const file = await t.db.selectFrom("attachments").selectAll().where("id", "=", rows[0].attachment_id!).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ purpose: "adoption", is_public: 0, mime: "application/pdf" });
    const download = await app.fetch(`/staff/initiatives/${published.code}/files/${file.id}`, { headers: { Cookie: secretary } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdfBytes())).toBe(true);

    const page = await html(`/initiatives/${published.slug}`);
    expect(page).toContain("Đã áp dụng tại 2 nơi");
    expect(page).toContain(unit.name);
    expect(page).toContain("Giảm một nửa thời gian tra cứu hồ sơ.");
    expect(page).not.toContain(`/files/${file.id}`);

    const stats = await html("/statistics");
    expect(stats).toMatch(/data-adoptions="[1-9]\d*"/);
    const json = (await (await app.fetch("/open-data/initiatives.json")).json()) as {
      initiatives: { slug: string; adoption_count: number; adopted_at: string[] }[];
    };
    const mine = json.initiatives.find((i) => i.slug === published.slug)!;
    expect(mine.adoption_count).toBe(2);
    expect(mine.adopted_at).toEqual([unit.name, agency.name]);
    const csv = await (await app.fetch("/open-data/initiatives.csv")).text();
    expect(csv.split("\r\n")[0]).toContain("campaign,adoption_count,adopted_at");
  });

  it("refuses an initiative not yet recognised (409), a future date, no place and a non-PDF (400), storing nothing", async () => {
    const count = async () => Number((await t.db.selectFrom("adoptions").select(t.db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const files = async () =>
      Number(
        (
          await t.db
            .selectFrom("attachments")
            .select(t.db.fn.countAll().as("n"))
            .where("purpose", "=", "adoption")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [n, f] = [await count(), await files()];
    const unit = await t.db.selectFrom("units").select("id").orderBy("id").executeTakeFirstOrThrow();
    const open = await t.db.selectFrom("initiatives").select("code").where("status", "=", "submitted").executeTakeFirstOrThrow();
    const early = await record(open.code, { place: `unit:${unit.id}`, adoptedOn: today, result: "Áp dụng thử nghiệm." });
    expect(early.status).toBe(409);
    const future = await record(published.code, {
      place: `unit:${unit.id}`,
      adoptedOn: addDaysTo(today, 2),
      result: "Áp dụng thử nghiệm.",
    });
    expect(future.status).toBe(400);
    expect(unescapeHtml(await future.text())).toContain("Ngày áp dụng không được sau hôm nay.");
    const noPlace = await record(published.code, { place: "", adoptedOn: today, result: "Áp dụng thử nghiệm." });
    expect(noPlace.status).toBe(400);
    expect(unescapeHtml(await noPlace.text())).toContain("Vui lòng chọn đơn vị hoặc cơ quan áp dụng.");
    const fd = new FormData();
    fd.append("place", `unit:${unit.id}`);
    fd.append("adoptedOn", today);
    fd.append("result", "Áp dụng thử nghiệm.");
    fd.append("document", new File([new Uint8Array(Buffer.from("MZ not a pdf"))], "x.exe"), "x.exe");
    const wrong = await app.fetch(`/staff/initiatives/${published.code}/adoptions`, {
      method: "POST",
      headers: { Cookie: secretary },
      body: fd,
    });
    expect(wrong.status).toBe(400);
    expect(unescapeHtml(await wrong.text())).toContain("Văn bản phải là tệp PDF.");
    expect([await count(), await files()]).toEqual([n, f]);
  });

  it("keeps reviewers out (403)", async () => {
    const reviewer = await signIn(t.db, "reviewer1@example.org").catch(() => null);
    if (!reviewer) return;
    expect((await app.fetch(`/staff/initiatives/${published.code}/adoptions`, { headers: { Cookie: reviewer } })).status).toBe(403);
  });
});
