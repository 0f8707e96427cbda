import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { slugify } from "~/utils/text";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { publishFixture, slugsIn } from "./public-fixtures";

let t: TestDb;
let app: TestApp;
const day = 86_400_000;
let consented = { slug: "", certificateNumber: "" };
let anonymous = { slug: "" };

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  consented = await publishFixture(t.db, {
    title: "Phiếu hẹn điện tử có mã QR tại một cửa",
    authorName: "Lương Thị Đồng Thuận",
    consentPublishName: true,
    levelCode: "city_merit",
    reformArea: "digital_government",
    publishedAt: new Date(Date.now() - day / 2),
  });
  anonymous = await publishFixture(t.db, {
    title: "Niêm yết thủ tục bằng hình ảnh",
    authorName: "Cao Văn Không Đồng Ý",
    consentPublishName: false,
    publishedAt: new Date(Date.now() - day),
  });
  // Enough for more than one page of 20.
  for (let i = 0; i < 20; i++) {
    await publishFixture(t.db, { title: `Sáng kiến phân trang số ${i + 1}`, publishedAt: new Date(Date.now() - (i + 2) * day) });
  }
});
afterAll(() => t.cleanup());

const get = (p: string, lang: "vi" | "en" = "vi", headers: Record<string, string> = {}) =>
  app.fetch(p, { headers: { Cookie: `lang=${lang}`, ...headers } });
const html = async (p: string, lang: "vi" | "en" = "vi") => (await get(p, lang)).text();

describe("home", () => {
  it("explains the programme, offers to submit, shows the latest commended initiatives and figures", async () => {
    const vi = await html("/");
    expect(vi).toContain('href="/submit"');
    expect(vi).toContain("Góp sáng kiến, cải cách hành chính");
    expect(vi).toContain(`href="/initiatives/${consented.slug}"`);
    expect(vi).toContain("Bằng khen của Chủ tịch UBND Thành phố");
    expect(vi).toMatch(/Sáng kiến gửi trong năm \d{4}/);
    expect(vi).toContain("Số ngày trung vị đến khi có quyết định");
    const en = await html("/", "en");
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("Share an initiative, reform the administration");
    expect(en).toContain("Merit award of the Chairman of the City People");
  });
});

