/**
 * Similar initiatives on /submit in Chromium (issue 16), one browser: typing a published title shows it in the
 * polite live region (with JavaScript), and the "check for similar initiatives" button without JavaScript brings
 * the form back filled, with the list.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!hasChromium())("similar initiatives on /submit in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let db: DB;
  let published: { slug: string; title: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    db = createDb(server.databaseUrl);
    published = await db.selectFrom("publications").select(["slug", "title"]).orderBy("initiative_id").executeTakeFirstOrThrow();
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("lists a published initiative while the title is typed", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/submit`);
    await page.locator("#f-title").pressSequentially(published.title.slice(0, 40));
    await page.locator("#f-title").fill(published.title);
    const link = page.locator(`.similar-initiatives [role="status"] a[href="/initiatives/${published.slug}"]`);
    await link.waitFor({ timeout: 10_000 });
    await expect(link.locator("mark").count()).resolves.toBeGreaterThan(0);
    // every link in the list is a published page
    for (const href of await page.locator(".similar-initiatives a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))))
      expect(href).toMatch(/^\/initiatives\/[a-z0-9-]+$/);
    // the live region is polite, and the link is reachable from the keyboard
    await expect(page.locator(".similar-initiatives [role=status]").getAttribute("aria-live")).resolves.toBe("polite");
    await link.focus();
    await expect(link.evaluate((a) => a === document.activeElement)).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("without JavaScript, the check button returns the form filled, with the list", async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(`${server.url}/submit`);
    const problem = "Người dân phải đi lại nhiều lần để nhận kết quả.";
    await page.fill("#f-title", published.title);
    await page.fill("#f-problem", problem);
    await page.fill("#f-author-fullName", "Ngô Thị Hạnh");
    await Promise.all([
      page.waitForLoadState("load"),
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.click('button[value="check-similar"]'),
    ]);
    await page.locator(`.similar-initiatives a[href="/initiatives/${published.slug}"]`).waitFor({ timeout: 10_000 });
    await expect(page.inputValue("#f-title")).resolves.toBe(published.title);
    await expect(page.inputValue("#f-problem")).resolves.toBe(problem);
    await expect(page.inputValue("#f-author-fullName")).resolves.toBe("Ngô Thị Hạnh");
    expect(page.url()).toMatch(/\/submit$/);
    const count = await db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const demo = await db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("submit_key", "like", "demo-%")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(Number(demo.n));
    await page.close();
  });
});
