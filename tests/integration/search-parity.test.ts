/**
 * Search gives the same results on SQLite (FTS5) and PostgreSQL (GIN over tsvector): one table of queries,
 * run by `npm test` on SQLite and by `npm run test:postgres` on PostgreSQL, with the same expectations.
 * Diacritics or none, đ or d, old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement, upper case, several words,
 * and legal document numbers ("61/2018/NĐ-CP"), which officials search most and which PostgreSQL's parser kept as
 * one token. A title match comes before a body match on both engines; where two results tie (both titles match)
 * the engines' rankings (bm25, ts_rank) may order them differently, and the table says so: `tie` compares the set.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresMatches } from "~/models/public/search-postgres.server";
import { matchAll, tiers } from "~/models/public/search-tiers";
import { searchQuery, searchTerms } from "~/models/public/search-terms";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, onPostgres, testEngine, type TestDb } from "../setup/db";
import { publishFixture, slugsIn, type FixtureInput } from "./public-fixtures";

let t: TestDb;
let app: TestApp;
const slug: Record<string, string> = {};
const NEUTRAL = { solution: "Quy trình mới.", benefit: "Tiết kiệm." };

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  const now = Date.now();
  const fixtures: Record<string, { title: string; problem: string }> = {
    A: { title: "Một cửa liên thông theo Nghị định 61/2018/NĐ-CP tại xã Quảng Oai", problem: "Hồ sơ thủy lợi phải nộp nhiều lần." },
    B: { title: "Hoà giải cơ sở trực tuyến ở phường Đống Đa", problem: "Áp dụng Thông tư 01/2023/TT-BTP, người dân đỡ đến trụ sở." },
    C: { title: "Số hoá hồ sơ thuỷ lợi", problem: "Theo Nghị định 61 về một cửa, hồ sơ giấy chậm." },
    D: { title: "Đường dây nóng Quảng Oai", problem: "Phản ánh được ghi nhận trong ngày." },
  };
  let i = 0;
  for (const [key, f] of Object.entries(fixtures)) {
    slug[key] = (await publishFixture(t.db, { ...f, ...NEUTRAL, publishedAt: new Date(now - ++i * 3_600_000) })).slug;
  }
  // Issue 14's cases: labels, consented names, the prefix being typed, exact diacritics before folded words.
  const more: Record<string, FixtureInput> = {
    E: { title: "Số hóa sổ hộ tịch của phường Kim Liên", problem: "Sổ giấy cũ khó tra cứu.", procedureDomain: "civil_status" },
    F: { title: "Chuẩn hóa quy chế lưu sổ, tự động hóa sổ", problem: "Số lượng sổ sách lớn." },
    G: { title: "Trả kết quả bản sao tại quầy", problem: "Người dân chờ lâu.", procedureDomain: "certification" },
    H: { title: "Sổ tay tiếp công dân", problem: "Cán bộ mới lúng túng.", authorName: "Khúc Thừa Dụ", consentPublishName: true },
    I: { title: "Bảng tin tổ dân phố", problem: "Thông báo dán giấy.", authorName: "Tôn Thất Thuyết", consentPublishName: false },
  };
  for (const [key, f] of Object.entries(more)) {
    slug[key] = (await publishFixture(t.db, { ...NEUTRAL, ...f, publishedAt: new Date(now - ++i * 3_600_000) })).slug;
  }
});
afterAll(() => t.cleanup());

/** A demo initiative (db/seed/demo.ts) the "số hoá" case names: "Chuẩn hóa quy chế…". */
const OTHER_CHUAN_HOA = "other:chuan-hoa-quy-che-phoi-hop-giua-cac-so-trong-cap-phep-xay-dung-de-xuat-36";

/**
 * query → the fixtures found, best first; `tie` when they may come in any order; `orderedFirst` when only the first
 * ones are ordered (the rest share a tier, where the engines' scores may order them differently).
 */
const TABLE: { q: string; found: string[]; tie?: true; orderedFirst?: number }[] = [
  { q: "61/2018/NĐ-CP", found: ["A"] },
  { q: "Nghị định 61/2018/NĐ-CP", found: ["A"] },
  { q: "nghi dinh 61/2018/nd-cp", found: ["A"] },
  { q: "Nghị định 61", found: ["A", "C"] },
  { q: "NGHỊ ĐỊNH", found: ["A", "C"] },
  { q: "2018", found: ["A"] },
  { q: "NĐ-CP", found: ["A"] },
  { q: "nd cp", found: ["A"] },
  { q: "01/2023/TT-BTP", found: ["B"] },
  { q: "tt btp", found: ["B"] },
  { q: "thuỷ lợi", found: ["C", "A"] },
  { q: "thủy lợi", found: ["C", "A"] },
  { q: "thuy loi", found: ["C", "A"] },
  { q: "hòa giải", found: ["B"] },
  { q: "hoà giải", found: ["B"] },
  { q: "số hóa hồ sơ thủy lợi", found: ["C"] },
  { q: "Đống Đa", found: ["B"] },
  { q: "dong da", found: ["B"] },
  { q: "ĐƯỜNG DÂY NÓNG", found: ["D"] },
  { q: "duong day nong", found: ["D"] },
  { q: "một cửa liên thông", found: ["A"] },
  { q: "mot cua nghi dinh", found: ["A", "C"] },
  { q: "Quảng Oai", found: ["A", "D"], tie: true },
  { q: "quang oai", found: ["A", "D"], tie: true },
  // labels (Vietnamese, folded, English) with a word of the title, so the demo's other certified initiatives stay out
  { q: "chứng thực tại quầy", found: ["G"] },
  { q: "chung thuc tai quay", found: ["G"] },
  { q: "certification tai quay", found: ["G"] },
  { q: "Khúc Thừa Dụ", found: ["H"] },
  { q: "khuc thua du", found: ["H"] },
  { q: "Tôn Thất Thuyết", found: [] },
  { q: "duong day non", found: ["D"] },
  { q: "so ho tich kim lie", found: ["E"] },
  // the exact phrase, then every exact word (F: "Số", "hóa", "sổ"), then the folded words (ranked by each engine's own score)
  { q: "số hoá sổ", found: ["E", "F", "B", "C", OTHER_CHUAN_HOA], orderedFirst: 2 },
  { q: "số hóa sổ", found: ["E", "F", "B", "C", OTHER_CHUAN_HOA], orderedFirst: 2 },
];

