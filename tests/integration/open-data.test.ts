import { parse } from "csv-parse/sync";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { OPEN_DATA_FIELDS, OPEN_DATA_JSON_FIELDS } from "~/models/public/open-data";
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
    expect(body.fields).toEqual([...OPEN_DATA_JSON_FIELDS]);
    const rows = await expected();
    expect(body.initiatives.map((r) => r.slug)).toEqual(rows.map((r) => r.slug));
    for (const [i, r] of rows.entries()) {
      const j = body.initiatives[i];
      expect(Object.keys(j)).toEqual([...OPEN_DATA_JSON_FIELDS]);
      expect(j.title).toBe(r.title);
      expect(j.problem).toBe(r.problem);
      expect(j.author_name).toBe(r.author_name);
      expect(j.certificate_number).toBe(r.certificate_number);
    }
  });

  it("answers a repeat download with 304 until a publication changes", async () => {
    for (const path of [
      "/open-data/initiatives.csv",
      "/open-data/initiatives.json",
      "/open-data/initiatives.xlsx",
      "/feed.xml",
      "/feed.xml?area=procedures",
      "/sitemap.xml",
    ]) {
      const first = await app.fetch(path);
      const etag = first.headers.get("ETag");
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get("Cache-Control")).toMatch(/public.*s-maxage=\d+/);
      const again = await app.fetch(path, { headers: { "If-None-Match": etag! } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe("");
      await first.arrayBuffer();
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

const CC_BY = "https://creativecommons.org/licenses/by/4.0/";
const AREA_VI: Record<string, string> = {
  procedures: "Cải cách thủ tục hành chính",
  apparatus: "Cải cách tổ chức bộ máy hành chính nhà nước",
  digital_government: "Xây dựng, phát triển chính quyền điện tử, chính quyền số",
};

async function csvRecords() {
  const res = await app.fetch("/open-data/initiatives.csv");
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await res.arrayBuffer()));
  return { res, records: parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[] };
}

describe("labels beside the codes", () => {
  beforeAll(async () => {
    await publishFixture(t.db, { title: "Gộp đầu mối một cửa của hai phòng chuyên môn", reformArea: "apparatus" });
  });

  it("gives the CSV a Vietnamese label column after each coded field", async () => {
    const { records } = await csvRecords();
    const columns = Object.keys(records[0]);
    for (const code of ["reform_area", "procedure_domain", "scope_type"]) {
      expect(columns.indexOf(`${code}_vi`)).toBe(columns.indexOf(code) + 1);
    }
    const apparatus = records.find((r) => r.reform_area === "apparatus")!;
    expect(apparatus.reform_area_vi).toBe(AREA_VI.apparatus);
    expect(records.find((r) => r.reform_area === "procedures")!.reform_area_vi).toBe(AREA_VI.procedures);
    expect(records.find((r) => r.scope_type === "city")!.scope_type_vi).toBe("Toàn Thành phố");
    const withDomain = records.filter((r) => r.procedure_domain);
    expect(withDomain.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.reform_area_vi, r.slug).not.toBe("");
      expect(r.scope_type_vi, r.slug).not.toBe("");
      // a label only where there is a code
      expect(Boolean(r.procedure_domain_vi), r.slug).toBe(Boolean(r.procedure_domain));
    }
    expect(records.find((r) => r.procedure_domain === "civil_status")?.procedure_domain_vi ?? "Hộ tịch").toBe("Hộ tịch");
  });

  it("gives the JSON Vietnamese and English labels and states the licence", async () => {
    const res = await app.fetch("/open-data/initiatives.json");
    const body = (await res.json()) as { licence: { name: string; url: string }; initiatives: Record<string, string | null>[] };
    expect(body.licence).toMatchObject({ name: "CC BY 4.0", url: CC_BY });
    const apparatus = body.initiatives.find((r) => r.title === "Gộp đầu mối một cửa của hai phòng chuyên môn")!;
    expect(apparatus.reform_area_vi).toBe(AREA_VI.apparatus);
    expect(apparatus.reform_area_en).toBe("Reform of the state administrative apparatus");
    expect(apparatus.scope_type_en).toBe("City-wide");
    const commended = body.initiatives.find((r) => r.commendation === "Bằng khen của Chủ tịch UBND Thành phố")!;
    expect(commended.commendation_en).toMatch(/^Merit award of the Chairman of the City People/);
    for (const r of body.initiatives) {
      expect(r.procedure_domain_en === null, r.slug!).toBe(r.procedure_domain === null);
      expect(r.procedure_domain_vi === null, r.slug!).toBe(r.procedure_domain === null);
    }
  });
});

describe("the XLSX download", () => {
  async function workbook() {
    const res = await app.fetch("/open-data/initiatives.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="sang-kien-cchc\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return { res, wb };
  }
  const cellText = (v: ExcelJS.CellValue) => (v === null || v === undefined ? "" : String(v));

  it("holds the CSV's rows and columns, with the texts exact and the header row frozen", async () => {
    const { wb } = await workbook();
    const sheet = wb.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
    expect(header).toEqual([...OPEN_DATA_FIELDS]);
    const json = (await (await app.fetch("/open-data/initiatives.json")).json()) as { initiatives: Record<string, string | null>[] };
    expect(sheet.actualRowCount).toBe(json.initiatives.length + 1);
    json.initiatives.forEach((j, i) => {
      const row = sheet.getRow(i + 2);
      for (const [c, f] of OPEN_DATA_FIELDS.entries()) {
        // a list in the JSON (the co-authors' names), one text in a cell as in the CSV
        const expected = Array.isArray(j[f]) ? (j[f] as unknown as string[]).join("; ") : String(j[f] ?? ""); // adoption_count is a number
        expect(cellText(row.getCell(c + 1).value), `${j.slug} ${f}`).toBe(expected);
      }
    });
    // A cell of an XLSX file is typed text: nothing is run as a formula, so no apostrophe is added.
    const formulaLike = json.initiatives.find((j) => j.solution?.startsWith("=HYPERLINK"))!;
    expect(formulaLike).toBeTruthy();
    const row = sheet.getRow(json.initiatives.indexOf(formulaLike) + 2);
    const cell = row.getCell(OPEN_DATA_FIELDS.indexOf("solution") + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(formulaLike.solution);
  });

  it("states the source and the licence in the workbook's properties and on an about sheet", async () => {
    const { res, wb } = await workbook();
    expect(res.headers.get("Link")).toBe(`<${CC_BY}>; rel="license"`);
    expect(wb.title).toBe("Sáng kiến cải cách hành chính được công nhận — Thành phố Hà Nội");
    expect(wb.description).toContain("CC BY 4.0");
    expect(wb.description).toContain(CC_BY);
    const about = wb.getWorksheet("about")!;
    expect(about).toBeTruthy();
    const texts: string[] = [];
    about.eachRow((r) => texts.push((r.values as ExcelJS.CellValue[]).slice(1).map(cellText).join(" | ")));
    const all = texts.join("\n");
    expect(all).toContain(CC_BY);
    expect(all).toContain(`${BASE}/open-data`);
    for (const f of OPEN_DATA_FIELDS) expect(all, f).toContain(f);
  });
});

describe("the licence", () => {
  it("is stated on /open-data in both languages, linked, and in each file's Link header", async () => {
    for (const lang of ["vi", "en"]) {
      const doc = new JSDOM(await (await app.fetch(`/open-data?lang=${lang}`)).text()).window.document;
      const link = doc.querySelector(`a[rel="license"][href="${CC_BY}"]`);
      expect(link?.textContent, lang).toContain("CC BY 4.0");
      expect(doc.querySelector('a[href="/open-data/initiatives.xlsx"]'), lang).not.toBeNull();
    }
    for (const p of ["/open-data/initiatives.csv", "/open-data/initiatives.json"]) {
      const res = await app.fetch(p);
      expect(res.headers.get("Link"), p).toBe(`<${CC_BY}>; rel="license"`);
      await res.arrayBuffer();
    }
  });
});

describe("feeds per reform area and their discovery", () => {
  const entriesOf = async (path: string) => {
    const res = await app.fetch(path);
    expect(res.status, path).toBe(200);
    const doc = new new JSDOM("").window.DOMParser().parseFromString(await res.text(), "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    const feed = doc.documentElement;
    const own = (tag: string) => [...feed.children].find((c) => c.localName === tag)?.textContent ?? "";
    const links = [...feed.children].filter((c) => c.localName === "link").map((l) => [l.getAttribute("rel"), l.getAttribute("href")]);
    return {
      title: own("title"),
      id: own("id"),
      links,
      slugs: [...feed.getElementsByTagName("entry")].map((e) => e.getElementsByTagName("id")[0].textContent!.split("/").pop()!),
    };
  };

  it("serves only the area's initiatives under the area's own title and id", async () => {
    const area = await entriesOf("/feed.xml?area=apparatus");
    const inArea = await t.db.selectFrom("publications").select("slug").where("reform_area", "=", "apparatus").execute();
    expect(inArea.length).toBeGreaterThan(0);
    expect(area.slugs.sort()).toEqual(inArea.map((r) => r.slug).sort());
    expect(area.title).toContain(AREA_VI.apparatus);
    expect(area.links).toContainEqual(["self", `${BASE}/feed.xml?area=apparatus`]);
    expect(area.links).toContainEqual(["alternate", `${BASE}/initiatives?area=apparatus`]);
    const all = await entriesOf("/feed.xml");
    expect(area.id).not.toBe(all.id);
    expect(all.slugs.length).toBeGreaterThan(area.slugs.length);
  });

  it("refuses an unknown area with 400 and a message in the reader's language", async () => {
    const vi = await app.fetch("/feed.xml?area=khong-co");
    expect(vi.status).toBe(400);
    expect(await vi.text()).toContain("Không có lĩnh vực cải cách");
    const en = await app.fetch("/feed.xml?area=khong-co&lang=en");
    expect(en.status).toBe(400);
    expect(await en.text()).toContain("There is no reform area");
  });

  it("announces the feeds on the list pages, the area's feed beside the area filter", async () => {
    const head = async (p: string) => {
      const doc = new JSDOM(await (await app.fetch(p)).text()).window.document;
      return {
        doc,
        feeds: [...doc.querySelectorAll('head link[rel="alternate"][type="application/atom+xml"]')].map((l) => l.getAttribute("href")),
      };
    };
    expect((await head("/")).feeds).toContain("/feed.xml");
    expect((await head("/initiatives")).feeds).toContain("/feed.xml");
    const filtered = await head("/initiatives?area=digital_government");
    expect(filtered.feeds).toEqual(["/feed.xml?area=digital_government", "/feed.xml"]);
    expect(filtered.doc.querySelector('main a[href="/feed.xml?area=digital_government"]')).not.toBeNull();
    const openData = await head("/open-data");
    expect(openData.feeds).toContain("/feed.xml");
    for (const a of ["institutional", "procedures", "apparatus", "civil_service", "public_finance", "digital_government"]) {
      expect(openData.doc.querySelector(`main a[href="/feed.xml?area=${a}"]`), a).not.toBeNull();
    }
  });
});
