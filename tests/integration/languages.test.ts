/**
 * The language of a page: `?lang=` wins over the cookie and is remembered, Vietnamese user content inside an English
 * page says it is Vietnamese (so a screen reader switches voice), and the 404 page has a title and ways onward.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { publishFixture } from "./public-fixtures";
import { trackingToken } from "~/utils/tokens.server";

const TITLE = "Cải cách tổ chức bộ máy hành chính nhà nước";
let t: TestDb;
let app: TestApp;
let item = { slug: "", certificateNumber: "", code: "" };

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  item = await publishFixture(t.db, { title: TITLE, authorName: "Nguyễn Thị Phương Thảo", consentPublishName: true });
});
afterAll(() => t.cleanup());

const doc = async (res: Response) => new JSDOM(await res.text()).window.document;

/** The language in force on the first element holding exactly this text. */
function langOf(document: Document, text: string, within = "*"): string | null {
  const holds = (e: Element) => e.textContent?.trim() === text;
  // the innermost element holding it: a <dd> around a link to the title is not the title's own element
  const el = [...document.body.querySelectorAll(within)].find((e) => holds(e) && ![...e.children].some(holds));
  expect(el, `an element holding "${text}"`).toBeDefined();
  return el!.closest("[lang]")?.getAttribute("lang") ?? null;
}

describe("?lang= in the address", () => {
  it("answers in English over a Vietnamese cookie and remembers the choice in the cookie", async () => {
    const res = await app.fetch("/initiatives?lang=en", { headers: { Cookie: "lang=vi" } });
    expect(res.status).toBe(200);
    const document = await doc(res);
    expect(document.documentElement.getAttribute("lang")).toBe("en");
    expect(document.title).toMatch(/Initiatives|initiatives/);
    expect(res.headers.getSetCookie().some((c) => /^lang=en;/.test(c))).toBe(true);
  });

  it("answers in Vietnamese with ?lang=vi over an English cookie; an unknown value changes nothing", async () => {
    const vi = await app.fetch("/track?lang=vi", { headers: { Cookie: "lang=en" } });
    expect((await doc(vi)).documentElement.getAttribute("lang")).toBe("vi");
    expect(vi.headers.getSetCookie().some((c) => /^lang=vi;/.test(c))).toBe(true);
    const odd = await app.fetch("/track?lang=fr", { headers: { Cookie: "lang=en" } });
    expect((await doc(odd)).documentElement.getAttribute("lang")).toBe("en");
    expect(odd.headers.getSetCookie().some((c) => c.startsWith("lang="))).toBe(false);
  });

  it("the language switch sends the reader back without the old ?lang=, so the new choice holds", async () => {
    const document = await doc(await app.fetch(`/initiatives/${item.slug}?lang=en`));
    const back = document.querySelector<HTMLInputElement>('form.lang-switch input[name="redirectTo"]')!.value;
    expect(back).toBe(`/initiatives/${item.slug}`);
  });
});

describe('Vietnamese content in an English page has lang="vi"', () => {
  it("on the detail page, the list, the certificate and its print page", async () => {
    const detail = await doc(await app.fetch(`/initiatives/${item.slug}?lang=en`));
    expect(langOf(detail, TITLE)).toBe("vi");
    expect(langOf(detail, "Người dân phải đi lại nhiều lần để nộp giấy tờ.")).toBe("vi");
    const list = await doc(await app.fetch(`/initiatives?lang=en&q=${encodeURIComponent(TITLE)}`));
    expect(langOf(list, TITLE, ".card-title *")).toBe("vi");
    const cert = await doc(await app.fetch(`/certificates/${item.certificateNumber}?lang=en`));
    expect(langOf(cert, TITLE)).toBe("vi");
    const print = await doc(await app.fetch(`/certificates/${item.certificateNumber}/print?lang=en`));
    expect(langOf(print, TITLE)).toBe("vi");
  });

  it("on the private tracking page", async () => {
    const row = await t.db
      .selectFrom("initiatives")
      .select(["code", "link_version"])
      .where("code", "=", item.code)
      .executeTakeFirstOrThrow();
    const res = await app.fetch(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}&lang=en`);
    expect(res.status).toBe(200);
    expect(langOf(await doc(res), TITLE)).toBe("vi");
  });
});

describe("the 404 page", () => {
  for (const lang of ["vi", "en"] as const) {
    it(`has a title and links to search, tracking and home (${lang})`, async () => {
      const res = await app.fetch(`/khong-co-trang-nay?lang=${lang}`);
      expect(res.status).toBe(404);
      const document = await doc(res);
      expect(document.documentElement.getAttribute("lang")).toBe(lang);
      expect(document.head.querySelector("title")?.textContent).toBe(
        lang === "vi" ? "Không tìm thấy trang · Sáng kiến CCHC" : "Page not found · Sáng kiến CCHC",
      );
      const links = [...document.querySelectorAll("main a")].map((a) => a.getAttribute("href"));
      expect(links).toEqual(expect.arrayContaining(["/initiatives", "/track", "/"]));
    });
  }
});

describe("statistics in English", () => {
  it("marks the wards' and agencies' own names as Vietnamese", async () => {
    const document = await doc(await app.fetch("/statistics?lang=en"));
    const names = [...document.querySelectorAll("#by-place-heading ~ .chart-pair th[scope=row]")];
    expect(names.length).toBeGreaterThan(0);
    const own = names.filter((th) => th.textContent !== "City-wide");
    expect(own.length).toBeGreaterThan(0);
    for (const th of own) expect(th.getAttribute("lang"), th.textContent!).toBe("vi");
  });
});

describe("staff pages", () => {
  it("name the page in the reader's language", async () => {
    const en = await doc(await app.fetch("/staff/login?lang=en"));
    expect(en.title).toBe("Staff sign-in — Sáng kiến CCHC");
    const vi = await doc(await app.fetch("/staff/login?lang=vi"));
    expect(vi.title).toBe("Đăng nhập dành cho cán bộ — Sáng kiến CCHC");
  });
});
