/**
 * The site as an official service (Nghị định 42/2022/NĐ-CP): the issuing authority in the header; the managing body,
 * its address, phone, email and the person responsible in the footer, from the configuration; the help page with the
 * criteria and rubric from the database; the accessibility statement; the licence of the open data from the
 * configuration. Through the real Remix handler on a real SQLite file.
 */
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRubricVersion, getCurrentRubric } from "~/models/review/rubric.server";
import { createTestDb, type TestDb } from "../setup/db";
import { BASE, createTestApp, type TestApp } from "../setup/app";

// Values that no default or dictionary holds, so a page can only show them by reading the configuration.
const CONFIG = {
  SERVICE_AUTHORITY: "Ủy ban nhân dân Thành phố Thử Nghiệm",
  PRIVACY_CONTROLLER_NAME: "Sở Thử Nghiệm Quỳnh Lâm",
  PRIVACY_CONTROLLER_ADDRESS: "số 7 phố Kiểm Tra, phường Thử Nghiệm, Hà Nội",
  SERVICE_CONTACT_EMAIL: "hotro-thunghiem@example.org",
  SERVICE_CONTACT_PHONE: "024 3777 6655",
  SERVICE_RESPONSIBLE_PERSON: "Bà Lê Thị Thử Nghiệm, Phó Giám đốc Sở",
  OPEN_DATA_LICENCE_NAME: "Giấy phép Dữ liệu Mở Thử Nghiệm 1.0",
  OPEN_DATA_LICENCE_URL: "https://example.org/giay-phep-thu-nghiem",
};

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  // Set before the build first reads its environment (each test file runs in its own process).
  Object.assign(process.env, CONFIG);
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

const get = (p: string, lang: "vi" | "en" = "vi") => app.fetch(`${p}${p.includes("?") ? "&" : "?"}lang=${lang}`);
const documentOf = async (p: string, lang: "vi" | "en" = "vi") => {
  const res = await get(p, lang);
  expect(res.status, p).toBe(200);
  return new JSDOM(await res.text()).window.document;
};
const text = (el: Element | null | undefined) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();

const PAGES = ["/", "/initiatives", "/submit", "/track", "/open-data", "/privacy", "/help", "/accessibility", "/statistics"];

describe("the header and footer of an official service", () => {
  it.each(["vi", "en"] as const)("name the authority, the managing body and its contacts on every public page (%s)", async (lang) => {
    for (const p of PAGES) {
      const doc = await documentOf(p, lang);
      const header = doc.querySelector("header.site-header")!;
      expect(text(header.querySelector(".issuer")), p).toBe(CONFIG.SERVICE_AUTHORITY);
      const footer = doc.querySelector("footer.site-footer")!;
      const all = text(footer);
      for (const v of [CONFIG.PRIVACY_CONTROLLER_NAME, CONFIG.PRIVACY_CONTROLLER_ADDRESS, CONFIG.SERVICE_RESPONSIBLE_PERSON]) {
        expect(all, `${p}: ${v}`).toContain(v);
      }
      expect(footer.querySelector(`a[href="mailto:${CONFIG.SERVICE_CONTACT_EMAIL}"]`), p).not.toBeNull();
      expect(text(footer.querySelector('a[href="tel:02437776655"]')), p).toBe(CONFIG.SERVICE_CONTACT_PHONE);
      for (const href of ["/help", "/accessibility", "/privacy", "/open-data"]) {
        expect(footer.querySelector(`a[href="${href}"]`), `${p} → ${href}`).not.toBeNull();
      }
      // The labels are in the page's language; the body's Vietnamese names are marked as Vietnamese in English.
      expect(all, p).toContain(lang === "vi" ? "Người chịu trách nhiệm" : "Person responsible");
      expect(all, p).toContain(lang === "vi" ? "Cơ quan quản lý" : "Managing body");
      const body = [...footer.querySelectorAll("dd")].find((d) => text(d) === CONFIG.PRIVACY_CONTROLLER_NAME)!;
      expect(body.getAttribute("lang"), p).toBe(lang === "vi" ? null : "vi");
      expect(header.querySelector(".issuer")!.getAttribute("lang"), p).toBe(lang === "vi" ? null : "vi");
    }
  });
});

