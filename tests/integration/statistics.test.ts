import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStatistics, quantileOfHistogram, rebuildStatistics } from "~/models/public/statistics.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { publishFixture, submitAndRecognise } from "./public-fixtures";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

async function counters() {
  const rows = await t.db.selectFrom("stat_counts").selectAll().orderBy("dimension").orderBy("key").execute();
  const days = await t.db.selectFrom("stat_decision_days").selectAll().orderBy("year").orderBy("days").execute();
  return { rows, days };
}

describe("maintained statistics", () => {
  it("match the initiatives after the demo seed", async () => {
    const direct = await t.db
      .selectFrom("initiatives")
      .select([
        sql<number>`count(*)`.as("submitted"),
        sql<number>`sum(case when status in ('recognised', 'published') then 1 else 0 end)`.as("recognised"),
        sql<number>`sum(case when status = 'not_recognised' then 1 else 0 end)`.as("not_recognised"),
      ])
      .executeTakeFirstOrThrow();
    const s = await getStatistics(t.db);
    expect(s.totals.submitted).toBe(Number(direct.submitted));
    expect(s.totals.recognised).toBe(Number(direct.recognised));
    expect(s.totals.notRecognised).toBe(Number(direct.not_recognised));
    expect(s.decisions).toBe(Number(direct.recognised) + Number(direct.not_recognised));
    expect(s.byArea.reduce((n, r) => n + r.submitted, 0)).toBe(s.totals.submitted);
    expect(s.byPlace.reduce((n, r) => n + r.submitted, 0)).toBe(s.totals.submitted);
    expect(s.byYear.reduce((n, r) => n + r.recognised, 0)).toBe(s.totals.recognised);
    expect(s.medianDays).not.toBeNull();
    expect(s.p90Days!).toBeGreaterThanOrEqual(s.medianDays!);
  });

  it("are counted by submission and decision, and a rebuild agrees with them", async () => {
    const before = await getStatistics(t.db);
    const submittedAt = new Date(Date.UTC(2027, 0, 10));
    await submitAndRecognise(t.db, {
      title: "Đếm thống kê khi gửi và khi quyết định",
      reformArea: "public_finance",
      submittedAt,
      decidedAt: new Date(submittedAt.getTime() + 30 * 86_400_000),
    });
    const after = await getStatistics(t.db);
    expect(after.totals.submitted).toBe(before.totals.submitted + 1);
    expect(after.totals.recognised).toBe(before.totals.recognised + 1);
    expect(after.byYear.find((r) => r.key === "2027")).toMatchObject({ submitted: 1, recognised: 1 });
    const area = (s: typeof before) => s.byArea.find((r) => r.key === "public_finance") ?? { submitted: 0, recognised: 0 };
    expect(area(after).submitted).toBe(area(before).submitted + 1);
    expect(area(after).recognised).toBe(area(before).recognised + 1);
    const days = await t.db.selectFrom("stat_decision_days").selectAll().where("year", "=", 2027).execute();
    expect(days).toEqual([{ year: 2027, days: 30, n: 1 }]);

    // Publication is not a second decision.
    await publishFixture(t.db, { title: "Công bố không đếm lại quyết định" });
    const maintained = await counters();
    await rebuildStatistics(t.db);
    expect(await counters()).toEqual(maintained);
  });

  it("computes percentiles from the histogram by nearest rank", () => {
    expect(quantileOfHistogram([], 0.5)).toBeNull();
    const bins = [
      { value: 10, n: 4 },
      { value: 20, n: 4 },
      { value: 90, n: 2 },
    ];
    expect(quantileOfHistogram(bins, 0.5)).toBe(20);
    expect(quantileOfHistogram(bins, 0.4)).toBe(10);
    expect(quantileOfHistogram(bins, 0.9)).toBe(90);
    expect(quantileOfHistogram([{ value: 7, n: 1 }], 0.9)).toBe(7);
  });
});

describe("/statistics", () => {
  it("draws each breakdown as a labelled SVG chart with its table beside it", async () => {
    const res = await app.fetch("/statistics");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ["by-year", "by-area", "by-place"]) {
      expect(html).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(html).toMatch(new RegExp(`<svg[^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc"`));
      expect(html).toContain(`<title id="${id}-title">`);
      expect(html).toMatch(new RegExp(`<desc id="${id}-desc">[^<]*\\d`));
    }
    expect(html.match(/<table class="chart-table">/g)).toHaveLength(3);
    expect(html).toContain("Cải cách thủ tục hành chính");
    expect(html).toContain("Trung vị số ngày từ khi gửi đến khi có quyết định");
    expect(html).toContain("Tỷ lệ được công nhận");
    const en = await (await app.fetch("/statistics", { headers: { Cookie: "lang=en" } })).text();
    expect(en).toContain("Median days from submission to decision");
    expect(en).toContain("Administrative procedure reform");
  });

  it("reads the counters, not the initiatives", async () => {
    await t.db.updateTable("stat_counts").set({ submitted: 987654 }).where("dimension", "=", "all").execute();
    const html = await (await app.fetch("/statistics")).text();
    expect(html).toContain("987.654");
    await rebuildStatistics(t.db);
    expect(await (await app.fetch("/statistics")).text()).not.toContain("987.654");
  });
});

describe("the reading pages' data", () => {
  it.each([
    ["/statistics", "timeliness"],
    ["/", "figures"],
  ])("%s renders its figures as a document and still hands them whole to the browser's router (.data)", async (path, key) => {
    const s = await getStatistics(t.db);
    const doc = await app.fetch(path);
    expect(doc.status).toBe(200);
    expect(await doc.text()).toContain(s.totals.submitted.toLocaleString("vi-VN"));
    const data = await app.fetch(`${path === "/" ? "/_root" : path}.data`);
    expect(data.status).toBe(200);
    const body = await data.text();
    expect(body).toContain(`"${key}"`);
    expect(body).toContain(String(s.totals.submitted));
  });
});
