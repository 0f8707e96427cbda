/**
 * Search that finds what people type (issue 14): one row per case, with the result that must come first, run by
 * `npm test` on SQLite and by `npm run test:postgres` on PostgreSQL with the same expectations.
 *  - domain and reform-area labels are searched, in Vietnamese and English;
 *  - an author's name is found when, and only when, the author consented to publishing it (and stops being found
 *    once the consent is withdrawn and the initiative reindexed);
 *  - the last word matches as a prefix while typing ("ho tic" finds "hộ tịch");
 *  - tiers: exact diacritics (tone-mark placement and NFC/NFD normalised), then phrase, then all words, then prefix.
 */
import { withdrawNameConsent } from "~/models/consent/consents.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reindexPublication } from "~/models/public/search-index.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, testEngine, type TestDb } from "../setup/db";
import { publishFixture, slugsIn } from "./public-fixtures";

let t: TestDb;
let app: TestApp;
const slug: Record<string, string> = {};
const id: Record<string, number> = {};
const hour = 3_600_000;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  const now = Date.now();
  const fixtures: Record<string, Parameters<typeof publishFixture>[1]> = {
    // The ranking case: the words of "số hoá" everywhere in both, the exact phrase only in the first. The
    // second is newer, shorter and repeats both folded words, so a ranking on folded words alone puts it first.
    soHoa: {
      title: "Số hóa sổ hộ tịch tại các phường, xã trên địa bàn Thành phố Hà Nội",
      problem: "Sổ đăng ký khai sinh bằng giấy bị hư hỏng, tra cứu mất nhiều ngày.",
      procedureDomain: "civil_status",
      publishedAt: new Date(now - 5 * hour),
    },
    chuanHoa: {
      title: "Chuẩn hóa quy chế lưu sổ, tự động hóa sổ",
      problem: "Số lượng sổ sách lớn; việc hóa đơn hóa chưa thống nhất.",
      publishedAt: new Date(now - 1 * hour),
    },
    // A procedure domain its texts never name: only the label can find it.
    certified: {
      title: "Hẹn giờ trả kết quả tại bộ phận một cửa",
      problem: "Người dân chờ lâu khi lấy bản sao.",
      procedureDomain: "certification",
      publishedAt: new Date(now - 2 * hour),
    },
    named: {
      title: "Sổ tay tiếp công dân cho cán bộ mới",
      authorName: "Phùng Khắc Khoan",
      consentPublishName: true,
      publishedAt: new Date(now - 3 * hour),
    },
    unnamed: {
      title: "Bảng tin điện tử tại nhà văn hóa tổ dân phố",
      authorName: "Lều Thị Mận",
      consentPublishName: false,
      publishedAt: new Date(now - 4 * hour),
    },
    financed: {
      title: "Công khai thu chi ngân sách xã trên bảng điện tử",
      reformArea: "public_finance",
      publishedAt: new Date(now - 6 * hour),
    },
  };
  for (const [key, f] of Object.entries(fixtures)) {
    const r = await publishFixture(t.db, f);
    slug[key] = r.slug;
    id[key] = r.id;
  }
});
afterAll(() => t.cleanup());

async function found(q: string, extra = ""): Promise<string[]> {
  const res = await app.fetch(`/initiatives?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status).toBe(200);
  const mine = new Map(Object.entries(slug).map(([k, s]) => [s, k]));
  return slugsIn(await res.text())
    .filter((s, i, all) => all.indexOf(s) === i)
    .map((s) => mine.get(s) ?? `other:${s}`);
}

async function filtered(query: string): Promise<string[]> {
  const res = await app.fetch(`/initiatives?${query}`);
  return slugsIn(await res.text()).filter((s, i, all) => all.indexOf(s) === i);
}

/** The cases: query → the fixture that must come first (null: none of the fixtures may be found). */
const TABLE: { case: string; q: string; first: string | null }[] = [
  { case: "domain label, Vietnamese", q: "chứng thực", first: "certified" },
  { case: "domain label, folded", q: "chung thuc", first: "certified" },
  { case: "domain label, English", q: "certification", first: "certified" },
  { case: "author who consented, by full name", q: "Phùng Khắc Khoan", first: "named" },
  { case: "author who consented, folded", q: "phung khac khoan", first: "named" },
  { case: "author who did not consent", q: "Lều Thị Mận", first: null },
  { case: "prefix of the last word while typing", q: "ho tic", first: "soHoa" },
  { case: "prefix, accented", q: "hộ tị", first: null },
  { case: "exact diacritics first (old tone placement)", q: "số hoá", first: "soHoa" },
  { case: "exact diacritics first (new tone placement)", q: "số hóa", first: "soHoa" },
  { case: "exact diacritics first (NFD input)", q: "số hoá".normalize("NFD"), first: "soHoa" },
  { case: "upper case, exact diacritics", q: "SỐ HÓA", first: "soHoa" },
  { case: "folded phrase before folded words", q: "so hoa", first: "soHoa" },
  // Every public-finance initiative has the label: a word of the title makes the first one certain.
  { case: "reform-area label, Vietnamese", q: "tài chính công thu chi", first: "financed" },
  { case: "reform-area label, English", q: "public finance thu chi", first: "financed" },
];

describe(`search table (${testEngine})`, () => {
  it.each(TABLE)("$case: $q", async ({ q, first }) => {
    const got = await found(q);
    if (first === null) expect(got.filter((k) => !k.startsWith("other:"))).toEqual([]);
    else expect(got[0]).toBe(first);
  });

  it('"số hoá" ranks "Số hóa sổ hộ tịch…" above "Chuẩn hóa quy chế…", and both are found', async () => {
    const got = await found("số hoá");
    expect(got).toContain("chuanHoa");
    expect(got.indexOf("soHoa")).toBeLessThan(got.indexOf("chuanHoa"));
  });

  it('"hộ tị" is too short a prefix to stand alone; "hộ tịc" finds "hộ tịch"', async () => {
    expect((await found("hộ tịc"))[0]).toBe("soHoa");
  });

  it("a label search finds everything the label's filter finds", async () => {
    for (const [q, filter] of [
      ["chứng thực", "domain=certification"],
      ["Hộ tịch", "domain=civil_status"],
      ["Cải cách tài chính công", "area=public_finance"],
      ["Public finance reform", "area=public_finance"],
    ]) {
      const byFilter = await filtered(filter);
      expect(byFilter.length, filter).toBeGreaterThan(0);
      const bySearch = await filtered(`q=${encodeURIComponent(q)}`);
      expect(bySearch, q).toEqual(expect.arrayContaining(byFilter));
    }
  });

  it("finds an author's name only while the author consents: a withdrawal takes it out of the index at once", async () => {
    expect((await found("Phùng Khắc Khoan"))[0]).toBe("named");
    await withdrawNameConsent(t.db, { initiativeId: id.named, position: 0 });
    expect(await found("Phùng Khắc Khoan")).not.toContain("named");
    // The index holds the names the publication shows: once one is shown, reindexing finds it.
    expect(await found("Lều Thị Mận")).not.toContain("unnamed");
    await t.db.updateTable("publications").set({ author_name: "Lều Thị Mận" }).where("initiative_id", "=", id.unnamed).execute();
    await reindexPublication(t.db, id.unnamed);
    expect((await found("Lều Thị Mận"))[0]).toBe("unnamed");
  });

  it("highlights the prefix's words and the exact words", async () => {
    const res = await app.fetch(`/initiatives?q=${encodeURIComponent("ho tic")}`);
    expect(await res.text()).toContain("<mark>hộ</mark> <mark>tịch</mark>");
  });
});
