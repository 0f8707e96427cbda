/**
 * The submission form in Chromium with JavaScript off, as some citizens' browsers run it: the browser sends
 * every file picked and writes the multipart body itself, so this is where a file name with ";" and a form
 * over a limit meet the production server for real.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";
import { createDb } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { pdfBytes } from "../integration/submit-fixtures";

const vi = dictionaryFor("vi").citizen;
const MB = 1024 * 1024;

describe.skipIf(!hasChromium())("uploads from a browser without JavaScript", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const dirs: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "no" }), launchBrowser({ javaScriptEnabled: false })]);
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function fillForm(files: string[]) {
    await page.goto(`${server.url}/submit`);
    await page.fill("#f-title", "Nhắn tin nhắc lịch hẹn trả kết quả hộ tịch");
    await page.selectOption("#f-reformArea", "digital_government");
    await page.selectOption("#f-procedureDomain", "civil_status");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Hoàn Kiếm");
    await page.fill("#f-problem", "Người dân không biết khi nào có kết quả nên phải đến hỏi nhiều lần.");
    await page.fill("#f-solution", "Gửi tin nhắn tự động khi hồ sơ có kết quả, kèm mã tra cứu.");
    await page.fill("#f-benefit", "Giảm ít nhất một lượt đi lại cho mỗi hồ sơ hộ tịch.");
    await page.fill("#f-author-fullName", "Phạm Thị Hoa");
    await page.fill("#f-author-email", "hoa.pham@example.com");
    await page.fill("#f-author-share", "100");
    await page.setInputFiles("#f-attachments", files);
    await page.check("#f-consentData");
  }

  /** Submits and returns the status of the page the browser lands on (a reset connection throws). */
  async function submit(): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/submit"),
      page.click('button[value="submit"]'),
    ]);
    await page.waitForLoadState("domcontentloaded");
    return response.status();
  }

  /** Files on disk: the browser reads them itself (handing it large buffers through the driver is slow). */
  const pdf = (name: string, size = 0) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-upload-"));
    dirs.push(dir);
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.concat([pdfBytes(name), Buffer.alloc(size)]));
    return file;
  };

  it("six small PDFs: the page comes back with the message, not a reset connection", async () => {
    await fillForm(Array.from({ length: 6 }, (_, i) => pdf(`tệp ${i + 1}.pdf`, 200 * 1024)));
    expect(await submit()).toBe(400);
    expect(await page.locator("body").textContent()).toContain(vi.validation.tooManyFiles(5));
  });

  it("a file over 10 MB among others: 413 with the message", async () => {
    await fillForm([pdf("lớn.pdf", 11 * MB), pdf("tiếp.pdf", 9 * MB), pdf("nữa.pdf", 9 * MB)]);
    expect(await submit()).toBe(413);
    expect(await page.locator("body").textContent()).toContain(vi.validation.fileTooLarge("lớn.pdf"));
  });

  it("a file named with ';' and '=' is accepted and keeps its name", async () => {
    await fillForm([pdf("Báo cáo; bản 2=cuối.pdf")]);
    expect(await submit()).toBe(302);
    await page.waitForURL(/\/submit\/received$/);
    const db = createDb(server.databaseUrl);
    try {
      const row = await db.selectFrom("attachments").select("filename").orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(row.filename).toBe("Báo cáo; bản 2=cuối.pdf");
    } finally {
      await db.destroy();
    }
  });
});
