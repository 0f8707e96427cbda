import { parse } from "csv-parse/sync";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPEN_DATA_FIELDS } from "~/models/public/open-data";
import { createTestDb, type TestDb } from "../setup/db";
import { BASE, createTestApp, type TestApp } from "../setup/app";
import { publishFixture, submitAndRecognise } from "./public-fixtures";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  // Values that test the format: a comma, quotes, a new line, a consented author's name.
  await publishFixture(t.db, {
    title: 'Tờ khai "một lần", dùng chung cho các sở',
    problem: 'Dòng một.\nDòng hai, có dấu phẩy; và "ngoặc kép".',
    authorName: "Ngô Thị Đồng Ý",
    consentPublishName: true,
    levelCode: "city_merit",
  });
});
afterAll(() => t.cleanup());

async function expected() {
  const rows = await t.db
    .selectFrom("publications as p")
    .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
    .select([
      "p.slug",
      "p.title",
      "p.problem",
      "p.solution",
      "p.benefit",
      "p.author_name",
      "p.reform_area",
      "p.certificate_number",
      "p.published_at",
      "l.name_vi",
    ])
    .orderBy("p.initiative_id")
    .execute();
  expect(rows.length).toBeGreaterThanOrEqual(7);
  return rows;
}

describe("open data", () => {
  it("serves CSV as UTF-8 with a BOM that parses back to the database's public fields", async () => {
    const res = await app.fetch("/open-data/initiatives.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const rows = await expected();
    expect(Object.keys(records[0])).toEqual([...OPEN_DATA_FIELDS]);
    expect(records).toHaveLength(rows.length);
    for (const [i, r] of rows.entries()) {
      const c = records[i];
      expect(c.slug).toBe(r.slug);
      expect(c.title).toBe(r.title);
      expect(c.problem).toBe(r.problem);
      expect(c.solution).toBe(r.solution);
      expect(c.benefit).toBe(r.benefit);
      expect(c.author_name).toBe(r.author_name ?? "");
      expect(c.reform_area).toBe(r.reform_area);
      expect(c.certificate_number).toBe(r.certificate_number ?? "");
      expect(c.commendation).toBe(r.name_vi ?? "");
      expect(c.published_at).toBe(r.published_at);
      expect(c.url).toBe(`${BASE}/initiatives/${r.slug}`);
    }
    expect(records.some((c) => c.title === 'Tờ khai "một lần", dùng chung cho các sở' && c.problem.includes("\n"))).toBe(true);
  });

  it("serves JSON with the same records and fields", async () => {
    const res = await app.fetch("/open-data/initiatives.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as { fields: string[]; initiatives: Record<string, unknown>[] };
    expect(body.fields).toEqual([...OPEN_DATA_FIELDS]);
    const rows = await expected();
    expect(body.initiatives.map((r) => r.slug)).toEqual(rows.map((r) => r.slug));
    for (const [i, r] of rows.entries()) {
      const j = body.initiatives[i];
      expect(Object.keys(j)).toEqual([...OPEN_DATA_FIELDS]);
      expect(j.title).toBe(r.title);
      expect(j.problem).toBe(r.problem);
      expect(j.author_name).toBe(r.author_name);
      expect(j.certificate_number).toBe(r.certificate_number);
    }
  });

  it("answers a repeat download with 304 until a publication changes", async () => {
    for (const path of ["/open-data/initiatives.csv", "/open-data/initiatives.json", "/feed.xml", "/sitemap.xml"]) {
      const first = await app.fetch(path);
      const etag = first.headers.get("ETag");
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get("Cache-Control")).toMatch(/public.*s-maxage=\d+/);
      const again = await app.fetch(path, { headers: { "If-None-Match": etag! } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe("");
    }
    const before = (await app.fetch("/open-data/initiatives.csv")).headers.get("ETag")!;
    await publishFixture(t.db, { title: "Sáng kiến mới làm đổi phiên bản dữ liệu" });
    const after = await app.fetch("/open-data/initiatives.csv", { headers: { "If-None-Match": before } });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(before);
    expect(await after.text()).toContain("Sáng kiến mới làm đổi phiên bản dữ liệu");
  });

  it("publishes a well-formed Atom feed of the newest initiatives", async () => {
    const res = await app.fetch("/feed.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    const doc = new new JSDOM("").window.DOMParser().parseFromString(xml, "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    const feed = doc.documentElement;
    expect(feed.localName).toBe("feed");
    expect(feed.namespaceURI).toBe("http://www.w3.org/2005/Atom");
    for (const tag of ["id", "title", "updated"]) expect(feed.getElementsByTagName(tag).length, tag).toBeGreaterThan(0);
    const entries = [...feed.getElementsByTagName("entry")];
    const rows = await expected();
    expect(entries).toHaveLength(Math.min(50, rows.length));
    const newest = [...rows].sort((a, b) => b.published_at.localeCompare(a.published_at))[0];
    const first = entries[0];
    expect(first.getElementsByTagName("title")[0].textContent).toBe(newest.title);
    expect(first.getElementsByTagName("link")[0].getAttribute("href")).toBe(`${BASE}/initiatives/${newest.slug}`);
    for (const e of entries) {
      expect(e.getElementsByTagName("id")[0].textContent).toMatch(/^http:\/\/localhost:3000\/initiatives\//);
      expect(Number.isNaN(Date.parse(e.getElementsByTagName("updated")[0].textContent ?? ""))).toBe(false);
    }
  });

  it("lists every published initiative in the sitemap and points robots at it", async () => {
    const xml = await (await app.fetch("/sitemap.xml")).text();
    const doc = new new JSDOM("").window.DOMParser().parseFromString(xml, "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    const locs = [...doc.getElementsByTagName("loc")].map((l) => l.textContent);
    for (const r of await expected()) expect(locs).toContain(`${BASE}/initiatives/${r.slug}`);
    const robots = await (await app.fetch("/robots.txt")).text();
    expect(robots).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    expect(robots).toMatch(/Disallow: \/staff/);
  });

  it("documents every field on /open-data in both languages", async () => {
    for (const lang of ["vi", "en"]) {
      const html = await (await app.fetch("/open-data", { headers: { Cookie: `lang=${lang}` } })).text();
      for (const f of OPEN_DATA_FIELDS) expect(html).toContain(`<code>${f}</code>`);
      expect(html).toContain('href="/open-data/initiatives.csv"');
      expect(html).toContain(lang === "vi" ? "Dữ liệu mở" : "Open data");
    }
  });
});

describe("texts that look like markup or formulas", () => {
  const title = 'Giảm hồ sơ <img src=x onerror="alert(1)"> từ 5 xuống 2 & hơn';
  const problem = "- Người dân nộp 5 loại giấy tờ.\n- Mỗi lần bổ sung phải đi lại.";
  const solution = '=HYPERLINK("http://example.invalid","bấm vào đây")';
  let slug = "";

  beforeAll(async () => {
    ({ slug } = await publishFixture(t.db, { title, problem, solution, publishedAt: new Date(Date.now() + 60_000) }));
  });

  it("escapes initiative text in the feed, whose titles and contents are HTML", async () => {
    const xml = await (await app.fetch("/feed.xml")).text();
    const doc = new new JSDOM("").window.DOMParser().parseFromString(xml, "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    const entry = [...doc.getElementsByTagName("entry")].find((e) => e.getElementsByTagName("id")[0].textContent?.endsWith(`/${slug}`))!;
    const titleEl = entry.getElementsByTagName("title")[0];
    expect(titleEl.getAttribute("type")).toBe("html");
    // What a feed reader shows: the HTML of the title, rendered. It must be the text, with no element in it.
    const shown = new JSDOM("").window.document.createElement("div");
    shown.innerHTML = titleEl.textContent!;
    expect(shown.children).toHaveLength(0);
    expect(shown.textContent).toBe(title);
    shown.innerHTML = entry.getElementsByTagName("content")[0].textContent!;
    expect(shown.querySelectorAll("img, script")).toHaveLength(0);
    expect(shown.querySelector("p")!.innerHTML).toBe("- Người dân nộp 5 loại giấy tờ.<br>- Mỗi lần bổ sung phải đi lại.");
  });

  it("keeps spreadsheets from running cells as formulas in the CSV, and JSON exact", async () => {
    const res = await app.fetch("/open-data/initiatives.csv");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await res.arrayBuffer()));
    const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const row = records.find((r) => r.slug === slug)!;
    expect(row.problem).toBe(`'${problem}`);
    expect(row.solution).toBe(`'${solution}`);
    expect(row.title).toBe(title);
    const json = (await (await app.fetch("/open-data/initiatives.json")).json()) as { initiatives: Record<string, string>[] };
    const j = json.initiatives.find((r) => r.slug === slug)!;
    expect([j.problem, j.solution]).toEqual([problem, solution]);
    const page = await (await app.fetch("/open-data")).text();
    expect(page).toContain("dấu nháy đơn");
  });
});

describe("the home page's figure of recognised initiatives", () => {
  /** The number after a figure's label on the home page, and the count the public list prints. */
  const homeFigure = (html: string, label: string) => {
    const doc = new JSDOM(html).window.document;
    const dt = [...doc.querySelectorAll(".figures dt")].find((d) => d.textContent === label);
    expect(dt, label).toBeTruthy();
    return Number(dt!.nextElementSibling!.textContent!.replace(/\D/g, ""));
  };
  const listTotal = (html: string) =>
    Number(new JSDOM(html).window.document.querySelector(".result-count")!.textContent!.replace(/\D/g, ""));

  it("agrees with what the public list shows, once a recognised initiative waits for publication", async () => {
    // Recognised by the council but not yet published: the public cannot see it in the list.
    await submitAndRecognise(t.db, { title: "Sáng kiến đã được công nhận, chưa công bố" });
    const home = await (await app.fetch("/")).text();
    const list = await (await app.fetch("/initiatives")).text();
    const shown = listTotal(list);
    expect(shown).toBeGreaterThan(0);
    expect(homeFigure(home, "Sáng kiến được công nhận")).toBe(shown);
    const homeEn = await (await app.fetch("/?lang=en")).text();
    expect(homeFigure(homeEn, "Initiatives recognised")).toBe(shown);
  });
});
