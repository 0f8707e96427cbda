/**
 * A campaign from creation to its public page, in Chromium against the production server
 * (docs/decisions/038-campaigns-and-adoptions.md): the administrator creates it opening today (Hà Nội time); the home
 * page shows it open; a citizen follows its link, sees which campaign the form answers and gets the receipt; the
 * campaign page counts the submission. Its close date then moves to the past by a direct database write, which the
 * page cache must see (the triggers of migration 0025 bump the public version), and the demo's closed campaign lists
 * its recognised, published initiatives, each opening its public page.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

const SLUG = "thu-tuc-ho-tich-tren-may";
const TITLE = "Thủ tục hộ tịch trên điện thoại";

describe.skipIf(!hasChromium())("a campaign in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    db = createDb(server.databaseUrl);
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  const figure = (label: string) => page.locator(".figures div", { has: page.locator("dt", { hasText: label }) }).locator("dd");

  it("is created, taken submissions, closed, and lists the recognised initiatives of a closed campaign", async () => {
    const today = hanoiDate();

    // 1. The administrator signs in by the form and creates the campaign, open from today.
    await page.goto(`${server.url}/staff/login`);
    await page.fill("#email", "admin@example.org");
    await page.fill("#password", "demo-password");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/staff/login")), page.click("button.primary")]);
    await page.goto(`${server.url}/staff/admin/campaigns`);
    await page.fill("#f-title", TITLE);
    await page.fill("#f-slug", SLUG);
    await page.fill("#f-description", "Đợt phát động sáng kiến đưa các thủ tục hộ tịch lên điện thoại cho người dân phường, xã.");
    await page.fill("#f-opensOn", today);
    await page.fill("#f-closesOn", addDaysTo(today, 14));
    await Promise.all([page.waitForURL(/done=/), page.getByRole("button", { name: "Tạo đợt phát động" }).click()]);
    const notice = page.locator(".notice.ok");
    await expect(notice.textContent()).resolves.toContain("Đã tạo đợt phát động.");
    await expect(notice.locator("a").getAttribute("href")).resolves.toBe(`/campaigns/${SLUG}`);
    await expect(page.locator(`tr[data-campaign="${SLUG}"]`).textContent()).resolves.toContain("Đang nhận sáng kiến");

    // 2. The home page shows it open; a citizen follows its link to the form, which says which campaign it answers.
    await browser.context.clearCookies();
    await page.goto(`${server.url}/`);
    const card = page.locator(`.campaign-card[data-campaign="${SLUG}"]`);
    await expect(card.locator(".badge").textContent()).resolves.toBe("Đang nhận sáng kiến");
    await Promise.all([page.waitForURL(/\/submit\?campaign=/), card.getByRole("link", { name: "Gửi sáng kiến cho đợt này" }).click()]);
    expect(new URL(page.url()).search).toBe(`?campaign=${SLUG}`);
    await expect(page.locator(".campaign-banner").textContent()).resolves.toBe(`Bạn đang gửi sáng kiến cho đợt phát động: ${TITLE}`);
    await page.fill("#f-title", "Đăng ký khai sinh trên điện thoại tại phường");
    await page.selectOption("#f-reformArea", "procedures");
    await page.selectOption("#f-procedureDomain", "civil_status");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Ba Đình");
    await page.fill("#f-problem", "Cha mẹ phải đến phường hai lần để đăng ký khai sinh cho con.");
    await page.fill("#f-solution", "Một biểu mẫu trên điện thoại, kết quả gửi về ứng dụng của công dân.");
    await page.fill("#f-benefit", "Bớt hai lượt đi lại cho mỗi lần đăng ký.");
    await page.fill("#f-author-fullName", "Phan Thị Hộ Tịch");
    await page.fill("#f-author-email", "ho.tich@example.net");
    await page.check("#f-consentData");
    await Promise.all([page.waitForURL(/\/submit\/received$/), page.click('button[value="submit"]')]);
    const code = (await page.locator('[data-testid="tracking-code"]').textContent())!.trim();
    expect(code).toMatch(/^SK-\d{4}-\d{6}$/);
    const entry = await db
      .selectFrom("campaign_entries as ce")
      .innerJoin("campaigns as c", "c.id", "ce.campaign_id")
      .innerJoin("initiatives as i", "i.id", "ce.initiative_id")
      .select("c.slug")
      .where("i.code", "=", code)
      .executeTakeFirst();
    expect(entry?.slug).toBe(SLUG);

    // 3. The campaign page counts it; the recognised ones wait for the close.
    await page.goto(`${server.url}/campaigns/${SLUG}`);
    await expect(page.locator("article").getAttribute("data-campaign-state")).resolves.toBe("open");
    await expect(figure("Sáng kiến đã gửi").textContent()).resolves.toBe("1");
    await expect(figure("Được công nhận").textContent()).resolves.toBe("0");
    await expect(page.getByText("Danh sách sáng kiến được công nhận hiện ở đây sau khi đợt kết thúc.").count()).resolves.toBe(1);

    // 4. Closed by a direct write (opening earlier too: a campaign opens on or before it closes), nothing else
    // touched: a revalidating reload must get the closed page, not the one the server cached a moment ago.
    await db
      .updateTable("campaigns")
      .set({ opens_on: addDaysTo(today, -20), closes_on: addDaysTo(today, -1) })
      .where("slug", "=", SLUG)
      .execute();
    await page.reload();
    await expect(page.locator("article").getAttribute("data-campaign-state")).resolves.toBe("closed");
    await expect(page.locator(".meta .badge").textContent()).resolves.toBe("Đã kết thúc");
    await expect(figure("Sáng kiến đã gửi").textContent()).resolves.toBe("1");
    await expect(page.getByText("Chưa có sáng kiến nào của đợt này được công nhận và công bố.").count()).resolves.toBe(1);
    await expect(page.locator('a[href="/submit?campaign=' + SLUG + '"]').count()).resolves.toBe(0);

    // 5. The demo's closed campaign lists its recognised, published initiatives; one opens its public page.
    await page.goto(`${server.url}/campaigns/mot-cua-lien-thong-2026`);
    await expect(page.locator("article").getAttribute("data-campaign-state")).resolves.toBe("closed");
    const links = page.locator('section[aria-labelledby="campaign-recognised-title"] .card-list a[href^="/initiatives/"]');
    expect(await links.count()).toBeGreaterThan(0);
    const recognised = Number(await figure("Được công nhận").textContent());
    expect(recognised).toBeGreaterThanOrEqual(await links.count());
    const first = links.first();
    const [href, name] = [await first.getAttribute("href"), (await first.textContent())!.trim()];
    await Promise.all([page.waitForURL((u) => u.pathname === href), first.click()]);
    await expect(page.locator("h1").first().textContent()).resolves.toContain(name);

    expect(pageErrors).toEqual([]);
  }, 40_000);
});
