import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { FOLD_PAIRS } from "../unit/fold-pairs";
import { bulkPublish, publishFixture, slugsIn } from "./public-fixtures";

let t: TestDb;
let app: TestApp;
const day = 86_400_000;
const ids: Record<string, { slug: string; id: number }> = {};

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  const now = Date.now();
  // Published first: a title match. Published later: the same word only in the body, so "newest" puts it first.
  ids.titleMatch = await publishFixture(t.db, {
    title: "Hợp nhất thủ tục khai báo tạm trú cho sinh viên",
    problem: "Sinh viên phải khai báo ở nhiều nơi.",
    publishedAt: new Date(now - 3 * day),
  });
  ids.bodyMatch = await publishFixture(t.db, {
    title: "Cổng thông tin một cửa cho nhà trọ",
    problem: "Chủ nhà trọ không rõ thủ tục khai báo tạm trú cho người thuê.",
    publishedAt: new Date(now - 2 * day),
  });
  ids.dangKy = await publishFixture(t.db, {
    title: "Đăng ký khai sinh trực tuyến liên thông cải cách thủ tục",
    problem: "Cha mẹ phải nộp giấy tờ bản giấy.",
    reformArea: "digital_government",
    levelCode: "city_merit",
    publishedAt: new Date(now - day),
  });
  ids.markup = await publishFixture(t.db, {
    title: "Biểu mẫu <script>alert('x')</script> an toàn",
    problem: 'Dữ liệu có ký tự đặc biệt <b>đậm</b> & "nháy".',
    publishedAt: new Date(now - 4 * day),
  });
});
afterAll(() => t.cleanup());

async function page(path: string, lang: "vi" | "en" = "vi") {
  const res = await app.fetch(path, { headers: { Cookie: `lang=${lang}` } });
  return { status: res.status, html: await res.text() };
}

