/**
 * The privacy notice at /privacy and the links to it from the footer and from every form that collects personal
 * data, through the real Remix handler on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import { PRIVACY_NOTICE_VERSION } from "~/domain/privacy";
import { transition } from "~/models/initiative/lifecycle.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { submissionForm } from "./submit-fixtures";

// The controller comes from the environment: values no default or dictionary holds.
const CONTROLLER = {
  PRIVACY_CONTROLLER_NAME: "Văn phòng Thử nghiệm Dữ liệu Quỳnh Lâm",
  PRIVACY_CONTROLLER_ADDRESS: "số 99 phố Thử Nghiệm, phường Kiểm Tra, Hà Nội",
  PRIVACY_CONTACT_EMAIL: "dlcn-thunghiem@example.org",
  PRIVACY_CONTACT_PHONE: "024 3999 8877",
};

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  // Set before the build first reads its environment (each test file runs in its own process).
  Object.assign(process.env, CONTROLLER);
  t = await createTestDb();
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

const get = (p: string, lang: "vi" | "en" = "vi") => app.fetch(p, { headers: { Cookie: `lang=${lang}` } });
const documentOf = async (res: Response) => new JSDOM(await res.text()).window.document;

describe("/privacy", () => {
  it("names the controller from the environment, the law, the rights and the notice's version, in Vietnamese", async () => {
    const res = await get("/privacy");
    expect(res.status).toBe(200);
    const doc = await documentOf(res);
    expect(doc.documentElement.lang).toBe("vi");
    const text = doc.body.textContent!;
    for (const value of Object.values(CONTROLLER)) expect(text).toContain(value);
    expect(doc.querySelector(`a[href="mailto:${CONTROLLER.PRIVACY_CONTACT_EMAIL}"]`)).not.toBeNull();
    expect(text).toContain("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15");
    expect(text).toContain("Nghị định số 356/2025/NĐ-CP");
    expect(text).toContain(PRIVACY_NOTICE_VERSION);
    expect(text).toContain("2 ngày làm việc");
    expect(text).toMatch(/thẩm định ẩn danh/);
    expect(text).not.toMatch(/13\/2023/);
    // One h1, a heading per part, and no script: a document that works and prints without JavaScript.
    expect(doc.querySelectorAll("h1")).toHaveLength(1);
    expect(doc.querySelectorAll("main h2").length).toBeGreaterThanOrEqual(7);
    expect(doc.querySelectorAll("script")).toHaveLength(0);
  });

  it("says the same in English, the controller's Vietnamese name marked as Vietnamese", async () => {
    const res = await get("/privacy", "en");
    expect(res.status).toBe(200);
    const doc = await documentOf(res);
    expect(doc.documentElement.lang).toBe("en");
    expect(doc.querySelector("h1")!.textContent).toBe("Personal data notice");
    const text = doc.body.textContent!;
    expect(text).toContain("Personal Data Protection Law No. 91/2025/QH15");
    expect(text).toContain("Decree No. 356/2025/NĐ-CP");
    expect(text).toContain(`Notice version: ${PRIVACY_NOTICE_VERSION}`);
    expect(text).toContain("within 2 working days");
    const name = [...doc.querySelectorAll("dd")].find((d) => d.textContent === CONTROLLER.PRIVACY_CONTROLLER_NAME);
    expect(name?.getAttribute("lang")).toBe("vi");
  });
});

describe("links to the notice", () => {
  it("are in the footer of public pages, next to the law in force", async () => {
    for (const [path, lang] of [
      ["/", "vi"],
      ["/initiatives", "en"],
    ] as const) {
      const doc = await documentOf(await get(path, lang));
      const footer = doc.querySelector("footer")!;
      expect(footer.querySelector('a[href="/privacy"]')).not.toBeNull();
      expect(footer.textContent).toContain("91/2025/QH15");
      expect(footer.textContent).not.toContain("13/2023");
    }
  });

  it("are in the submission form's consent, whose boxes are never ticked in advance", async () => {
    const doc = await documentOf(await get("/submit"));
    const consent = doc.querySelector('input[name="consentData"]') as HTMLInputElement;
    expect(consent.checked).toBe(false);
    expect((doc.querySelector('input[name="consentPublishName"]') as HTMLInputElement).checked).toBe(false);
    const fieldset = consent.closest("fieldset")!;
    expect(fieldset.querySelector('a[href="/privacy"]')).not.toBeNull();
    expect(fieldset.textContent).toContain("Nghị định 356/2025/NĐ-CP");
    // The hint, with its link, is what the box's description reads out.
    const hint = doc.getElementById(consent.getAttribute("aria-describedby")!.split(" ")[0])!;
    expect(hint.querySelector('a[href="/privacy"]')).not.toBeNull();
  });

  it("include the sitemap, so the notice is found", async () => {
    expect(await (await app.fetch("/sitemap.xml")).text()).toContain("/privacy</loc>");
  });

  it("are in the tracking page's reply form", async () => {
    const res = await app.fetch("/submit", { method: "POST", body: submissionForm({}), redirect: "manual" });
    expect(res.status).toBe(302);
    const row = await t.db.selectFrom("initiatives").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    await transition(t.db, { initiativeId: row.id, to: "screening", actor: "secretary" });
    await transition(t.db, { initiativeId: row.id, to: "needs_info", actor: "secretary", message: "Đề nghị bổ sung số liệu." });
    const doc = await documentOf(await app.fetch(`/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`));
    const reply = doc.querySelector('button[value="reply"]')!.closest("form")!;
    expect(reply.querySelector('a[href="/privacy"]')).not.toBeNull();
  });
});
