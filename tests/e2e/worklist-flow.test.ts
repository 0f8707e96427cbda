/**
 * Work finds the person who must act: one case in Chromium from the citizen's form to publication, against the
 * production server with mail caught by a real SMTP server. After each step it waits for the outbox to empty and
 * asserts exactly which staff member got which email about the case, that the case is at the top of that person's
 * "Cần xử lý" view, and that each action's feedback is said and focused.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";

const PASSWORD = "demo-password";
const REASON = "Giải pháp mới tại Thành phố, đã áp dụng thử ở hai phường có hiệu quả rõ rệt và có thể nhân rộng ngay.";
const SECRETARY = "secretary@example.org";
const CHAIR = "chair@example.org";
const REVIEWERS = ["reviewer1@example.org", "reviewer2@example.org"];

describe.skipIf(!hasChromium())("the worklist in a browser", () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  let staff: Set<string>;
  /** how many of the sink's messages earlier steps have accounted for */
  let seen = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    // No periodic jobs: a reminder or deadline notice found by a job is not part of this walk.
    [server, browser] = await Promise.all([
      startServer({ SMTP_URL: sink.url, SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0", OUTBOX_INTERVAL_MS: "100" }),
      launchBrowser(),
    ]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    db = createDb(server.databaseUrl);
    // The demo's open cases are long overdue and would rightly sit above a new one: set them aside, so "top of the
    // list" is about this case's deadline and not the demo's.
    await db
      .updateTable("initiatives")
      .set({ status: "withdrawn" })
      .where("status", "in", ["submitted", "screening", "needs_info", "in_review", "council", "recognised"])
      .execute();
    staff = new Set((await db.selectFrom("users").select("email").execute()).map((u) => u.email));
    // What the demo's own cases sent (or no longer send, now that they are set aside) is not part of the walk.
    await outboxDrained();
    seen = sink.messages.length;
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    await sink?.close();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  /** A plain form post to the sign-in page from the browser's own cookie jar (the form itself is tested elsewhere). */
  async function signInAs(email: string) {
    await browser.context.clearCookies();
    const res = await page.request.post(`${server.url}/staff/login`, { form: { email, password: PASSWORD }, maxRedirects: 0 });
    expect(res.status(), `sign-in as ${email}`).toBe(302);
  }

  /** Signs in and reads the codes in the person's "Cần xử lý" view, top first (and leaves the page there). */
  async function worklist(email: string): Promise<string[]> {
    await signInAs(email);
    await page.goto(`${server.url}/staff`);
    await expect(page.locator("#queue-title").textContent()).resolves.toBe("Cần xử lý");
    return page.locator("tr[data-code]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-code") ?? ""));
  }

  async function topOfWorklist(email: string) {
    return (await worklist(email))[0];
  }

  /** Waits until the outbox has nothing left to send: every email the steps so far caused is in the sink. */
  async function outboxDrained() {
    const start = Date.now();
    for (;;) {
      const waiting = await db.selectFrom("outbox").select("id").where("status", "=", "pending").execute();
      if (!waiting.length) return;
      if (Date.now() - start > 15_000) throw new Error(`outbox not drained: ${waiting.length} pending`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The staff emails that arrived since the last call, as "address ← subject", sorted. */
  async function newStaffMail(): Promise<string[]> {
    await outboxDrained();
    const fresh = sink.messages.slice(seen);
    seen = sink.messages.length;
    return fresh
      .map((m) => ({ to: m.to && "text" in m.to ? m.to.text : "", subject: m.subject ?? "" }))
      .filter((m) => staff.has(m.to))
      .map((m) => `${m.to} ← ${m.subject}`)
      .sort();
  }

  async function feedback() {
    const region = page.locator("[data-feedback]");
    await region.waitFor();
    // the live region has the focus after the redirect
    await expect(page.evaluate(() => document.activeElement?.hasAttribute("data-feedback"))).resolves.toBe(true);
    return region.textContent();
  }

  /** From the reviewer's own worklist (its top row links to their review form). */
  async function score(code: string, values: number[]) {
    await page.locator(`tr[data-code="${code}"] a`).first().click();
    await page.waitForSelector("#review-title");
    // The conflict question comes before the content.
    await page.getByLabel("Không, tôi không biết tác giả hay tổ chức của tác giả").check();
    await Promise.all([page.waitForURL(/done=no_conflict/), page.getByRole("button", { name: "Tiếp tục" }).click()]);
    await page.waitForSelector("#initiative-heading");
    const inputs = page.locator("input.score-input");
    for (const [k, v] of values.entries()) await inputs.nth(k).fill(String(v));
    await page.check('input[name="recommendation"][value="recognise"]');
    await page.fill("#f-comment", "Thiết thực, dễ nhân rộng.");
    // The address already says done=no_conflict: wait for the sent review's own, or the next page could be read
    // before the review is saved.
    await Promise.all([page.waitForURL(/done=(submitted|council)/), page.click('button[name="intent"][value="submit"]')]);
  }

  it("tells each person in turn and puts the case at the top of their worklist", async () => {
    // 0. A citizen submits on the public form.
    await page.goto(`${server.url}/submit`);
    await page.fill("#f-title", "Nhắc hạn hồ sơ đất đai qua tin nhắn");
    await page.selectOption("#f-reformArea", "procedures");
    await page.selectOption("#f-procedureDomain", "land");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Hoàn Kiếm");
    await page.fill("#f-problem", "Người dân không biết hồ sơ đất đai của mình đã đến bước nào.");
    await page.fill("#f-solution", "Gửi tin nhắn ở mỗi bước xử lý, kèm đường dẫn tra cứu.");
    await page.fill("#f-benefit", "Giảm các cuộc gọi hỏi tiến độ.");
    await page.fill("#f-author-fullName", "Đỗ Văn Gửi");
    await page.fill("#f-author-email", "gui@example.net");
    await page.check("#f-consentData");
    await Promise.all([page.waitForURL(/\/submit\/received$/), page.click('button[value="submit"]')]);
    const code = (await page.locator('[data-testid="tracking-code"]').textContent())!.trim();
    expect(code).toMatch(/^SK-\d{4}-\d{6}$/);

    // 1. The secretary, and only the secretary, is told; the case is first in their worklist.
    expect(await newStaffMail()).toEqual([`${SECRETARY} ← [${code}] Hồ sơ mới cần kiểm tra`]);
    expect(await topOfWorklist(SECRETARY)).toBe(code);

    // 2. The secretary screens it, saves the reviewer copy and assigns two reviewers; each reviewer is told.
    await Promise.all([page.waitForURL(/\/staff\/initiatives\//), page.locator(`tr[data-code="${code}"] a`).click()]);
    await Promise.all([page.waitForURL(/done=screen/), page.getByRole("button", { name: "Bắt đầu kiểm tra hồ sơ" }).click()]);
    await expect(feedback()).resolves.toBe("Đã nhận hồ sơ vào bước kiểm tra.");
    expect(await newStaffMail()).toEqual([]);
    // Screening is the secretary's work: still first in their list.
    expect(await topOfWorklist(SECRETARY)).toBe(code);
    await page.goto(`${server.url}/staff/initiatives/${code}/reviewer-copy`);
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole("button", { name: "Lưu bản cho thành viên thẩm định" }).click()]);
    await page.goto(`${server.url}/staff/initiatives/${code}`);
    await page.getByLabel("Trần Văn Thẩm", { exact: true }).check();
    await page.getByLabel("Lê Thị Định", { exact: true }).check();
    await Promise.all([page.waitForURL(/done=assign/), page.getByRole("button", { name: "Phân công và chuyển sang thẩm định" }).click()]);
    await expect(feedback()).resolves.toMatch(/^Đã phân công 2 thành viên thẩm định, hạn \d{2}\/\d{2}\/\d{4}\.$/);
    expect(await newStaffMail()).toEqual(REVIEWERS.map((r) => `${r} ← [${code}] Phân công thẩm định sáng kiến`));

    // 3. Each reviewer finds it first and scores it; with both in, the case moves to the council and the chair is told.
    for (const [k, r] of REVIEWERS.entries()) {
      expect(await topOfWorklist(r)).toBe(code);
      await score(code, k === 0 ? [8, 9, 8, 7] : [7, 8, 9, 8]);
      // Sent: nothing left for this reviewer on it.
      await page.goto(`${server.url}/staff`);
      expect(await page.locator(`tr[data-code="${code}"]`).count(), r).toBe(0);
    }
    expect(await newStaffMail()).toEqual([`${CHAIR} ← [${code}] Hồ sơ sẵn sàng để hội đồng xét`]);
    expect(await topOfWorklist(CHAIR)).toBe(code);

    // 4. The chair recognises it: publication is next, the secretary's work.
    await page.goto(`${server.url}/staff/initiatives/${code}/decision`);
    await page.getByLabel("Công nhận sáng kiến").check();
    await page.fill("#f-membersPresent", "7");
    await page.fill("#f-votesFor", "6");
    await page.fill("#f-votesAgainst", "1");
    await page.fill("#f-votesAbstain", "0");
    await page.fill("#f-reason", REASON);
    await page.selectOption("#f-commendationLevelId", { label: "Giấy chứng nhận sáng kiến" });
    await Promise.all([page.waitForURL(/done=recognised/), page.click("#decision-form button.primary")]);
    await expect(feedback()).resolves.toBe("Đã ghi quyết định của hội đồng: công nhận sáng kiến.");
    // The submitter hears of the decision; no staff member is mailed about work they can see in their list.
    expect(await newStaffMail()).toEqual([]);
    expect(await topOfWorklist(SECRETARY)).toBe(code);

    // 5. The secretary publishes: nobody has anything left to do on it.
    await page.goto(`${server.url}/staff/initiatives/${code}/publication`);
    await Promise.all([page.waitForURL(/done=published/), page.getByRole("button", { name: "Công bố", exact: true }).click()]);
    await expect(feedback()).resolves.toBe("Đã công bố sáng kiến trên Cổng thông tin.");
    expect(await newStaffMail()).toEqual([]);
    for (const who of [SECRETARY, CHAIR]) expect(await worklist(who), who).not.toContain(code);
    // The citizen was told at each step that concerns them; the pages hydrated without an error.
    const toCitizen = sink.messages.filter((m) => m.to && "text" in m.to && m.to.text === "gui@example.net").map((m) => m.subject);
    expect(toCitizen).toContain(`[${code}] Sáng kiến của bạn đã được công bố`);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
