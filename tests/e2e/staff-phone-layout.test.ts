/**
 * Every staff page in Chromium at a phone's width (360 px), signed in as each demo role on the demo data: nothing may
 * be wider than the viewport (a table scrolls inside its own container, a long code or address wraps), and the queue's
 * filters start closed. The same pages at a laptop's width keep their desktop layout (tables as tables).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { startServer, type RunningServer } from "../setup/server";

const PASSWORD = "demo-password";

describe.skipIf(!hasChromium())("staff pages fit a phone", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let db: DB | undefined;
  /** The pages each role works on, from the demo data. */
  const pagesOf: Record<string, string[]> = {};
  /** the city level's pages, checked on their own (docs/decisions/039-city-level-round.md) */
  const cityPagesOf: Record<string, string[]> = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes", JOBS_INTERVAL_MS: "0" }), launchBrowser()]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    db = createDb(server.databaseUrl);

    const codes = await db.selectFrom("initiatives").select(["code", "status"]).orderBy("id").execute();
    const codeIn = (status: string) => {
      const found = codes.find((c) => c.status === status);
      if (!found) throw new Error(`the demo has no initiative in status ${status}`);
      return found.code;
    };
    const reviewer = await db.selectFrom("users").select("id").where("email", "=", "reviewer1@example.org").executeTakeFirstOrThrow();
    const assignments = await db
      .selectFrom("assignments")
      .select(["id", "status"])
      .where("reviewer_id", "=", reviewer.id)
      .orderBy("id")
      .execute();
    const reviewForms = [...new Set(assignments.map((a) => a.status))].map(
      (s) => `/staff/reviews/${assignments.find((a) => a.status === s)!.id}`,
    );
    expect(reviewForms.length).toBeGreaterThan(0);
    // The reviewer form in its three steps: the first open review answered "no conflict" (the scoring form with its
    // score bands), its declaration's confirmation, and another open review still at the conflict question.
    const open = assignments.filter((a) => a.status === "assigned");
    if (open.length > 0) {
      await db.updateTable("assignments").set({ no_conflict_at: new Date().toISOString() }).where("id", "=", open[0].id).execute();
      reviewForms.push(`/staff/reviews/${open[0].id}?step=conflict`);
      if (open[1]) reviewForms.push(`/staff/reviews/${open[1].id}`);
    }

    const filtered = `/staff?status=in_review&area=procedures&overdue=1&sort=due&q=${encodeURIComponent("hồ sơ")}`;
    pagesOf["secretary@example.org"] = [
      "/staff",
      filtered,
      ...["submitted", "screening", "needs_info", "in_review", "council", "recognised", "published", "withdrawn"].map(
        (s) => `/staff/initiatives/${codeIn(s)}`,
      ),
      ...["in_review", "council", "recognised"].map((s) => `/staff/initiatives/${codeIn(s)}/aggregate`),
      ...["recognised", "published"].map((s) => `/staff/initiatives/${codeIn(s)}/publication`),
      `/staff/initiatives/${codeIn("screening")}/duplicates`,
      "/staff/assign",
      "/staff/password",
      "/staff/timeliness",
    ];
    pagesOf["chair@example.org"] = [
      "/staff",
      ...["council", "recognised", "not_recognised"].map((s) => `/staff/initiatives/${codeIn(s)}/decision`),
      `/staff/initiatives/${codeIn("council")}/aggregate`,
    ];
    // Council meetings: the list, the form, the open and the closed meeting, and each one's minutes.
    const meetings = await db.selectFrom("council_meetings").select(["id", "status"]).orderBy("id").execute();
    const meetingPages = [
      "/staff/meetings",
      "/staff/meetings/new",
      ...meetings.flatMap((m) => [`/staff/meetings/${m.id}`, `/staff/meetings/${m.id}/minutes`]),
    ];
    expect(meetings.map((m) => m.status).sort()).toEqual(["closed", "scheduled"]);
    // The presiding chair sees all a secretary sees of a meeting, and the vote forms.
    pagesOf["chair@example.org"].push(...meetingPages);
    pagesOf["reviewer1@example.org"] = ["/staff", "/staff/reviews", ...reviewForms, "/staff/password"];
    pagesOf["admin@example.org"] = [
      "/staff",
      filtered,
      ...["audit", "calendar", "commendations", "outbox", "rubric", "units", "users", "campaigns"].map((p) => `/staff/admin/${p}`),
      "/staff/password",
    ];
    // The city level (docs/decisions/039-city-level-round.md): the demo's round, a nomination in review (with the
    // assignment form), a decided one, and a reviewer's city-level form.
    const city = await db
      .selectFrom("city_nominations as n")
      .innerJoin("city_rounds as r", "r.id", "n.round_id")
      .select(["n.id", "n.status", "r.year"])
      .orderBy("n.id")
      .execute();
    const cityPage = (status: string) => `/staff/city-level/nominations/${city.find((n) => n.status === status)!.id}`;
    cityPagesOf["secretary@example.org"] = ["/staff/city-level", `/staff/city-level/${city[0].year}`, cityPage("in_review")];
    cityPagesOf["chair@example.org"] = [cityPage("recognised")];
    const cityForm = await db
      .selectFrom("city_assignments")
      .select("id")
      .where("reviewer_id", "=", reviewer.id)
      .orderBy("id")
      .executeTakeFirst();
    cityPagesOf["reviewer1@example.org"] = ["/staff/city-level", ...(cityForm ? [`/staff/city-level/reviews/${cityForm.id}`] : [])];
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  async function signInAs(email: string) {
    await browser.context.clearCookies();
    await page.goto(`${server.url}/staff/login`);
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/staff/login")), page.click("button.primary")]);
  }

  /** The widest element sticking out of the viewport, named for the failure message; null when nothing does. */
  function overflow(p: Page) {
    return p.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= window.innerWidth) return null;
      let widest = { name: "", right: 0 };
      for (const el of document.body.querySelectorAll("*")) {
        // Inside a container that scrolls by itself, sticking out is the point: skip what it clips.
        let clipped = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== "visible") {
            clipped = true;
            break;
          }
        }
        if (clipped) continue;
        const box = el.getBoundingClientRect();
        const scrolls = getComputedStyle(el).overflowX !== "visible";
        const right = box.left + (scrolls ? box.width : Math.max(box.width, el.scrollWidth));
        if (right >= widest.right) {
          const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
          widest = { name: `${el.tagName.toLowerCase()}${cls} “${(el.textContent ?? "").trim().slice(0, 40)}”`, right };
        }
      }
      return `scrollWidth ${root.scrollWidth} > ${window.innerWidth}; widest: ${widest.name} (right edge ${Math.round(widest.right)})`;
    });
  }

  it("no staff page is wider than 360 px, for any role", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const failures: string[] = [];
    for (const [email, paths] of Object.entries(pagesOf)) {
      await signInAs(email);
      for (const p of paths) {
        const response = await page.goto(`${server.url}${p}`);
        expect(response?.status(), `${email} ${p}`).toBe(200);
        const wide = await overflow(page);
        if (wide) failures.push(`${email} ${p}: ${wide}`);
      }
    }
    expect(failures).toEqual([]);
  }, 90_000);

  it("the city level's staff pages fit a phone too", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const failures: string[] = [];
    for (const [email, paths] of Object.entries(cityPagesOf)) {
      await signInAs(email);
      for (const p of paths) {
        const response = await page.goto(`${server.url}${p}`);
        expect(response?.status(), `${email} ${p}`).toBe(200);
        const wide = await overflow(page);
        if (wide) failures.push(`${email} ${p}: ${wide}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("a table that scrolls on a phone is a named, focusable region; on a laptop it is the page's width", async () => {
    await signInAs("admin@example.org");
    for (const [width, scrolls] of [
      [360, true],
      [1366, false],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${server.url}/staff/admin/users`);
      const region = await page.evaluate(() => {
        const box = document.querySelector("main table")!.parentElement!;
        return {
          scrolls: box.scrollWidth > box.clientWidth,
          role: box.getAttribute("role"),
          label: box.getAttribute("aria-label") ?? box.getAttribute("aria-labelledby"),
          tabIndex: box.tabIndex,
        };
      });
      expect(region.scrolls).toBe(scrolls);
      expect(region.role).toBe("region");
      expect(region.label).toBeTruthy();
      expect(region.tabIndex).toBe(0);
    }
  }, 30_000);

  it("the queue's filters start closed and say which are active; the choice is in the address", async () => {
    await signInAs("secretary@example.org");
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/staff?view=all`);
    expect(await page.getAttribute("details.queue-filters", "open")).toBeNull();
    // The queue's table scrolls by itself on a phone and is still a table to a screen reader.
    expect(await page.getByRole("table").count()).toBe(1);
    expect(await page.getByRole("columnheader").count()).toBeGreaterThan(3);
    await page.goto(`${server.url}/staff?area=procedures&overdue=1`);
    expect(await page.getAttribute("details.queue-filters", "open")).toBeNull();
    const summary = (await page.textContent("details.queue-filters summary")) ?? "";
    expect(summary).toContain("Cải cách thủ tục hành chính");
    await page.click("details.queue-filters summary");
    expect(await page.inputValue("#area")).toBe("procedures");
  }, 30_000);
});
