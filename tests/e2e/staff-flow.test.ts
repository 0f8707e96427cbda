/**
 * The staff path in Chromium against the production server, with mail caught by a real SMTP server:
 * the secretary screens a new submission and assigns two reviewers; one scores, the other declares a
 * conflict and is replaced by a third, who scores (the initiative moves to the council by itself); the
 * chair recognises it with a commendation and a signed PDF; the secretary publishes an edited public
 * version; the submitter's private tracking page shows every step and the decision document.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";

const PASSWORD = "demo-password";
const SUBMITTER = { fullName: "Vương Thị Kín Đáo", email: "kin.dao@example.net", phone: "0911222333", organisation: null, share: 100 };
const REASON = "Giải pháp mới tại Thành phố, đã áp dụng thử ở hai phường có hiệu quả rõ rệt và có thể nhân rộng ngay.";
const PUBLIC_TITLE = "Một cửa tiếp nhận hồ sơ đất đai tại xã, phường";

describe.skipIf(!hasChromium())("the staff path in a browser", () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  let code: string;
  let token: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([startServer({ SMTP_URL: sink.url, SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    // The submission arrives as the citizen form writes it (the citizen's own browser test covers the form).
    db = createDb(server.databaseUrl);
    const created = await createInitiative(
      db,
      {
        title: "Tiếp nhận hồ sơ đất đai qua một đầu mối tại xã",
        reformArea: "procedures",
        procedureDomain: "land",
        scopeType: "city",
        agencyId: null,
        unitId: null,
        problem: "Người dân phải đến nhiều bộ phận để nộp và bổ sung hồ sơ đất đai.",
        solution: "Một đầu mối tiếp nhận duy nhất, chuyển hồ sơ điện tử giữa các bộ phận.",
        benefit: "Giảm ít nhất hai lượt đi lại cho mỗi hồ sơ.",
        appliedBefore: true,
        appliedAt: "2025-09-01",
        confidential: "Số liệu nội bộ về hồ sơ tồn đọng của phường.",
        authorType: "individual",
        author: SUBMITTER,
        coAuthors: [],
        consentData: true,
        consentPublishName: false,
        lang: "vi",
      },
      [],
      { submitKey: "e2e-staff-flow" },
    );
    code = created.code;
    token = created.accessToken;
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    await sink?.close();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  async function signInAs(email: string) {
    await browser.context.clearCookies();
    await page.goto(`${server.url}/staff/login`);
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/staff/login")), page.click("button.primary")]);
  }

  async function statusOnStaffPage() {
    await page.goto(`${server.url}/staff/initiatives/${code}`);
    return page.locator(".badge[data-status]").first().getAttribute("data-status");
  }

  async function openReview(knows: "no" | "yes" = "no") {
    await page.goto(`${server.url}/staff/reviews`);
    await page.getByRole("link", { name: code }).click();
    await page.waitForSelector("#review-title");
    // The conflict question comes before the content.
    await page.getByLabel(knows === "no" ? "Không, tôi không biết tác giả hay tổ chức của tác giả" : /^Có, hoặc tôi có lý do khác/).check();
    await Promise.all([
      page.waitForURL(knows === "no" ? /done=no_conflict/ : /step=conflict/),
      page.getByRole("button", { name: "Tiếp tục" }).click(),
    ]);
    await page.waitForSelector(knows === "no" ? "#initiative-heading" : "#conflict-form");
  }

  async function score(values: number[], recommendation: string, comment: string) {
    const inputs = page.locator("input.score-input");
    expect(await inputs.count()).toBe(values.length);
    for (const [k, v] of values.entries()) await inputs.nth(k).fill(String(v));
    await page.check(`input[name="recommendation"][value="${recommendation}"]`);
    await page.fill("#f-comment", comment);
    await Promise.all([page.waitForURL(/done=(submitted|council)/), page.click('button[name="intent"][value="submit"]')]);
    await page.waitForSelector("#own-heading");
  }

  it("goes from screening to publication, and the submitter sees each step", async () => {
    // 1. The secretary screens and assigns two reviewers.
    await signInAs("secretary@example.org");
    await page.goto(`${server.url}/staff/initiatives/${code}`);
    await Promise.all([page.waitForURL(/done=/), page.getByRole("button", { name: "Bắt đầu kiểm tra hồ sơ" }).click()]);
    expect(await statusOnStaffPage()).toBe("screening");
    // Reviewers read only the reviewer copy: the secretary saves it before anyone can be assigned.
    await page.goto(`${server.url}/staff/initiatives/${code}/reviewer-copy`);
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "Lưu bản cho thành viên thẩm định" }).click()]);
    await page.goto(`${server.url}/staff/initiatives/${code}`);
    await page.getByLabel("Trần Văn Thẩm", { exact: true }).check();
    await page.getByLabel("Lê Thị Định", { exact: true }).check();
    await Promise.all([page.waitForURL(/done=/), page.getByRole("button", { name: "Phân công và chuyển sang thẩm định" }).click()]);
    expect(await statusOnStaffPage()).toBe("in_review");

    // 2. The first reviewer finds it in their list, blind, and scores it.
    await signInAs("reviewer1@example.org");
    await openReview();
    const blind = await page.content();
    expect(blind).toContain("Một đầu mối tiếp nhận duy nhất");
    for (const secret of [SUBMITTER.fullName, SUBMITTER.email, SUBMITTER.phone, "Số liệu nội bộ về hồ sơ tồn đọng"])
      expect(blind).not.toContain(secret);
    await score([8, 9, 8, 7], "recognise", "Giải pháp thiết thực, đã áp dụng thử, dễ nhân rộng.");
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Đã gửi phiếu chấm điểm");
    // Submitted: the others' scores are shown now (none yet).
    await expect(page.locator("#others-heading + p").textContent()).resolves.toContain("Chưa có thành viên nào khác gửi phiếu.");

    // 3. The second reviewer declares a conflict of interest.
    await signInAs("reviewer2@example.org");
    await openReview("yes");
    await page.getByLabel("Cùng cơ quan, tổ chức với tác giả").check();
    await page.fill("#f-conflict-note", "Tôi công tác cùng phường với người đề xuất.");
    await page.getByLabel(/^Tôi xác nhận có xung đột lợi ích/).check();
    await Promise.all([
      page.waitForURL(/done=conflict/),
      page.getByRole("button", { name: "Khai báo xung đột và rút khỏi thẩm định" }).click(),
    ]);
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Đã ghi nhận khai báo xung đột lợi ích");
    expect(await page.getByRole("link", { name: code }).count()).toBe(0);

    // 4. The secretary replaces them; the conflicted reviewer cannot be chosen again.
    await signInAs("secretary@example.org");
    await page.goto(`${server.url}/staff/initiatives/${code}`);
    await expect(page.getByLabel(/Lê Thị Định/).isDisabled()).resolves.toBe(true);
    await page.getByLabel("Phạm Minh Xét", { exact: true }).check();
    await Promise.all([page.waitForURL(/done=/), page.getByRole("button", { name: "Bổ sung thành viên thẩm định" }).click()]);

    // 5. The third reviewer scores: every review is in, the initiative moves to the council by itself.
    await signInAs("reviewer3@example.org");
    await openReview();
    await score([4, 8, 9, 8], "discuss", "Tính mới chưa rõ so với mô hình một cửa hiện có.");
    await expect(page.locator(".notice.ok").textContent()).resolves.toContain("Đã đủ phiếu");
    await expect(page.locator(".other-review").count()).resolves.toBe(1);

    // 6. The chair reads the aggregate (a spread of 4 on novelty asks for discussion) and recognises it.
    await signInAs("chair@example.org");
    expect(await statusOnStaffPage()).toBe("council");
    await page.goto(`${server.url}/staff/initiatives/${code}/aggregate`);
    await expect(page.locator("[data-needs-discussion]").getAttribute("data-needs-discussion")).resolves.toBe("yes");
    await Promise.all([page.waitForURL(/\/decision$/), page.getByRole("link", { name: "Ghi quyết định của hội đồng" }).click()]);
    await page.getByLabel("Công nhận sáng kiến").check();
    await page.fill("#f-membersPresent", "7");
    await page.fill("#f-votesFor", "4");
    await page.fill("#f-votesAgainst", "2");
    await page.fill("#f-votesAbstain", "1");
    await page.fill("#f-reason", REASON);
    await page.selectOption("#f-commendationLevelId", { label: "Giấy chứng nhận sáng kiến" });
    // 4 of 7 is not two thirds: refused, with the form kept.
    await page.click("#decision-form button.primary");
    await page.waitForSelector(".error-summary");
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("cần ít nhất 2/3 số thành viên có mặt tán thành");
    await expect(page.locator("#f-reason").inputValue()).resolves.toBe(REASON);
    await page.fill("#f-votesFor", "5");
    await page.fill("#f-votesAgainst", "1");
    await page.getByLabel("Công nhận sáng kiến").check();
    await page.selectOption("#f-commendationLevelId", { label: "Giấy chứng nhận sáng kiến" });
    await page.setInputFiles("#f-documents", {
      name: "Quyet-dinh-cong-nhan.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    });
    await Promise.all([page.waitForURL(/done=recognised/), page.click("#decision-form button.primary")]);
    const certificate = (await page.locator("[data-certificate]").textContent())!;
    expect(certificate).toMatch(/^CN-\d{4}-\d{4}$/);

    // 7. The secretary publishes an edited public version with the decision document.
    await signInAs("secretary@example.org");
    await page.goto(`${server.url}/staff/initiatives/${code}/publication`);
    await expect(page.locator("[data-author-named]").getAttribute("data-author-named")).resolves.toBe("no");
    await page.fill("#f-title", PUBLIC_TITLE);
    await expect(page.getByLabel(/Quyet-dinh-cong-nhan\.pdf/).isChecked()).resolves.toBe(true);
    await Promise.all([page.waitForURL(/done=published/), page.getByRole("button", { name: "Công bố", exact: true }).click()]);
    const publicHref = (await page.locator("a[href^='/initiatives/']").first().getAttribute("href"))!;
    expect(await statusOnStaffPage()).toBe("published");

    // 8. The public page names no author and carries nothing confidential.
    await page.goto(`${server.url}${publicHref}`);
    const publicHtml = await page.content();
    expect(publicHtml).toContain(PUBLIC_TITLE);
    for (const secret of [SUBMITTER.fullName, SUBMITTER.email, SUBMITTER.phone, "Số liệu nội bộ"]) expect(publicHtml).not.toContain(secret);

    // 9. The submitter's private page shows each step, the reason and the decision document.
    await browser.context.clearCookies();
    await page.goto(`${server.url}/track/${code}?t=${token}`);
    const history = (await page.locator("#history-title + ol").textContent())!;
    for (const step of ["Đang kiểm tra hồ sơ", "Đang thẩm định", "Chờ hội đồng xét", "Được công nhận", "Đã công bố"])
      expect(history).toContain(step);
    expect(history).toContain(REASON);
    // Blind review holds on this side too: the submitter never learns who reviewed.
    for (const reviewer of ["Trần Văn Thẩm", "Lê Thị Định", "Phạm Minh Xét"]) expect(history).not.toContain(reviewer);
    await expect(page.getByRole("link", { name: "Quyet-dinh-cong-nhan.pdf" }).count()).resolves.toBe(1);

    // 10. The mail, through the outbox and SMTP.
    const want = (pred: (m: { to: string; subject: string; text: string }) => boolean) =>
      sink.messages.some((m) => pred({ to: JSON.stringify(m.to ?? ""), subject: m.subject ?? "", text: m.text ?? "" }));
    const waitMail = async (label: string, pred: Parameters<typeof want>[0]) => {
      const start = Date.now();
      while (!want(pred)) {
        if (Date.now() - start > 15_000) throw new Error(`no email: ${label}; got ${sink.messages.map((m) => m.subject).join(" | ")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    for (const r of ["reviewer1", "reviewer2", "reviewer3"]) {
      await waitMail(`assigned ${r}`, (m) => m.to.includes(`${r}@example.org`) && m.subject === `[${code}] Phân công thẩm định sáng kiến`);
    }
    await waitMail(
      "conflict to the secretary",
      (m) => m.to.includes("secretary@example.org") && m.subject.includes("xung đột lợi ích") && m.subject.includes(code),
    );
    await waitMail(
      "decision to the submitter",
      (m) =>
        m.to.includes(SUBMITTER.email) &&
        m.subject.includes("Quyết định của hội đồng") &&
        m.text.includes(REASON) &&
        m.text.includes(certificate),
    );
    await waitMail(
      "publication to the submitter",
      (m) => m.to.includes(SUBMITTER.email) && m.subject === `[${code}] Sáng kiến của bạn đã được công bố` && m.text.includes(publicHref),
    );
    // Reviewers' mail never names the submitter.
    for (const m of sink.messages.filter((x) => /reviewer\d@/.test(JSON.stringify(x.to)))) expect(m.text).not.toContain(SUBMITTER.fullName);

    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("renders the administrator's pages in the browser and filters the audit log", async () => {
    await signInAs("admin@example.org");
    for (const [path, heading] of [
      ["/staff/admin/rubric", "Bộ tiêu chí chấm điểm"],
      ["/staff/admin/commendations", "Hình thức khen thưởng"],
      ["/staff/admin/units", "Đơn vị hành chính và cơ quan"],
      ["/staff/admin/audit", "Nhật ký hệ thống"],
    ]) {
      await page.goto(`${server.url}${path}`);
      await expect(page.locator("h1").first().textContent()).resolves.toBe(heading);
    }
    // client-side filtering keeps working after hydration
    await page.selectOption("#f-action", "decision.record");
    await Promise.all([page.waitForURL(/action=decision.record/), page.getByRole("button", { name: "Lọc" }).click()]);
    await page.waitForSelector("table.audit");
    expect(await page.locator("table.audit tbody tr").count()).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });

  it("follows the queue's links without loading a new document, as the router's links did", async () => {
    await signInAs("secretary@example.org");
    await page.goto(`${server.url}/staff?view=all`);
    // Hydrated: React has put its handlers on the link (a click before that loads a new document, as it should).
    await page.waitForFunction((c) => {
      const link = document.querySelector(`a[href="/staff/initiatives/${c}"]`);
      return link !== null && Object.keys(link).some((k) => k.startsWith("__reactProps"));
    }, code);
    // Survives only a navigation inside the page: a new document starts without it.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const sameDocument = () => page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true);

    await page.getByRole("link", { name: code }).first().click();
    await page.waitForURL(new RegExp(`/staff/initiatives/${code}$`));
    await page.waitForSelector("#initiative-title");
    expect(await sameDocument()).toBe(true);

    await page.getByRole("navigation", { name: "Điều hướng cán bộ" }).getByRole("link", { name: "Hàng đợi hồ sơ" }).click();
    await page.waitForURL((u) => u.pathname === "/staff");
    // The router's location, which marks the current link, follows the address once the new page is rendered.
    await page.waitForSelector('.staff-nav a[href="/staff"][aria-current="page"]');
    expect(await sameDocument()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
