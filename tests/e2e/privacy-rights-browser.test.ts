/**
 * The submitter's rights from the private tracking page in Chromium, against the production build and server with
 * mail caught by a real SMTP server: correct the phone and the email (confirmed from the link mailed to the new
 * address), ask for erasure, see the staff's answer on the page, and download the data as a zip.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { answerRequest } from "~/models/privacy/rights.server";
import { trackingToken } from "~/utils/tokens.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { unzip } from "../integration/privacy-fixtures";

describe.skipIf(!hasChromium())("the submitter's rights in a browser", () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([startServer({ SMTP_URL: sink.url }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    db = createDb(server.databaseUrl);
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    await sink?.close();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("corrects the contact details, confirms a new email, asks for erasure, sees the answer and downloads the data", async () => {
    const row = await db
      .selectFrom("initiatives")
      .select(["id", "code", "link_version"])
      .where("status", "=", "screening")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const trackPath = `/track/${row.code}?t=${trackingToken(row.code, row.link_version)}`;
    await page.goto(`${server.url}${trackPath}`);
    await expect(page.locator("#rights-section-title").textContent()).resolves.toBe("Dữ liệu của bạn và quyền của bạn");

    await page.click("text=Sửa thông tin liên hệ hoặc gửi yêu cầu về dữ liệu");
    await page.waitForURL(/\/rights\?t=/);
    await page.fill("#f-phone", "0987 654 321");
    await page.fill("#f-email", "dia-chi-moi@example.com");
    await page.click('button[value="contact"]');
    await page.waitForSelector("text=Chúng tôi đã gửi một đường dẫn đến địa chỉ mới");
    await expect(page.locator(".rights").textContent()).resolves.toContain("Đang chờ xác nhận địa chỉ mới dia-chi-moi@example.com");

    // Staff notices may go out first: wait for the mail to the new address itself.
    const toNew = (m: (typeof sink.messages)[number]) => (m.to && "text" in m.to ? m.to.text : "").includes("dia-chi-moi@example.com");
    for (let n = 1; n < 20 && !sink.messages.some(toNew); n++) await sink.waitFor(n, 20_000);
    const confirmMail = sink.messages.find(toNew)!;
    expect(confirmMail.subject).toBe(`[${row.code}] Xác nhận địa chỉ thư điện tử mới`);
    const link = new URL(/https?:\/\/\S+\/confirm-email\?k=[\w-]+/.exec(confirmMail.text ?? "")![0]);
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.click('button[type="submit"]:has-text("Xác nhận")');
    await page.waitForSelector("text=Đã xác nhận. Từ nay thư về hồ sơ được gửi đến dia-chi-moi@example.com.");

    await page.goto(`${server.url}${trackPath.replace("?", "/rights?")}`);
    await page.check('input[name="kind"][value="erasure"]');
    await page.fill("#f-reason", "Tôi không muốn tiếp tục tham gia.");
    await page.click('button[value="request"]');
    await page.waitForSelector("text=Đã nhận yêu cầu của bạn.");
    const request = page.locator(".privacy-requests li").first();
    await expect(request.textContent()).resolves.toMatch(/Xóa dữ liệu, gửi ngày .*: Đang chờ trả lời — Hạn trả lời: \d{2}\/\d{2}\/\d{4}/);

    // A secretary answers (on the server's database, as the staff page would).
    const pending = await db.selectFrom("privacy_requests").select("id").where("initiative_id", "=", row.id).executeTakeFirstOrThrow();
    const secretary = await db.selectFrom("users").select("id").where("email", "=", "secretary@example.org").executeTakeFirstOrThrow();
    await answerRequest(db, {
      id: pending.id,
      decision: "refused",
      answer: "Hồ sơ đang được xét, cần liên hệ với bạn.",
      userId: secretary.id,
    });
    await page.reload();
    await expect(request.textContent()).resolves.toContain("Không được chấp nhận");
    await expect(request.textContent()).resolves.toContain("Hồ sơ đang được xét, cần liên hệ với bạn.");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Tải dữ liệu của tôi (.zip)")]);
    expect(download.suggestedFilename()).toBe(`${row.code}-du-lieu.zip`);
    const entries = await unzip(fs.readFileSync((await download.path())!));
    const data = JSON.parse(entries.get("data.json")!.toString("utf8"));
    expect(data.people[0]).toMatchObject({ email: "dia-chi-moi@example.com", phone: "0987654321" });
    expect(data.privacyRequests).toEqual([expect.objectContaining({ kind: "erasure", status: "refused" })]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