describe(`search parity (${testEngine})`, () => {
  it.each(TABLE)("$q", async ({ q, found, tie, orderedFirst }) => {
    const res = await app.fetch(`/initiatives?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const mine = new Map(Object.entries(slug).map(([k, s]) => [s, k]));
    const got = slugsIn(await res.text())
      .filter((s, i, all) => all.indexOf(s) === i)
      .map((s) => mine.get(s) ?? `other:${s}`);
    if (tie) expect([...got].sort()).toEqual([...found].sort());
    else if (orderedFirst) {
      expect(got.slice(0, orderedFirst)).toEqual(found.slice(0, orderedFirst));
      expect(got.slice(orderedFirst).sort()).toEqual(found.slice(orderedFirst).sort());
    } else expect(got).toEqual(found);
  });
});

// PostgreSQL only: SQLite's FTS5 table is always the index; PostgreSQL uses its GIN index only while the query's
// expression is the index's, which this checks at a size where a sequential scan would be the planner's choice otherwise.
describe.skipIf(!onPostgres)("PostgreSQL search plan", () => {
  it("uses the GIN index publications_search at 20,000 publications", async () => {
    // Bulk rows for the planner only: the per-row triggers (status counts, public version) would make this minutes.
    await sql`ALTER TABLE initiatives DISABLE TRIGGER USER`.execute(t.db);
    await sql`ALTER TABLE publications DISABLE TRIGGER USER`.execute(t.db);
    await sql`
      INSERT INTO initiatives (code, link_version, submit_key, status, title, reform_area, scope_type, problem, solution, benefit,
        applied_before, confidential, author_type, consent_data, consent_publish_name, lang, submitted_at, due_on, updated_at, search_text)
      SELECT 'SK-2040-' || lpad(g::text, 6, '0'), 1, 'plan-' || g, 'published', 'Sáng kiến số ' || g, 'procedures', 'city',
        'Nội dung ' || g, 'Giải pháp', 'Lợi ích', 0, '', 'individual', 1, 0, 'vi', '2024-01-01T00:00:00.000Z', '2024-03-01', '2024-01-01T00:00:00.000Z', ''
      FROM generate_series(1, 20000) AS g`.execute(t.db);
    await sql`
      INSERT INTO publications (initiative_id, slug, title, problem, solution, benefit, reform_area, scope_type, decided_at, decision_reason, published_at, search_text)
      SELECT id, 'plan-' || id, title, problem, solution, benefit, reform_area, scope_type, '2024-02-01', 'Lý do', '2024-02-02T00:00:00.000Z', ''
      FROM initiatives WHERE submit_key LIKE 'plan-%'`.execute(t.db);
    await sql`ALTER TABLE initiatives ENABLE TRIGGER USER`.execute(t.db);
    await sql`ALTER TABLE publications ENABLE TRIGGER USER`.execute(t.db);
    await sql`ANALYZE publications`.execute(t.db);
    const q = t.db
      .selectFrom("publications as p")
      .select("p.initiative_id")
      .where(postgresMatches({ all: [matchAll({ terms: ["61", "2018", "nd", "cp"], search: searchQuery("61 2018 nd cp") })], none: [] }))
      .compile();
    const plan = await t.db.executeQuery<{ "QUERY PLAN": string }>({ ...q, sql: `EXPLAIN ${q.sql}` });
    const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Bitmap Index Scan on publications_search/);
    // The tiers' conditions too: exact tokens (weight D), phrases, a prefix, and a tier without the ones before it.
    for (const q of ["số hoá sổ", "ho tic"]) {
      const s = { terms: searchTerms(q), search: searchQuery(q) };
      for (const cond of tiers(s, true)) {
        const c = t.db.selectFrom("publications as p").select("p.initiative_id").where(postgresMatches(cond)).compile();
        const rows = await t.db.executeQuery<{ "QUERY PLAN": string }>({ ...c, sql: `EXPLAIN ${c.sql}` });
        expect(rows.rows.map((r) => r["QUERY PLAN"]).join("\n"), JSON.stringify(cond)).toMatch(/Bitmap Index Scan on publications_search/);
      }
    }
  }, 120_000);
});
