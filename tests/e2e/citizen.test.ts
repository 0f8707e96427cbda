/**
 * The citizen's whole path in Chromium against the production build and server, with mail caught by a
 * real SMTP server: submit in Vietnamese with a PDF, read the code, open the private link from the
 * receipt email, answer a request for information (made on the server's database as a secretary
 * would), and withdraw.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { transition } from "~/models/initiative/lifecycle.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { pdfBytes } from "../integration/submit-fixtures";

describe.skipIf(!hasChromium())("the citizen in a browser", () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([startServer({ SMTP_URL: sink.url, SEED_DEMO: "no" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    await sink?.close();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("submits, follows the private link from the email, answers a request and withdraws", async () => {
    await page.goto(`${server.url}/submit`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Gửi sáng kiến cải cách hành chính");

    await page.fill("#f-title", "Nhắn tin nhắc lịch hẹn trả kết quả hộ tịch");
    await page.selectOption("#f-reformArea", "digital_government");
    await page.selectOption("#f-procedureDomain", "civil_status");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Hoàn Kiếm");
    await page.fill("#f-problem", "Người dân không biết khi nào có kết quả nên phải đến hỏi nhiều lần.");
    await page.fill("#f-solution", "Gửi tin nhắn tự động khi hồ sơ có kết quả, kèm mã tra cứu.");
    await page.fill("#f-benefit", "Giảm ít nhất một lượt đi lại cho mỗi hồ sơ hộ tịch.");
    await page.check("#f-applied-before");
    await page.fill("#f-applied-at", "2025-06-15");
    await page.fill("#f-author-fullName", "Phạm Thị Hoa");
    await page.fill("#f-author-email", "hoa.pham@example.com");
    await page.fill("#f-author-phone", "+84912345678");
    await page.fill("#f-author-share", "80");
    await page.fill("#f-coAuthors-0-fullName", "Đỗ Minh Quân");
    await page.fill("#f-coAuthors-0-share", "20");
    await page.setInputFiles("#f-attachments", { name: "đề xuất.pdf", mimeType: "application/pdf", buffer: pdfBytes("e2e") });
    await page.check("#f-consentData");
    // With JavaScript the upload shows its progress: record that the progress bar appeared.
    let sawProgress = false;
    await page.exposeFunction("reportProgress", () => (sawProgress = true));
    await page.evaluate(() => {
      new MutationObserver(() => {
        if (document.querySelector("progress#upload-progress")) (window as unknown as { reportProgress: () => void }).reportProgress();
      }).observe(document.body, { subtree: true, childList: true });
    });
    await page.click('button[value="submit"]');

    await page.waitForURL(/\/submit\/received$/);
    const code = (await page.locator('[data-testid="tracking-code"]').textContent())!.trim();
    expect(code).toMatch(/^SK-\d{4}-\d{6}$/);
    expect(sawProgress).toBe(true);
    const shownLink = await page.locator("a.private-link").getAttribute("href");
    expect(shownLink).toMatch(new RegExp(`^/track/${code}\\?t=[\\w-]+$`));

    const mails = await sink.waitFor(1, 20_000);
    const receipt = mails.find((m) => m.subject?.includes(code))!;
    expect(receipt.subject).toBe(`[${code}] Giấy biên nhận hồ sơ sáng kiến`);
    const link = new URL(/https?:\/\/\S+\/track\/SK-\d{4}-\d{6}\?t=[\w-]+/.exec(receipt.text ?? "")![0]);
    expect(link.pathname + link.search).toBe(shownLink);
    // The server listens on a port chosen at start, so the link's origin is swapped for it.
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await expect(page.locator(".status").textContent()).resolves.toBe("Đã tiếp nhận");
    await expect(page.locator("text=đề xuất.pdf").count()).resolves.toBe(1);

    // A secretary asks for more information (straight on the server's database, through the lifecycle).
    db = createDb(server.databaseUrl);
    const row = await db.selectFrom("initiatives").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await transition(db, { initiativeId: row.id, to: "screening", actor: "secretary" });
    await transition(db, {
      initiativeId: row.id,
      to: "needs_info",
      actor: "secretary",
      message: "Đề nghị gửi ước tính số tin nhắn mỗi tháng.",
    });

    await page.reload();
    await expect(page.locator(".status").textContent()).resolves.toBe("Yêu cầu bổ sung");
    await expect(page.locator(".info-request blockquote").textContent()).resolves.toBe("Đề nghị gửi ước tính số tin nhắn mỗi tháng.");
    await page.fill("#f-message", "Khoảng 3.000 tin nhắn mỗi tháng cho một phường.");
    await page.setInputFiles("#f-files", { name: "ước tính.pdf", mimeType: "application/pdf", buffer: pdfBytes("estimate") });
    await page.click('button[value="reply"]');
    await page.waitForSelector("text=Đã gửi nội dung bổ sung");
    await expect(page.locator(".status").textContent()).resolves.toBe("Đang kiểm tra hồ sơ");
    await expect(page.locator(".timeline").textContent()).resolves.toContain("Khoảng 3.000 tin nhắn mỗi tháng cho một phường.");

    // Withdrawing asks first.
    await page.click('button[value="confirm-withdraw"]');
    await page.waitForSelector("text=Bạn chắc chắn muốn rút hồ sơ?");
    await page.click('button[value="withdraw"]');
    await page.waitForSelector("text=Hồ sơ đã được rút.");
    await expect(page.locator(".status").textContent()).resolves.toBe("Đã rút");
    await expect(page.locator('button[value="confirm-withdraw"]').count()).resolves.toBe(0);

    const stored = await db.selectFrom("initiatives").select("status").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("withdrawn");
    const files = await db
      .selectFrom("attachments")
      .select(["purpose", "filename"])
      .where("initiative_id", "=", row.id)
      .orderBy("id")
      .execute();
    expect(files).toEqual([
      { purpose: "submission", filename: "đề xuất.pdf" },
      { purpose: "reply", filename: "ước tính.pdf" },
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("works without JavaScript: adds a co-author row, submits, and withdraws from the private page", async () => {
    // One Chromium per file: a second page of the same browser with scripts turned off.
    const p = await browser.context.newPage();
    try {
      const cdp = await browser.context.newCDPSession(p);
      await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
      const posts: string[] = [];
      p.on("response", (r) => {
        if (r.request().method() === "POST") posts.push(`${r.status()} ${new URL(r.url()).pathname.replace(/^\/track\/.*/, "/track/")}`);
      });
      await p.goto(`${server.url}/submit`);
      await p.fill("#f-title", "Trả kết quả chứng thực qua bưu điện");
      await p.click('button[value="add-coauthor"]');
      await p.waitForSelector("#f-coAuthors-1-fullName");
      await expect(p.inputValue("#f-title")).resolves.toBe("Trả kết quả chứng thực qua bưu điện");
      await p.selectOption("#f-reformArea", "procedures");
      await p.check("#f-scope-type-unit");
      await p.fill("#f-scope-unitName", "Hoàn Kiếm"); // as the hint suggests, without "Phường"
      await p.fill("#f-problem", "Người dân phải quay lại bộ phận một cửa chỉ để nhận bản chứng thực.");
      await p.fill("#f-solution", "Cho phép chọn nhận kết quả chứng thực qua bưu điện khi nộp hồ sơ.");
      await p.fill("#f-benefit", "Bớt một lượt đi lại cho mỗi hồ sơ chứng thực.");
      await p.fill("#f-author-fullName", "Vũ Thị Lan");
      await p.fill("#f-author-email", "lan.vu@example.com");
      await p.check("#f-consentData");
      await Promise.all([p.waitForURL(/\/submit\/received$/), p.click('button[value="submit"]')]);
      const link = await p.getAttribute("a.private-link", "href");
      await p.goto(`${server.url}${link}`);
      await p.click('button[value="confirm-withdraw"]');
      await p.waitForSelector('button[value="withdraw"]');
      await p.click('button[value="withdraw"]');
      await p.waitForSelector('.status[data-status="withdrawn"]');
      // Every step was a plain form post answered by a page (with scripts the row and the submit would not be).
      expect(posts).toEqual(["200 /submit", "302 /submit", "200 /track/", "302 /track/"]);
    } finally {
      await p.close();
    }
  }, 60_000);

  it("shows the errors at the top with the focus on them, and keeps the development mailbox out of production", async () => {
    await page.goto(`${server.url}/submit`);
    await page.fill("#f-title", "Ngắn");
    await page.click('button[value="submit"]');
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).resolves.toBe(true);
    await expect(page.locator("#f-title").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(summary.locator('a[href="#f-title"]').textContent()).resolves.toContain("Cần ít nhất 10 ký tự.");
    const devMail = await fetch(`${server.url}/dev/mail`);
    expect(devMail.status).toBe(404);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