describe("/help", () => {
  it("explains submission and review with the current rubric from the database, in Vietnamese", async () => {
    const before = await getCurrentRubric(t.db);
    // A new rubric version with a label no dictionary holds: the page must show the database's.
    await createRubricVersion(t.db, {
      actorUserId: null,
      criteria: [
        ...before.criteria.map((c) => ({ ...c, id: undefined })),
        { key: "inclusion", label_vi: "Tính bao trùm (thử nghiệm)", label_en: "Inclusion (trial)", weight: 7, scale_min: 0, scale_max: 5 },
      ].map(({ key, label_vi, label_en, weight, scale_min, scale_max }) => ({ key, label_vi, label_en, weight, scale_min, scale_max })),
    });
    const rubric = await getCurrentRubric(t.db);
    const doc = await documentOf("/help");
    expect(text(doc.querySelector("h1"))).toBe("Hướng dẫn và câu hỏi thường gặp");
    expect(doc.title).toContain("Hướng dẫn");
    const rows = [...doc.querySelectorAll("#rubric tbody tr")].map((tr) => [...tr.children].map(text));
    expect(rows).toEqual(rubric.criteria.map((c) => [c.label_vi, String(c.weight), `${c.scale_min}–${c.scale_max}`]));
    expect(rows.at(-1)).toEqual(["Tính bao trùm (thử nghiệm)", "7", "0–5"]);
    const all = text(doc.body);
    // the steps, the deadlines and the commendations
    expect(all).toContain("3 tháng");
    expect(all).toContain("mã hồ sơ");
    expect(all).toContain("2/3");
    expect(all).toContain("Bằng khen của Chủ tịch UBND Thành phố");
    expect(doc.querySelector('a[href="/submit"]')).not.toBeNull();
    expect(doc.querySelector('a[href="/track"]')).not.toBeNull();
    expect(doc.querySelectorAll("#faq details, #faq dt").length).toBeGreaterThanOrEqual(5);
    expect(doc.querySelector(`main a[href="mailto:${CONFIG.SERVICE_CONTACT_EMAIL}"]`)).not.toBeNull();
  });

  it("is in English with the English labels", async () => {
    const doc = await documentOf("/help", "en");
    expect(doc.documentElement.lang).toBe("en");
    expect(text(doc.querySelector("h1"))).toBe("Help and frequently asked questions");
    const labels = [...doc.querySelectorAll("#rubric tbody tr th")].map(text);
    expect(labels).toContain("Inclusion (trial)");
    expect(text(doc.body)).toContain("3 months");
  });
});

describe("/accessibility", () => {
  it.each(["vi", "en"] as const)("states the target, the known limits and how to report a problem (%s)", async (lang) => {
    const doc = await documentOf("/accessibility", lang);
    const all = text(doc.body);
    expect(all).toContain("WCAG 2.2");
    expect(all).toContain("AA");
    expect(text(doc.querySelector("h1"))).toBe(lang === "vi" ? "Tuyên bố về khả năng tiếp cận" : "Accessibility statement");
    expect(doc.querySelector("#limits li")).not.toBeNull();
    expect(doc.querySelector(`#report a[href="mailto:${CONFIG.SERVICE_CONTACT_EMAIL}"]`)).not.toBeNull();
    expect(doc.querySelector('a[href="https://www.w3.org/TR/WCAG22/"]')).not.toBeNull();
  });
});

describe("light pages", () => {
  it("are in the sitemap", async () => {
    const xml = await (await app.fetch("/sitemap.xml")).text();
    for (const p of ["/help", "/accessibility", "/privacy"]) expect(xml).toContain(`${BASE}${p}</loc>`);
  });

  it("ship no JavaScript on /help and /accessibility", async () => {
    for (const p of ["/help", "/accessibility"]) {
      const html = await (await get(p)).text();
      expect(html, p).not.toMatch(/<script/);
      expect(html, p).not.toMatch(/rel="modulepreload"/);
    }
  });
});

describe("the configured open-data licence", () => {
  it("is the one /open-data, the JSON and the files' Link header name", async () => {
    const doc = await documentOf("/open-data");
    expect(text(doc.querySelector(`a[rel="license"][href="${CONFIG.OPEN_DATA_LICENCE_URL}"]`))).toBe(CONFIG.OPEN_DATA_LICENCE_NAME);
    const res = await app.fetch("/open-data/initiatives.json");
    expect(res.headers.get("Link")).toBe(`<${CONFIG.OPEN_DATA_LICENCE_URL}>; rel="license"`);
    const body = (await res.json()) as { licence: { name: string; url: string }; publisher: string };
    expect(body.licence).toEqual({ name: CONFIG.OPEN_DATA_LICENCE_NAME, url: CONFIG.OPEN_DATA_LICENCE_URL });
    expect(body.publisher).toBe(CONFIG.PRIVACY_CONTROLLER_NAME);
  });
});