describe("/initiatives", () => {
  it("pages 20 at a time by keyset, forwards and back, without gaps or repeats", async () => {
    const total = Number(
      (
        await t.db
          .selectFrom("publications")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBeGreaterThan(20);
    const first = await html("/initiatives");
    const page1 = slugsIn(first);
    expect(page1).toHaveLength(20);
    expect(page1[0]).toBe(consented.slug);
    const next = /<a rel="next"[^>]*href="([^"]+)"/.exec(first)?.[1] ?? /href="([^"]+)"[^>]*rel="next"/.exec(first)?.[1];
    expect(next).toMatch(/after=/);
    const second = await html(next!.replace(/&amp;/g, "&"));
    const page2 = slugsIn(second);
    expect(page2).toHaveLength(total - 20);
    expect(page2.filter((s) => page1.includes(s))).toEqual([]);
    expect(second).not.toContain('rel="next"');
    const prev = /<a rel="prev"[^>]*href="([^"]+)"/.exec(second)?.[1] ?? /href="([^"]+)"[^>]*rel="prev"/.exec(second)?.[1];
    expect(prev).toMatch(/before=/);
    expect(slugsIn(await html(prev!.replace(/&amp;/g, "&")))).toEqual(page1);
  });

  it("filters by area, place, year and commendation, each kept in the URL", async () => {
    const area = slugsIn(await html("/initiatives?area=digital_government"));
    expect(area).toContain(consented.slug);
    expect(area).not.toContain(anonymous.slug);
    const level = slugsIn(await html("/initiatives?level=city_merit"));
    expect(level).toContain(consented.slug);
    expect(level).not.toContain(anonymous.slug);
    const city = slugsIn(await html("/initiatives?place=city"));
    expect(city).toContain(anonymous.slug);
    const year = new Date().getUTCFullYear();
    expect(slugsIn(await html(`/initiatives?year=${year}`))).toContain(consented.slug);
    expect(slugsIn(await html(`/initiatives?year=${year - 5}`))).toEqual([]);
    const page = await html("/initiatives?area=digital_government&level=city_merit");
    expect(page).toContain('<option value="digital_government" selected="">');
    expect(page).toMatch(/href="\/initiatives\?level=city_merit"/); // removing the area keeps the level
  });

  it("ignores malformed filter values instead of failing", async () => {
    const res = await get("/initiatives?area=nope&year=abc&after=garbage&place=unit:x&sort=weird");
    expect(res.status).toBe(200);
    expect(slugsIn(await res.text())).toHaveLength(20);
  });

  it("sorts by the most commended first", async () => {
    const slugs = slugsIn(await html("/initiatives?sort=commended"));
    const ranks = await t.db.selectFrom("publications").select(["slug", "commendation_rank"]).execute();
    const rankOf = (s: string) => ranks.find((r) => r.slug === s)!.commendation_rank;
    const seq = slugs.map(rankOf);
    expect(seq).toEqual([...seq].sort((a, b) => b - a));
    expect(seq[0]).toBe(4);
  });

  it("says so and suggests widening when nothing matches", async () => {
    const page = await html(`/initiatives?year=${new Date().getUTCFullYear() - 5}&area=apparatus`);
    expect(page).toContain("Không tìm thấy sáng kiến nào phù hợp.");
    expect(page).toContain("Hãy thử bỏ bớt bộ lọc");
    expect(page).toContain('href="/initiatives"');
  });
});

describe("/initiatives/<slug>", () => {
  it("shows the public version with Open Graph tags and plain share links", async () => {
    const res = await get(`/initiatives/${consented.slug}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    const url = `http://localhost:3000/initiatives/${consented.slug}`;
    expect(page).toContain(`<meta property="og:title" content="Phiếu hẹn điện tử có mã QR tại một cửa"/>`);
    expect(page).toContain(`<meta property="og:url" content="${url}"/>`);
    expect(page).toContain('<meta property="og:type" content="article"/>');
    expect(page).toContain('<meta name="twitter:card" content="summary"/>');
    expect(page).toContain(`href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}"`);
    expect(page).toMatch(/href="https:\/\/sp\.zalo\.me\/plugins\/share\?url=http%3A%2F%2Flocalhost%3A3000/);
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
    for (const label of [
      "Lĩnh vực cải cách",
      "Phạm vi áp dụng",
      "Thực trạng, vấn đề cần giải quyết",
      "Nội dung giải pháp",
      "Hiệu quả, lợi ích",
      "Ngày quyết định",
      "Lý do",
    ]) {
      expect(page).toContain(label);
    }
    expect(page).toContain("Lương Thị Đồng Thuận");
    expect(page).toContain(consented.certificateNumber);
  });

  it("names the author only with consent", async () => {
    const page = await html(`/initiatives/${anonymous.slug}`);
    expect(page).toContain("Niêm yết thủ tục bằng hình ảnh");
    expect(page).not.toContain("Cao Văn Không Đồng Ý");
    // Without consent the author is "anonymous", as after a withdrawal: the page never tells which.
    expect(page).toContain("<dt>Tác giả</dt><dd>Tác giả ẩn danh</dd>");
  });

  it("answers 404 for unknown, unpublished and withdrawn initiatives", async () => {
    expect((await get("/initiatives/khong-ton-tai-999999")).status).toBe(404);
    expect((await get("/initiatives/<script>")).status).toBe(404);
    for (const status of ["withdrawn", "recognised", "council"] as const) {
      const i = await t.db.selectFrom("initiatives").select(["id", "title"]).where("status", "=", status).executeTakeFirstOrThrow();
      const res = await get(`/initiatives/${slugify(i.title, 70)}-${i.id}`);
      expect(res.status, status).toBe(404);
      expect(await res.text()).toContain("Không tìm thấy");
    }
  });
});

describe("/certificates", () => {
  it("verifies a number typed in the form, whatever its spacing or case", async () => {
    const form = await html("/certificates");
    expect(form).toContain('<label for="number">');
    const res = await get(
      `/certificates?number=${encodeURIComponent(" " + consented.certificateNumber.toLowerCase().replace(/-/g, " ") + " ")}`,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/certificates/${consented.certificateNumber}`);
    const page = await html(`/certificates/${consented.certificateNumber}`);
    expect(page).toContain("Giấy chứng nhận hợp lệ");
    expect(page).toContain("Phiếu hẹn điện tử có mã QR tại một cửa");
    expect(page).toContain("Bằng khen của Chủ tịch UBND Thành phố");
    expect(page).toContain(`href="/initiatives/${consented.slug}"`);
  });

  it("says clearly when a number is not found, with 404", async () => {
    const res = await get("/certificates/CN-1999-0042");
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain("Không tìm thấy giấy chứng nhận");
    expect(page).toContain("CN-1999-0042");
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    const en = await get("/certificates/not-a-number", "en");
    expect(en.status).toBe(404);
    expect(await en.text()).toContain("Certificate not found");
  });

  it("prints an A4 certificate with its number, verification address and a server-drawn QR code", async () => {
    const page = await html(`/certificates/${consented.certificateNumber}/print`);
    expect(page).toContain(consented.certificateNumber);
    expect(page).toContain(`http://localhost:3000/certificates/${consented.certificateNumber}`);
    expect(page).toMatch(/<svg class="cert-qr" role="img" aria-label="[^"]+" viewBox="-2 -2 \d+ \d+"[^>]*>.*<path d="M\d+ \d+h\d+v1h-\d+z/);
    expect(page).toContain("Lương Thị Đồng Thuận");
    expect((await get("/certificates/CN-1999-0042/print")).status).toBe(404);
  });
});

describe("caching", () => {
  it("answers a repeat visit with 304 and a Cache-Control a proxy can use", async () => {
    for (const p of [
      "/",
      "/initiatives?area=procedures",
      `/initiatives/${consented.slug}`,
      "/statistics",
      "/open-data",
      `/certificates/${consented.certificateNumber}`,
    ]) {
      const first = await get(p);
      expect(first.status, p).toBe(200);
      const etag = first.headers.get("ETag");
      expect(etag, p).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get("Cache-Control")).toBe("public, max-age=60, s-maxage=300, stale-while-revalidate=600");
      expect(first.headers.get("Vary")).toContain("Cookie");
      const again = await get(p, "vi", { "If-None-Match": etag! });
      expect(again.status, p).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      // The English page is another representation with another validator.
      const en = await get(p, "en", { "If-None-Match": etag! });
      expect(en.status, p).toBe(200);
      expect(en.headers.get("ETag")).not.toBe(etag);
    }
  });

  it("changes the validator when the data changes", async () => {
    const before = (await get("/initiatives")).headers.get("ETag")!;
    await publishFixture(t.db, { title: "Một sáng kiến mới đổi danh sách" });
    const after = await get("/initiatives", "vi", { "If-None-Match": before });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Một sáng kiến mới đổi danh sách");
  });

  it("does not cache errors", async () => {
    const res = await get("/initiatives/khong-co");
    expect(res.status).toBe(404);
    expect(res.headers.get("ETag")).toBeNull();
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
  });
});

describe("weight", () => {
  // The budget is 100 KB of gzipped JavaScript per page, everything included. Reading pages are documents
  // and ship none; the forms that gain from scripts (submit, track) stay under the budget.
  it("ships at most 100 KB of gzipped JavaScript on each public page, and none on reading pages", async () => {
    const sizes: Record<string, number> = {};
    const documents = [
      "/",
      "/initiatives",
      "/initiatives?q=thu+tuc",
      `/initiatives/${consented.slug}`,
      "/statistics",
      "/open-data",
      "/certificates",
      `/certificates/${consented.certificateNumber}`,
      `/certificates/${consented.certificateNumber}/print`,
    ];
    for (const p of [...documents, "/submit", "/track"]) {
      const page = await html(p);
      // What the browser loads: the modulepreload links and the inline script's imports (the inline route
      // manifest also names modules of other routes, which are fetched only on navigation).
      const preloads = [...page.matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
      const imports = [...page.matchAll(/import[^"]*"(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
      const files = new Set([...preloads, ...imports]);
      // And what those modules fetch before the page runs: the dictionary chunks of the page's language (the
      // other language's are named in the code but never fetched), with whatever they import in turn.
      const lang = /<html lang="(vi|en)"/.exec(page)?.[1];
      for (const f of files) {
        const code = fs.readFileSync(path.join("public", f), "utf8");
        for (const m of code.matchAll(/import\("(\/build\/[^"]+\.(vi|en)-[A-Z0-9]+\.js)"\)/g)) if (m[2] === lang) files.add(m[1]);
        for (const m of code.matchAll(/(?:from|import)\s*"(\/build\/[^"]+\.js)"/g)) files.add(m[1]);
      }
      let total = 0;
      for (const f of files) total += zlib.gzipSync(fs.readFileSync(path.join("public", f))).length;
      sizes[p] = total;
      if (documents.includes(p)) expect(files.size, `${p} ships scripts`).toBe(0);
      expect(total, `${p}: ${total} bytes gzipped`).toBeLessThanOrEqual(100 * 1024);
    }
    console.log("gzipped JS per page (bytes):", sizes);
  });
});

describe("found in review", () => {
  it("sorts a search typed into the list page by relevance, not by the list's newest-first", async () => {
    // A newer initiative with the words only in its body, so "newest" and "relevance" disagree.
    const bodyOnly = await publishFixture(t.db, {
      title: "Trả kết quả tại nhà cho người cao tuổi",
      problem: "Việc niêm yết thủ tục bằng giấy ở trụ sở khó đọc, hình ảnh mờ.",
      publishedAt: new Date(Date.now() - day / 4),
    });
    // Submit the list page's own form as a browser would: every field with its selected value.
    const doc = new JSDOM(await html("/initiatives")).window.document;
    const form = doc.querySelector<HTMLFormElement>("form[role=search]")!;
    const sp = new URLSearchParams();
    for (const el of [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]")])
      sp.set(el.name, el.value);
    sp.set("q", "niem yet hinh anh");
    const page = await html(`${form.getAttribute("action")}?${sp}`);
    const slugs = slugsIn(page);
    expect(slugs).toContain(bodyOnly.slug);
    expect(slugs.indexOf(anonymous.slug)).toBeLessThan(slugs.indexOf(bodyOnly.slug));
    const sort = new JSDOM(page).window.document.querySelector<HTMLSelectElement>("#f-sort")!;
    expect(sort.selectedOptions[0].textContent).toBe("Phù hợp nhất");
    // Choosing "newest" explicitly still works, and stays chosen.
    const newest = await html(`/initiatives?q=niem+yet+hinh+anh&sort=newest`);
    expect(slugsIn(newest).indexOf(bodyOnly.slug)).toBeLessThan(slugsIn(newest).indexOf(anonymous.slug));
    expect(new JSDOM(newest).window.document.querySelector<HTMLSelectElement>("#f-sort")!.value).toBe("newest");
  });

  it("keeps the start of an over-long query instead of dropping the search", async () => {
    const page = await html(`/initiatives?q=${encodeURIComponent("Niêm yết ".repeat(60))}`);
    expect(slugsIn(page)).toContain(anonymous.slug);
    expect(slugsIn(page)).not.toContain(consented.slug);
  });

  it("shows the certificate's print button only where a script can make it work", async () => {
    const page = await html(`/certificates/${consented.certificateNumber}/print`);
    const doc = new JSDOM(page).window.document;
    expect(doc.getElementById("print-button")!.hasAttribute("hidden")).toBe(true);
    expect([...doc.querySelectorAll("script")].map((s) => s.textContent).join("")).toContain("b.hidden=false");
  });
});
