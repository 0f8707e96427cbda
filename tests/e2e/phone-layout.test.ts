/**
 * Every public and citizen page in Chromium at a phone's width (360 px) and a laptop's (1366 px), in Vietnamese and
 * English: nothing may be wider than the viewport, the header keeps to two lines, and on a phone a key–value panel
 * puts its label above its value. The citizen's pages come from a real submission through the form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createDb, type DB } from "../../db/client";
import { hasChromium, launchBrowser } from "../setup/browser";
import { publishFixture } from "../integration/public-fixtures";
import { startServer, type RunningServer } from "../setup/server";
import { trackingToken } from "~/utils/tokens.server";

const WIDTHS = [360, 1366] as const;
const LANGS = ["vi", "en"] as const;
// A word with no break opportunity (Chromium breaks an address after its slashes and hyphens; not a file name's underscores).
const LONG_WORD = "ban_sao_chung_thuc_giay_khai_sinh_va_so_ho_khau_cua_ho_gia_dinh_SK2026000041.pdf";

describe.skipIf(!hasChromium())("public and citizen pages fit a phone", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const paths: string[] = [];
  let detail = "";
  let trackLink = "";
  let db: DB | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ SEED_DEMO: "yes" }), launchBrowser()]);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });

    // A real submission, through the form, with a long title and an unbroken word in its text.
    await page.goto(`${server.url}/submit`);
    await page.fill("#f-title", "Cải cách tổ chức bộ máy hành chính nhà nước");
    await page.selectOption("#f-reformArea", "apparatus");
    await page.check("#f-scope-type-unit");
    await page.fill("#f-scope-unitName", "Phường Hoàn Kiếm");
    await page.fill("#f-problem", `Hồ sơ phải nộp lại nhiều lần, xem ${LONG_WORD}`);
    await page.fill("#f-solution", "Sắp xếp lại đầu mối tiếp nhận hồ sơ của các phòng chuyên môn.");
    await page.fill("#f-benefit", "Giảm thời gian giải quyết hồ sơ xuống còn một nửa.");
    await page.fill("#f-author-fullName", "Nguyễn Thị Phương Thảo");
    await page.fill("#f-author-email", "thao.nguyen@example.com");
    await page.check("#f-consentData");
    await Promise.all([page.waitForURL(/\/submit\/received$/), page.click('button[value="submit"]')]);
    trackLink = (await page.getAttribute("a.private-link", "href"))!;

    // A published one with the same long title and word, through the staff side's lifecycle on the server's database.
    db = createDb(server.databaseUrl);
    const published = await publishFixture(db, {
      title: "Cải cách tổ chức bộ máy hành chính nhà nước",
      problem: `Hồ sơ phải nộp lại nhiều lần, xem ${LONG_WORD}`,
      authorName: "Nguyễn Thị Phương Thảo",
      consentPublishName: true,
      reformArea: "apparatus",
    });
    detail = `/initiatives/${published.slug}`;
    const certificate = published.certificateNumber;
    // The confirmation page of withdrawing a name consent, from the published one's private link.
    const tracked = await db
      .selectFrom("initiatives")
      .select(["code", "link_version"])
      .where("id", "=", published.id)
      .executeTakeFirstOrThrow();
    const withdrawConsent = `/track/${tracked.code}/consents?t=${trackingToken(tracked.code, tracked.link_version)}&person=0`;
    // The private page at the end of the procedure (stages, decision, links), and a link that opens nothing.
    const { link_version } = await db
      .selectFrom("initiatives")
      .select("link_version")
      .where("id", "=", published.id)
      .executeTakeFirstOrThrow();
    const publishedTrackLink = `/track/${published.code}?t=${trackingToken(published.code, link_version)}`;

    paths.push(
      "/",
      "/initiatives",
      `/initiatives?q=${encodeURIComponent("đăng ký")}&area=procedures`,
      detail,
      "/certificates",
      `/certificates/${certificate}`,
      `/certificates/${certificate}/print`,
      "/statistics",
      "/open-data",
      "/help",
      "/accessibility",
      "/privacy",
      "/campaigns",
      "/campaigns/mot-cua-lien-thong-2026",
      "/submit?campaign=so-hoa-thu-tuc-2026",
      "/submit",
      "/submit/received",
      "/track",
      trackLink,
      trackLink.replace("?", "/rights?"),
      withdrawConsent,
      publishedTrackLink,
      `/track/${published.code}?t=khong-dung`,
      "/khong-co-trang-nay",
    );
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await browser?.close();
    await server?.stop();
  });

  /** The widest element sticking out of the viewport, named for the failure message; null when nothing does. */
  function overflow(p: Page) {
    return p.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= window.innerWidth) return null;
      let widest = { name: "", right: 0 };
      for (const el of document.body.querySelectorAll("*")) {
        // Text sticking out of its box widens the box's scrollWidth, not the box: count both; the last of equals is the
        // innermost, the one to name.
        const box = el.getBoundingClientRect();
        const right = box.left + Math.max(box.width, el.scrollWidth);
        if (right >= widest.right) {
          const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
          widest = { name: `${el.tagName.toLowerCase()}${cls} “${(el.textContent ?? "").trim().slice(0, 40)}”`, right };
        }
      }
      return `scrollWidth ${root.scrollWidth} > ${window.innerWidth}; widest: ${widest.name} (right edge ${Math.round(widest.right)})`;
    });
  }

  // Each page loads once per language and is measured at every width: the layout follows the viewport alone (no
  // script of the app reads the width), and a page load is what a browser test pays for.
  for (const lang of LANGS) {
    it(`no page is wider than ${WIDTHS.join(" px or ")} px (${lang})`, async () => {
      const failures: string[] = [];
      for (const p of paths) {
        await page.setViewportSize({ width: WIDTHS[0], height: 800 });
        const url = `${server.url}${p}${p.includes("?") ? "&" : "?"}lang=${lang}`;
        await page.goto(url);
        expect(await page.getAttribute("html", "lang"), p).toBe(lang);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          const wide = await overflow(page);
          if (wide) failures.push(`${width} px ${p}: ${wide}`);
          // The header: the brand row and one navigation row, never three lines of links.
          const nav = await page.evaluate(() => {
            const n = document.querySelector(".main-nav");
            if (!n) return null;
            const links = [...n.querySelectorAll("a")].map((a) => Math.round(a.getBoundingClientRect().top));
            return new Set(links).size;
          });
          if (nav !== null && nav > 1) failures.push(`${width} px ${p}: the navigation takes ${nav} lines`);
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it("on a phone, a fact's value starts below its label; on a laptop, beside it", async () => {
    for (const [width, stacked] of [
      [360, true],
      [1366, false],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      for (const p of [detail, trackLink]) {
        await page.goto(`${server.url}${p}`);
        const [dt, dd] = await page.evaluate(() => {
          const term = document.querySelector("dl.facts dt")!;
          const box = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
          return [box(term), box(term.nextElementSibling!)];
        });
        if (stacked) {
          expect(dd.top, p).toBeGreaterThanOrEqual(dt.bottom - 1);
          expect(dd.left, p).toBeLessThanOrEqual(dt.left + 1);
        } else expect(Math.abs(dd.top - dt.top), p).toBeLessThan(2);
      }
    }
  }, 60_000);
});
