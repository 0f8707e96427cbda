/**
 * The reviewer form in Chromium, briefly: the live weighted total follows the scores as they are typed and shows
 * what the shared function (and so the server) computes; the score's band is marked; a refused submission puts the
 * focus on the error summary. The rest of the form is covered through the handler (tests/integration/reviewer-form).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { formatScore, formTotal } from "~/models/review/aggregation";
import { criteriaOf, getCurrentRubric } from "~/models/review/rubric.server";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";
import { initiativeInReview, staffIds } from "../integration/review-fixtures";

describe.skipIf(!hasChromium())("the reviewer form in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOBS_INTERVAL_MS: "0" }), launchBrowser()]);
    db = createDb(server.databaseUrl);
    const res = await fetch(`${server.url}/staff/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "reviewer1@example.org", password: "demo-password", redirectTo: "/staff" }),
    });
    await res.arrayBuffer();
    const cookies = res.headers.getSetCookie().map((c) => {
      const [name, ...rest] = c.split(";")[0].split("=");
      return { name, value: rest.join("="), url: server.url };
    });
    await browser.context.addCookies(cookies);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => pageErrors.push(err.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await server?.stop();
  });

  it("updates the weighted total as scores change, and focuses the error summary on a refused submission", async () => {
    const ids = await staffIds(db);
    const i = await initiativeInReview(db, [ids.r1, ids.r2]);
    const criteria = await criteriaOf(db, (await getCurrentRubric(db)).versionId);
    await page.goto(`${server.url}/staff/reviews/${i.assignments[0]}`);
    // hydrated: the live total only moves once React runs
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    const total = page.locator("output[data-total]");
    await expect(total.textContent()).resolves.toBe("—");

    const byKey: Record<string, string> = { novelty: "7", applicability: "8", benefit: "6", feasibility: "9" };
    const values: Record<string, string> = {};
    for (const c of criteria) {
      values[`score_${c.id}`] = byKey[c.key];
      await page.fill(`#f-score_${c.id}`, byKey[c.key]);
    }
    const expected = formatScore(formTotal(criteria, values), "vi");
    expect(expected).toBe("72,5");
    await page.waitForFunction((want) => document.querySelector("output[data-total]")?.textContent === want, expected);
    // a change moves it, through the same function
    const first = criteria[0];
    await page.fill(`#f-score_${first.id}`, "10");
    const changed = formatScore(formTotal(criteria, { ...values, [`score_${first.id}`]: "10" }), "vi");
    await page.waitForFunction((want) => document.querySelector("output[data-total]")?.textContent === want, changed);
    // the band of the typed score is marked beside the field
    await expect(page.locator(`#f-score_${first.id}-bands li.current`).textContent()).resolves.toContain("7–10");

    // sent without a recommendation or comment: refused, and the focus is on the summary
    await page.click('button[name="intent"][value="submit"]');
    await page.waitForSelector(".error-summary");
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary") === true);
    await expect(page.locator(".error-summary a").first().getAttribute("href")).resolves.toBe("#f-recommendation");
    // the refused form keeps the scores and their total
    await expect(total.textContent()).resolves.toBe(changed);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
