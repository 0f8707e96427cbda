/**
 * The tracking page's flows in Chromium against the production server: a published initiative's page (the stages,
 * no deadline, the links that lead on), a link that opens nothing leading to "send me my link again", and the
 * receipt printed (print media: the giấy biên nhận with its code and the QR of the private link, nothing else).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import "~/i18n/sections/tracking";
import "~/i18n/sections/tracked";
import { dictionaryFor } from "~/i18n/index";
import { qrPath } from "~/models/council/certificates.server";
import { trackingToken } from "~/utils/tokens.server";
import { createDb, type DB } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { publishFixture } from "../integration/public-fixtures";
import { startServer, type RunningServer } from "../setup/server";

const vi = dictionaryFor("vi");

describe.skipIf(!hasChromium())("the tracking page in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    db = createDb(server.databaseUrl);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
  });

  async function privateLink(id: number) {
    const row = await db.selectFrom("initiatives").select(["code", "link_version"]).where("id", "=", id).executeTakeFirstOrThrow();
    return `/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`;
  }

  it("a published initiative: the stages end at publication, no deadline, the public page and certificate one click away", async () => {
    const published = await publishFixture(db, { title: "Trả kết quả hộ tịch tại nhà cho người cao tuổi" });
    await page.goto(`${server.url}${await privateLink(published.id)}`);
    await expect(page.locator(".tracked .facts .status").first().textContent()).resolves.toBe(vi.common.status.published);
    await expect(page.locator(`dt:text-is("${vi.tracking.track.page.due}")`).count()).resolves.toBe(0);
    // An ordered list; exactly one step is the current one, and it says so in words too.
    const steps = page.locator("ol.stepper > li");
    await expect(steps.count()).resolves.toBe(5);
    const current = page.locator('ol.stepper > li[aria-current="step"]');
    await expect(current.count()).resolves.toBe(1);
    await expect(current.getAttribute("data-stage")).resolves.toBe("publication");
    await expect(current.textContent()).resolves.toContain(vi.tracked.stages.state.current);
    // Printed, the stages stay and the withdrawal is not offered anyway.
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("ol.stepper").isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: "screen" });

    await Promise.all([page.waitForURL(/\/initiatives\//), page.click('a[data-link="public-page"]')]);
    // The URL changes before the new page has rendered: wait for its heading, then compare.
    await page.locator("h1", { hasText: "Trả kết quả hộ tịch tại nhà cho người cao tuổi" }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("Trả kết quả hộ tịch tại nhà cho người cao tuổi");
    await page.goBack();
    await Promise.all([page.waitForURL(/\/certificates\/[^/]+$/), page.click('a[data-link="certificate"]')]);
    await page
      .locator("h1", { hasText: published.certificateNumber })
      .or(page.locator("main", { hasText: published.certificateNumber }))
      .first()
      .waitFor();
    await expect(page.locator("body").textContent()).resolves.toContain(published.certificateNumber);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("a link that opens nothing explains itself and leads to 'send me my link again', which sends a new link", async () => {
    const published = await publishFixture(db, { title: "Nhắn tin nhắc lịch hẹn trả kết quả", authorEmail: "mai.le@example.net" });
    const response = await page.goto(`${server.url}/track/${published.code}?t=da-thay-bang-duong-dan-moi`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe(vi.tracked.wrongLink.title);
    await Promise.all([page.waitForURL(/\/track\?code=/), page.click('a[data-link="resend"]')]);
    // The code comes along: only the email is left to type.
    await expect(page.inputValue('input[name="code"]')).resolves.toBe(published.code);
    await page.fill('input[name="email"]', "mai.le@example.net");
    await Promise.all([page.waitForURL(/\/track\?sent=1$/), page.click('button[type="submit"].primary')]);
    await expect(page.locator(".notice.ok").textContent()).resolves.toBe(vi.tracking.track.sent);
    const mail = await db
      .selectFrom("outbox")
      .select(["to_address", "text"])
      .where("dedupe_key", "like", `link:${published.code}:%`)
      .executeTakeFirstOrThrow();
    expect(mail.to_address).toBe("mai.le@example.net");
    expect(mail.text).toContain(`/track/${published.code}?t=`);
    // The new link opens the page; the one before it no longer does.
    const row = await db.selectFrom("initiatives").select("link_version").where("id", "=", published.id).executeTakeFirstOrThrow();
    expect(row.link_version).toBe(2);
    expect((await page.goto(`${server.url}${await privateLink(published.id)}`))?.status()).toBe(200);
    expect((await page.goto(`${server.url}/track/${published.code}?t=${trackingToken(published.code, 1)}`))?.status()).toBe(404);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("the receipt prints as a giấy biên nhận: the code, the dates and the QR of the private link, without the page around it", async () => {
    await page.goto(`${server.url}/submit`);
    await page.fill("#f-title", "Tra cứu lịch tiếp công dân trên điện thoại");
    await page.selectOption("#f-reformArea", "digital_government");
    await page.fill("#f-problem", "Người dân không biết lịch tiếp công dân của phường nên phải đến hỏi trực tiếp.");
    await page.fill("#f-solution", "Đăng lịch tiếp công dân lên trang của phường và gửi nhắc qua tin nhắn.");
    await page.fill("#f-benefit", "Giảm lượt đi lại không cần thiết cho người dân.");
    await page.fill("#f-author-fullName", "Lê Thị Mai");
    await page.fill("#f-author-email", "mai.receipt@example.org");
    await page.check("#f-consentData");
    await Promise.all([page.waitForURL(/\/submit\/received$/), page.click('button[value="submit"]')]);

    await expect(page.locator('[data-testid="receipt-sent-to"]').textContent()).resolves.toBe(
      vi.tracked.receipt.sentTo("m***@example.org"),
    );
    const code = (await page.locator('[data-testid="tracking-code"]').textContent())!.trim();
    const url = (await page.locator("a.private-link").textContent())!.trim();
    // With scripts the print button is there; the page loads no bundle, only its one fixed line.
    await expect(page.locator("#print-receipt").isVisible()).resolves.toBe(true);
    await expect(page.locator('script[src], link[rel="modulepreload"]').count()).resolves.toBe(0);

    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".receipt-slip").isVisible()).resolves.toBe(true);
    await expect(page.locator(".slip-title").textContent()).resolves.toBe(vi.tracked.receipt.slipTitle);
    await expect(page.locator('[data-testid="tracking-code"]').isVisible()).resolves.toBe(true);
    expect(code).toMatch(/^SK-\d{4}-\d{6}$/);
    await expect(page.locator('[data-testid="receipt-due"]').isVisible()).resolves.toBe(true);
    const qr = page.locator("svg.receipt-qr");
    await expect(qr.isVisible()).resolves.toBe(true);
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(Math.abs(box.width - box.height)).toBeLessThan(1);
    // The QR is the private link's: the same modules the qrcode package draws for that address.
    await expect(qr.locator("path").getAttribute("d")).resolves.toBe(qrPath(url).d);
    for (const hidden of [".site-header", ".site-footer", "#received-title", ".notice", "#print-receipt"]) {
      await expect(page.locator(hidden).first().isVisible(), hidden).resolves.toBe(false);
    }
    await page.emulateMedia({ media: "screen" });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