describe("search through /initiatives", () => {
  it.each(["cai cach thu tuc", "CẢI CÁCH", "dang ky", "Đăng Ký", "ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"])(
    "%j finds the initiative titled “Đăng ký khai sinh … cải cách thủ tục”",
    async (q) => {
      const { status, html } = await page(`/initiatives?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(slugsIn(html)).toContain(ids.dangKy.slug);
    },
  );

  it("highlights the matched words, accented or not, in the result", async () => {
    const { html } = await page(`/initiatives?q=${encodeURIComponent("dang ky")}`);
    expect(html).toContain("<mark>Đăng</mark> <mark>ký</mark>");
  });

  it("ranks a title match above a body match", async () => {
    const { html } = await page(`/initiatives?q=${encodeURIComponent("khai bao tam tru")}`);
    const found = slugsIn(html);
    expect(found).toContain(ids.titleMatch.slug);
    expect(found).toContain(ids.bodyMatch.slug);
    expect(found.indexOf(ids.titleMatch.slug)).toBeLessThan(found.indexOf(ids.bodyMatch.slug));
    // Sorting by newest instead puts the later body match first: the order above is the ranking's doing.
    const newest = slugsIn((await page(`/initiatives?q=${encodeURIComponent("khai bao tam tru")}&sort=newest`)).html);
    expect(newest.indexOf(ids.bodyMatch.slug)).toBeLessThan(newest.indexOf(ids.titleMatch.slug));
  });

  it("requires every word, and says so with a suggestion when nothing matches", async () => {
    const { status, html } = await page(`/initiatives?q=${encodeURIComponent("khai sinh tạm trú ngựa vằn")}`);
    expect(status).toBe(200);
    expect(slugsIn(html).filter((s) => Object.values(ids).some((i) => i.slug === s))).toEqual([]);
    expect(html).toContain("Không tìm thấy sáng kiến nào phù hợp.");
    expect(html).toContain("Hãy thử bỏ bớt bộ lọc");
    const en = await page(`/initiatives?q=${encodeURIComponent("ngựa vằn")}`, "en");
    expect(en.html).toContain("No initiative matches.");
  });

  it("combines search with filters that live in the URL", async () => {
    const q = encodeURIComponent("thu tuc");
    const all = slugsIn((await page(`/initiatives?q=${q}`)).html);
    expect(all).toEqual(expect.arrayContaining([ids.dangKy.slug, ids.titleMatch.slug]));
    const filtered = slugsIn((await page(`/initiatives?q=${q}&area=digital_government`)).html);
    expect(filtered).toContain(ids.dangKy.slug);
    expect(filtered).not.toContain(ids.titleMatch.slug);
    const byLevel = slugsIn((await page(`/initiatives?q=${q}&level=city_merit`)).html);
    expect(byLevel).toContain(ids.dangKy.slug);
    expect(byLevel).not.toContain(ids.titleMatch.slug);
  });

  it("treats query syntax and markup as plain words and escapes what it shows", async () => {
    const hostile = await page(`/initiatives?q=${encodeURIComponent('"script" OR NEAR( * <img src=x onerror=alert(1)>')}`);
    expect(hostile.status).toBe(200);
    expect(hostile.html).not.toContain("<img src=x");
    const found = await page(`/initiatives?q=${encodeURIComponent("script alert")}`);
    expect(slugsIn(found.html)).toContain(ids.markup.slug);
    expect(found.html).not.toContain("<script>alert('x')</script>");
    expect(found.html).toContain("&lt;<mark>script</mark>&gt;");
  });

  it("finds every word of the fold table whichever way it is typed", async () => {
    // One publication holding all the table's words; each accented and folded spelling must find it.
    const words = FOLD_PAIRS.filter(([w]) => !/\d/.test(w)).map(([w]) => w.normalize("NFC"));
    const all = await publishFixture(t.db, {
      title: "Bảng từ kiểm thử tìm kiếm",
      problem: words.join(", "),
      publishedAt: new Date(Date.now() - 10 * day),
    });
    for (const [accented, folded] of FOLD_PAIRS.filter(([w]) => !/\d/.test(w))) {
      for (const q of [accented, folded, accented.toUpperCase()]) {
        const { html } = await page(`/initiatives?q=${encodeURIComponent(q)}`);
        expect(slugsIn(html), q).toContain(all.slug);
      }
    }
    // about 150 searches through the whole handler: on a busy two-core machine the default 30 s is too close
  }, 90_000);

  it("keeps title matches first when there are too many matches to score them all", async () => {
    // 1,100 body matches (newest submissions), then 3 older title matches: beyond the count cap the order is
    // by tiers, title first. The newest-first sort shows the body matches first, so the order is the ranking's.
    await bulkPublish(t.db, 3, (i) => ({ title: `Lãnh đạo tiếp dân định kỳ ${i}`, problem: "Nội dung." }));
    await bulkPublish(t.db, 1100, (i) => ({ title: `Sổ tay số ${i}`, problem: "Tài liệu dành cho lãnh đạo phường." }));
    const res = await page(`/initiatives?q=${encodeURIComponent("lanh dao")}`);
    expect(res.html).toContain("Hơn 1.000 sáng kiến");
    const first = slugsIn(res.html);
    expect(first).toHaveLength(20);
    const titles = await t.db.selectFrom("publications").select(["slug", "title"]).where("slug", "in", first.slice(0, 3)).execute();
    expect(titles.map((r) => r.title).sort()).toEqual([
      "Lãnh đạo tiếp dân định kỳ 0",
      "Lãnh đạo tiếp dân định kỳ 1",
      "Lãnh đạo tiếp dân định kỳ 2",
    ]);
    const second = slugsIn((await page(`/initiatives?q=${encodeURIComponent("lanh dao")}&page=2`)).html);
    expect(second).toHaveLength(20);
    expect(second.filter((s) => first.includes(s))).toEqual([]);
    expect(res.html).toContain("<mark>Lãnh</mark> <mark>đạo</mark>");
  });

  it("past 200 matches reads the tiers newest first instead of scoring every match, and still counts them all", async () => {
    // Scoring a match costs tens of microseconds: past RANK_CAP (200) matches the order is by tiers, each newest
    // first. The oldest match repeats the words: scored by bm25 it led the list, now the newest matches do.
    await bulkPublish(t.db, 1, () => ({ title: "Sổ tay nghiệp vụ", problem: Array(12).fill("zetaqua omegarx").join(", ") }));
    await bulkPublish(t.db, 205, (i) => ({ title: `Tài liệu phường ${i}`, problem: "Hướng dẫn zetaqua omegarx cho cán bộ." }));
    const res = await page(`/initiatives?q=${encodeURIComponent("zetaqua omegarx")}`);
    expect(res.html).toContain("206 sáng kiến");
    const first = slugsIn(res.html);
    expect(first).toHaveLength(20);
    const titles = await t.db.selectFrom("publications").select(["slug", "title"]).where("slug", "in", first).execute();
    expect(titles.map((r) => r.title)).not.toContain("Sổ tay nghiệp vụ");
    expect(titles.every((r) => r.title.startsWith("Tài liệu phường"))).toBe(true);
    expect(res.html).toContain("<mark>zetaqua</mark> <mark>omegarx</mark>");
  });

  // A document's loader data is not handed to a browser router it does not load (utils/document-data.server.ts):
  // what still reads it must see all of it.
  it("a document's entity tag still follows its results, and the client router's data request still gets them", async () => {
    const path = `/initiatives?q=${encodeURIComponent("quyxetra")}`;
    const etag = async () => (await app.fetch(path)).headers.get("ETag");
    const before = await etag();
    const added = await publishFixture(t.db, { title: "Sổ quyxetra điện tử", problem: "Tra cứu hồ sơ." });
    const after = await etag();
    expect(before).toMatch(/^"/);
    expect(after).not.toBe(before);
    expect(await (await app.fetch(path, { headers: { "If-None-Match": after! } })).status).toBe(304);
    const data = await app.fetch(`/initiatives.data?q=${encodeURIComponent("quyxetra")}`);
    expect(data.status).toBe(200);
    expect(await data.text()).toContain(added.slug);
  });
});

describe("the filters' choices", () => {
  it("follow a renamed unit and a new agency on the next request (they are reused only for the same public version)", async () => {
    const { updateUnit, createAgency } = await import("~/models/admin/admin-reference.server");
    const unit = await t.db.selectFrom("units").select(["id", "type"]).orderBy("id").executeTakeFirstOrThrow();
    const admin = await t.db.selectFrom("users").select("id").where("email", "=", "admin@example.org").executeTakeFirstOrThrow();
    expect((await page("/initiatives?q=thu+tuc")).html).not.toContain("Phường Đổi Tên Thử");
    await updateUnit(t.db, { id: unit.id, name: "Phường Đổi Tên Thử", type: unit.type as never }, admin.id);
    await createAgency(t.db, { name: "Sở Mới Lập Thử" }, admin.id);
    const { html } = await page("/initiatives?q=thu+tuc");
    expect(html).toContain(`<option value="unit:${unit.id}">Phường Đổi Tên Thử</option>`);
    expect(html).toContain("Sở Mới Lập Thử</option>");
  });
});
