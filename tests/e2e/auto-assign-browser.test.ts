/**
 * The automatic assignment in Chromium against the production server: from a case's page the secretary opens
 * "Phân công tự động", asks for a proposal, swaps one proposed reviewer for another, and confirms; the case is
 * then in review with exactly the edited pair, and each of them is mailed.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { transition } from "~/models/initiative/lifecycle.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { makeReviewerCopy } from "../integration/review-fixtures";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!hasChromium())("the automatic assignment in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  let code: string;
  let id: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
    db = createDb(server.databaseUrl);
    const created = await createInitiative(
      db,
      {
        title: "Số hóa sổ hộ tịch tại phường",
        reformArea: "digital_government",
        procedureDomain: "civil_status",
        scopeType: "city",
        agencyId: null,
        unitId: null,
        problem: "Tra cứu sổ hộ tịch giấy mất nhiều ngày.",
        solution: "Số hóa sổ và tra cứu trên hệ thống dùng chung.",
        benefit: "Tra cứu trong vài phút.",
        appliedBefore: false,
        appliedAt: null,
        confidential: "",
        authorType: "individual",
        author: { fullName: "Ẩn Danh Trình Duyệt", email: "an.danh@example.net", phone: null, organisation: null, share: 100 },
        coAuthors: [],
        consentData: true,
        consentPublishName: false,
        lang: "vi",
      },
      [],
      { submitKey: "e2e-auto-assign" },
    );
    code = created.code;
    id = created.id;
    const secretary = await db.selectFrom("users").select("id").where("email", "=", "secretary@example.org").executeTakeFirstOrThrow();
    await transition(db, { initiativeId: id, to: "screening", actor: "secretary", actorUserId: secretary.id });
    // Reviewers are assigned once the secretary saved the reviewer copy.
    await makeReviewerCopy(db, id, secretary.id);
  });

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("proposes, takes an edit and confirms", async () => {
    await page.goto(`${server.url}/staff/login`);
    await page.fill("#email", "secretary@example.org");
    await page.fill("#password", "demo-password");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/staff/login")), page.click("button.primary")]);

    await page.goto(`${server.url}/staff/initiatives/${code}`);
    await Promise.all([page.waitForURL(/\/staff\/assign\?case=/), page.getByRole("link", { name: "Phân công tự động" }).last().click()]);
    await page.getByRole("button", { name: "Lập đề xuất" }).click();
    await page.waitForSelector(`fieldset[data-case="${code}"]`);

    const ticks = page.locator(`input[type="checkbox"][name="r_${id}"]`);
    expect(await ticks.count()).toBe(2);
    const proposed = await ticks.evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)));
    // Untick the first and pick someone not proposed, from the replacement list.
    await ticks.first().uncheck();
    const select = page.getByLabel(`Thêm hoặc thay người cho hồ sơ ${code}`);
    const replacement = await select
      .locator("option:not([disabled])")
      .evaluateAll((els) => els.map((e) => Number((e as HTMLOptionElement).value)).filter((v) => v > 0));
    expect(replacement.length).toBeGreaterThan(0);
    await select.selectOption(String(replacement[0]));
    await Promise.all([page.waitForURL(/done=assign/), page.getByRole("button", { name: "Xác nhận phân công" }).click()]);

    await expect(page.locator(".badge[data-status]").first().getAttribute("data-status")).resolves.toBe("in_review");
    const rows = await db.selectFrom("assignments").select("reviewer_id").where("initiative_id", "=", id).execute();
    expect(rows.map((r) => r.reviewer_id).sort()).toEqual([proposed[1], replacement[0]].sort());
    const mail = await db.selectFrom("outbox").select("to_address").where("subject", "like", `%${code}%`).execute();
    expect(mail.length).toBeGreaterThanOrEqual(2);
    expect(pageErrors).toEqual([]);
  });
});
