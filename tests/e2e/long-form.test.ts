/**
 * The long submission form in Chromium: the counters follow the typing, a draft survives a reload and is
 * announced, a successful submission clears it, the error summary follows the page's order, and the page's
 * script fetches only the reader's language of the dictionaries.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

const vi = dictionaryFor("vi").citizen;

describe.skipIf(!hasChromium())("the long form in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];
  const scripts: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "no" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("request", (r) => {
      if (r.url().endsWith(".js")) scripts.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  const counter = (id: string) => page.locator(`#f-${id}-count`).textContent();

  it("counts as one types, keeps a draft over a reload, and clears it once sent", async () => {
    await page.goto(`${server.url}/submit`);
    // The count replaces the limit once the page's script runs.
    await expect.poll(() => counter("problem")).toBe(vi.longForm.count(0, 10_000));
    expect(scripts.some((u) => /citizen\.vi-/.test(u))).toBe(true);
    expect(scripts.some((u) => /\.en-[A-Z0-9]+\.js$/.test(u))).toBe(false);

    const problem = "Người dân phải đến nhiều lần để hỏi kết quả hồ sơ hộ tịch.";
    await page.fill("#f-title", "Nhắn tin báo kết quả hộ tịch");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Hoàn Kiếm");
    await page.locator("#f-problem").pressSequentially(problem.slice(0, 10));
    await page.fill("#f-problem", problem);
    await page.fill("#f-solution", "Gửi tin nhắn tự động khi hồ sơ có kết quả.");
    await page.fill("#f-author-fullName", "Phạm Thị Hoa");
    await expect.poll(() => counter("problem")).toBe(vi.longForm.count([...problem].length, 10_000));
    // The hidden polite region speaks once the typing pauses.
    await expect
      .poll(() => page.locator("#f-problem-count + .visually-hidden").textContent(), { timeout: 5000 })
      .toBe(vi.longForm.count([...problem].length, 10_000));
    // The draft is written shortly after the last key.
    await expect.poll(() => page.evaluate(() => localStorage.getItem("sk-submission-draft")), { timeout: 5000 }).toContain("hộ tịch");

    // Leaving with unsent text asks first (the dialog is dismissed: the page stays).
    let asked = 0;
    page.once("dialog", (d) => {
      asked++;
      void d.dismiss();
    });
    await page.reload({ timeout: 3000 }).catch(() => {});
    // Chromium asks only after a user gesture on the page, which the typing was.
    expect(asked).toBe(1);
    page.once("dialog", (d) => void d.accept());
    await page.reload();

    await expect.poll(() => page.locator(".draft-notice").textContent()).toContain(vi.longForm.draftRestored("").slice(0, 30));
    expect(await page.locator(".draft-status").getAttribute("role")).toBe("status");
    expect(await page.inputValue("#f-title")).toBe("Nhắn tin báo kết quả hộ tịch");
    expect(await page.inputValue("#f-problem")).toBe(problem);
    expect(await page.inputValue("#f-scope-unitName")).toBe("Phường Hoàn Kiếm");
    expect(await page.isChecked("#f-scope-type-unit")).toBe(true);
    expect(await page.locator("#f-scope-unitName").isVisible()).toBe(true);
    // Personal details are never kept in the browser.
    expect(await page.inputValue("#f-author-fullName")).toBe("");
    expect(await page.evaluate(() => localStorage.getItem("sk-submission-draft"))).not.toContain("Phạm");
    await expect.poll(() => counter("problem")).toBe(vi.longForm.count([...problem].length, 10_000));

    // Finish and send: the draft goes, and the confirmation page opens without a question.
    await page.selectOption("#f-reformArea", "digital_government");
    await page.fill("#f-benefit", "Giảm ít nhất một lượt đi lại cho mỗi hồ sơ hộ tịch.");
    await page.fill("#f-author-fullName", "Phạm Thị Hoa");
    await page.fill("#f-author-email", "hoa.pham@example.com");
    await page.check("#f-consentData");
    let askedOnSend = 0;
    const onSend = (d: { accept: () => Promise<void> }) => {
      askedOnSend++;
      void d.accept();
    };
    page.on("dialog", onSend);
    await page.click('button[value="submit"]');
    await page.waitForURL(/\/submit\/received$/);
    page.off("dialog", onSend);
    expect(askedOnSend).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("sk-submission-draft"))).toBeNull();
    await page.goto(`${server.url}/submit`);
    await expect.poll(() => counter("problem")).toBe(vi.longForm.count(0, 10_000));
    expect(await page.locator(".draft-notice").count()).toBe(0);
    expect(await page.inputValue("#f-problem")).toBe("");
  });

  it("discards a restored draft on request", async () => {
    await page.goto(`${server.url}/submit`);
    await expect.poll(() => counter("benefit")).toBe(vi.longForm.count(0, 10_000));
    await page.fill("#f-benefit", "Một bản nháp sẽ bị bỏ đi ngay sau khi khôi phục.");
    await expect.poll(() => page.evaluate(() => localStorage.getItem("sk-submission-draft")), { timeout: 5000 }).toContain("bản nháp");
    page.once("dialog", (d) => void d.accept());
    await page.reload();
    await page.getByRole("button", { name: vi.longForm.discardDraft }).click();
    await expect.poll(async () => (await page.locator(".draft-status").textContent())?.trim()).toBe(vi.longForm.draftDiscarded);
    expect(await page.inputValue("#f-benefit")).toBe("");
    expect(await page.evaluate(() => localStorage.getItem("sk-submission-draft"))).toBeNull();
  });

  it("lists the errors in the order of the page", async () => {
    await page.goto(`${server.url}/submit`);
    await expect.poll(() => counter("problem")).toBe(vi.longForm.count(0, 10_000));
    await page.fill("#f-author-email", "không phải email");
    await page.fill("#f-problem", "ngắn");
    await page.click('button[value="submit"]');
    await page.locator(".error-summary").waitFor();
    const linked = await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!.slice(1)));
    const onPage = await page.evaluate(
      (ids) => ids.slice().sort((a, b) => (document.getElementById(a)!.compareDocumentPosition(document.getElementById(b)!) & 4 ? -1 : 1)),
      linked,
    );
    expect(linked.length).toBeGreaterThanOrEqual(6);
    expect(linked).toEqual(onPage);
    expect(linked.indexOf("f-problem")).toBeLessThan(linked.indexOf("f-author-email"));
    expect(pageErrors).toEqual([]);
  });
});
