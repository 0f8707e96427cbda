/**
 * Consents in Chromium with JavaScript, against the production build and server: the submission form never
 * shows a consent ticked (nor on a co-author row added by the script), and a submitter withdraws the name consent
 * from the private tracking page, after which the public page names the anonymous author.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { trackingToken } from "~/utils/tokens.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { publishFixture } from "../integration/public-fixtures";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!hasChromium())("consents in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    db = createDb(server.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  const tickedConsents = (p: Page) =>
    p.$$eval('input[type="checkbox"]', (boxes) =>
      (boxes as HTMLInputElement[]).filter((b) => /consent/i.test(b.name) && b.checked).map((b) => b.name),
    );

  it("never shows a consent ticked, on the fresh form or on a co-author row the script adds", async () => {
    await page.goto(`${server.url}/submit`);
    await page.waitForLoadState("networkidle");
    const names = await page.$$eval('input[type="checkbox"]', (b) => (b as HTMLInputElement[]).map((x) => x.name));
    expect(names).toEqual(expect.arrayContaining(["consentData", "consentPublishName", "coAuthors.0.consentPublishName"]));
    expect(await tickedConsents(page)).toEqual([]);

    // With JavaScript the row is added in place, focused, with no round trip.
    const url = page.url();
    await page.click('button[value="add-coauthor"]');
    await page.waitForSelector("#f-coAuthors-1-consentPublishName");
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-coAuthors-1-fullName");
    expect(await tickedConsents(page)).toEqual([]);
    // The co-author's consent is a labelled checkbox of its own.
    await page.getByLabel("Đồng tác giả 2 đồng ý công bố tên nếu sáng kiến được công nhận.").check();
    expect(await tickedConsents(page)).toEqual(["coAuthors.1.consentPublishName"]);
    expect(pageErrors).toEqual([]);
  });

  it("withdraws the author's name consent from the private page, and the public page names the anonymous author", async () => {
    const author = "Âu Dương Rút Tên";
    const coAuthor = "Ông Thị Vẫn Công Bố";
    const published = await publishFixture(db!, {
      title: "Tra cứu tiến độ hồ sơ đất đai qua Zalo",
      authorName: author,
      consentPublishName: true,
      coAuthors: [{ fullName: coAuthor, share: 30, consentPublishName: true }],
    });
    const row = await db!
      .selectFrom("initiatives")
      .select(["code", "link_version"])
      .where("id", "=", published.id)
      .executeTakeFirstOrThrow();
    const link = `/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`;

    await page.goto(`${server.url}/initiatives/${published.slug}`);
    expect(await page.locator("main").textContent()).toContain(author);

    await page.goto(`${server.url}${link}`);
    await page.waitForLoadState("networkidle");
    const section = page.locator("#consents");
    await expect(section.locator("h2").textContent()).resolves.toBe("Đồng ý về dữ liệu cá nhân");
    await section.getByRole("link", { name: `Rút đồng ý công bố tên của ${author}` }).click();

    await page.waitForURL(/\/consents\?/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Rút đồng ý công bố tên?");
    expect(await page.locator("main").textContent()).toContain(author);
    await page.click('button[value="withdraw"]');

    await page.waitForURL((u) => u.pathname === `/track/${row.code}` && u.hash === "#consents");
    await expect(page.locator("#consents [role=status]").textContent()).resolves.toContain(author);
    expect(await page.locator(".timeline").textContent()).toContain("Đã rút đồng ý công bố tên");
    // The co-author's consent still stands, with its own link.
    await expect(section.getByRole("link", { name: `Rút đồng ý công bố tên của ${coAuthor}` }).count()).resolves.toBe(1);
    await expect(section.getByRole("link", { name: `Rút đồng ý công bố tên của ${author}` }).count()).resolves.toBe(0);

    // The browser saw this public page a minute ago and may show it from its cache (max-age=60, decision 004);
    // a reload asks the server, whose answer no longer names the author.
    await page.goto(`${server.url}/initiatives/${published.slug}`);
    await page.reload();
    const main = (await page.locator("main").textContent())!;
    expect(main).not.toContain(author);
    expect(main).toContain("Tác giả ẩn danh");
    expect(main).toContain(coAuthor);
    expect(pageErrors).toEqual([]);
  });
});
