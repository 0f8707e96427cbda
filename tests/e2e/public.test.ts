/**
 * The public side in Chromium against the production build and server (demo data): search with and
 * without diacritics, filter, open an initiative, verify its certificate; then axe-core on the public
 * pages, with no serious or critical violation allowed. Each test opens the pages it needs, so any one runs alone or
 * in any order; it waits for what it reads (a page's load, an element), never for the network to go quiet.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

describe.skipIf(!hasChromium())("the public side in a browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("response", (res) => {
      // The "not found" answers this test asks for are expected; anything else missing is a fault.
      if (res.status() >= 400 && !/\/certificates\/CN-1900-0001$|[?&]q=ngựa|\/(submit|track)$/.test(decodeURIComponent(res.url()))) {
        pageErrors.push(`${res.status()} ${res.url()}`);
      }
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // each test shows no script error and no unexpected failed request of its own
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  /** The first published initiative of one reform area, and the number of its certificate. */
  async function initiativeWithCertificate(): Promise<{ detail: string; number: string }> {
    await page.goto(`${server.url}/initiatives?area=procedures`);
    const href = await page.locator(".result-list .card-title a").first().getAttribute("href");
    await page.goto(`${server.url}${href}`);
    const number = (await page
      .locator("dd", { hasText: /CN-\d{4}-\d+/ })
      .first()
      .textContent())!.match(/CN-\d{4}-\d+/)![0];
    return { detail: href!, number };
  }

  async function search(q: string) {
    await page.goto(`${server.url}/initiatives`);
    await page.getByLabel("Tìm kiếm", { exact: true }).fill(q);
    await Promise.all([page.waitForURL(/\/initiatives\?/), page.getByRole("button", { name: "Tìm", exact: true }).click()]);
    await page.locator(".result-list, .empty-result").first().waitFor();
  }

  it("searches with and without diacritics, highlighting the matches", async () => {
    for (const q of ["dang ky kinh doanh", "ĐĂNG KÝ KINH DOANH", "Đăng ký"]) {
      await search(q);
      expect(new URL(page.url()).searchParams.get("q")).toBe(q);
      const titles = await page.locator(".result-list .card-title a").allTextContents();
      expect(titles.length, q).toBeGreaterThan(0);
      expect(
        titles.some((t) => t.includes("đăng ký kinh doanh")),
        q,
      ).toBe(true);
      expect(await page.locator(".result-list mark").first().textContent()).toMatch(/^(đăng|ký|kinh|doanh|Đăng)$/i);
    }
    await search("ngựa vằn bay");
    expect(await page.locator(".empty-result").count()).toBe(1);
  });

  it("filters by reform area and keeps the filter in the address", async () => {
    await page.goto(`${server.url}/initiatives`);
    const all = await page.locator(".result-list .card-title a").count();
    await page.getByLabel("Lĩnh vực cải cách").selectOption("procedures");
    await Promise.all([page.waitForURL(/area=procedures/), page.getByRole("button", { name: "Áp dụng" }).click()]);
    await page.locator(".result-list").waitFor();
    const filtered = await page.locator(".result-list .card-title a").count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    expect(await page.locator(".card-meta").allTextContents()).toEqual(
      Array(filtered).fill(expect.stringContaining("Cải cách thủ tục hành chính")),
    );
  });

  it("opens an initiative and verifies its certificate", async () => {
    await page.goto(`${server.url}/initiatives?area=procedures`);
    const first = page.locator(".result-list .card-title a").first();
    const title = (await first.textContent())!.trim();
    await Promise.all([page.waitForURL(/\/initiatives\/[a-z0-9-]+$/), first.click()]);
    // Client-side navigation: the address changes as the new page renders; wait for its heading.
    await page.locator("h1", { hasText: title }).waitFor();
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(title);
    const number = (await page
      .locator("dd", { hasText: /CN-\d{4}-\d+/ })
      .first()
      .textContent())!.match(/CN-\d{4}-\d+/)![0];
    await Promise.all([page.waitForURL(/\/certificates\/CN-/), page.getByRole("link", { name: "Kiểm tra", exact: true }).click()]);
    await page.locator("h1", { hasText: "Giấy chứng nhận hợp lệ" }).waitFor();
    expect(await page.getByRole("link", { name: title }).count()).toBe(1);

    // The same check by typing the number, as someone holding the paper would.
    await page.goto(`${server.url}/certificates`);
    await page.getByLabel("Số giấy chứng nhận").fill(number.toLowerCase());
    await Promise.all([page.waitForURL(new RegExp(`/certificates/${number}$`)), page.getByRole("button", { name: "Kiểm tra" }).click()]);
    await page.locator("h1", { hasText: "Giấy chứng nhận hợp lệ" }).waitFor();
    // The printable certificate: its print button appears once its one-line script runs, and prints.
    await page.goto(`${server.url}/certificates/${number}/print`);
    expect(await page.locator("svg.cert-qr path").count()).toBe(1);
    await page.evaluate(() => Object.assign(window, { printed: 0, print: () => (window as unknown as { printed: number }).printed++ }));
    await page.locator("#print-button").click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.goto(`${server.url}/certificates/CN-1900-0001`);
    expect(await page.locator("h1").textContent()).toBe("Không tìm thấy giấy chứng nhận");
  });

  it("has no serious or critical axe-core violation on the public pages", async () => {
    const axeSource = fs.readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");
    const { detail, number } = await initiativeWithCertificate();
    const certificate = `/certificates/${number}`;
    const pages = [
      "/",
      "/initiatives?area=procedures",
      detail,
      "/initiatives?q=dang+ky",
      "/statistics",
      "/open-data",
      "/certificates",
      certificate,
      `${certificate}/print`,
      "/submit",
      "/track",
      "/help",
      "/accessibility",
    ];
    const missing: string[] = [];
    const problems: string[] = [];
    for (const p of pages) {
      const url = p.startsWith("http") ? p : `${server.url}${p}`;
      const res = await page.goto(url);
      if (res?.status() === 404) {
        missing.push(p);
        continue;
      }
      // Evaluated through the DevTools protocol: the nonce CSP would refuse an injected <script>.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                ctx: unknown,
                opts: unknown,
              ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
      });
      for (const v of violations) {
        if (v.impact === "serious" || v.impact === "critical") problems.push(`${p}: ${v.id} (${v.impact}) ${v.targets.join(", ")}`);
      }
    }
    if (missing.length) console.warn("pages not found (not built yet?):", missing);
    expect(problems).toEqual([]);
    expect(missing.filter((m) => !["/submit", "/track"].includes(m))).toEqual([]);
    // axe takes a few seconds a page on a shared two-core machine
  }, 90_000);
});
