/**
 * Similar initiatives on /submit in Chromium (issue 16), one browser: typing a published title shows it in the
 * polite live region after the title, and typing its problem moves the list after the problem field (with
 * JavaScript); the problem's "check for similar initiatives" button without JavaScript brings the form back filled,
 * with the list after the problem field, on a 360 px screen.
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
  let published: { slug: string; title: string; problem: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    db = createDb(server.databaseUrl);
    published = await db.selectFrom("publications").select(["slug", "title", "problem"]).orderBy("initiative_id").executeTakeFirstOrThrow();
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
    const link = page.locator(`#similar-title [role="status"] a[href="/initiatives/${published.slug}"]`);
    await link.waitFor({ timeout: 10_000 });
    await expect(link.locator("mark").count()).resolves.toBeGreaterThan(0);
    // every link in the list is a published page
    for (const href of await page.locator(".similar-initiatives a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))))
      expect(href).toMatch(/^\/initiatives\/[a-z0-9-]+$/);
    // the live region is polite, and the link is reachable from the keyboard
    await expect(page.locator("#similar-title [role=status]").getAttribute("aria-live")).resolves.toBe("polite");
    await link.focus();
    await expect(link.evaluate((a) => a === document.activeElement)).resolves.toBe(true);

    // Typing the problem moves the list after the problem field (one list, where the person is writing), weighing it.
    await page.locator("#f-problem").fill(published.problem);
    const below = page.locator(`#similar-problem [role="status"][aria-live="polite"] a[href="/initiatives/${published.slug}"]`);
    await below.waitFor({ timeout: 10_000 });
    await expect(page.locator("#similar-title a").count()).resolves.toBe(0);
    // labelled, and next in the keyboard's order after the problem field
    await expect(page.locator("#similar-problem ul").getAttribute("aria-labelledby")).resolves.toBe("similar-problem-title");
    await page.locator("#f-problem").focus();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.querySelector("#similar-problem ul")!.contains(document.activeElement))).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("without JavaScript, the problem's check button returns the form filled, with the list after the problem", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(`${server.url}/submit`);
    const problem = published.problem;
    await page.fill("#f-title", published.title);
    await page.fill("#f-problem", problem);
    await page.fill("#f-author-fullName", "Ngô Thị Hạnh");
    await Promise.all([
      page.waitForLoadState("load"),
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.click('#similar-problem button[value="check-similar"]'),
    ]);
    await page.locator(`#similar-problem a[href="/initiatives/${published.slug}"]`).waitFor({ timeout: 10_000 });
    await expect(page.locator("#similar-title a").count()).resolves.toBe(0);
    // no wider than a phone
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await expect(page.inputValue("#f-title")).resolves.toBe(published.title);
    await expect(page.inputValue("#f-problem")).resolves.toBe(problem);
    await expect(page.inputValue("#f-author-fullName")).resolves.toBe("Ngô Thị Hạnh");
    // the page opens at the list
    expect(page.url()).toMatch(/\/submit\?similar=problem#similar-problem$/);
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
