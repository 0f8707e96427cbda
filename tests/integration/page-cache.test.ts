/**
 * What keeps the rendered-page cache from ever serving a stale page (docs/decisions/033-rendered-page-cache.md):
 * every table a public page reads has a trigger that bumps `public_state.pages` in the writing transaction, and
 * the writes that change public pages (a submission's counters, a decision, a publication, a correction, a unit's
 * name) do bump it. The cache itself is tested against a real server in tests/e2e/page-cache.test.ts.
 */
import { sql, type KyselyPlugin, type OperationNode } from "kysely";
import { createTestDb, onPostgres, type TestDb } from "../setup/db";
import { createTestApp } from "../setup/app";
import { publishFixture, submitAndRecognise } from "./public-fixtures";
import { publicPagesVersion } from "~/utils/page-cache.server";
import { isCacheablePath, normalisedQuery, PageCache, type CachedPage } from "~/utils/page-cache.server";

function tablesOf(node: unknown, into: Set<string>) {
  if (!node || typeof node !== "object") return;
  const n = node as OperationNode & { table?: { identifier?: { name?: string } } };
  if (n.kind === "TableNode" && n.table?.identifier?.name) into.add(n.table.identifier.name);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((x) => tablesOf(x, into));
    else if (v && typeof v === "object") tablesOf(v, into);
  }
}

async function tablesWithVersionTriggers(t: TestDb): Promise<Set<string>> {
  const rows = onPostgres
    ? await sql<{ table: string }>`SELECT c.relname AS "table" FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE g.tgname LIKE '%_public_pages'`.execute(t.db)
    : await sql<{
        table: string;
      }>`SELECT tbl_name AS "table" FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_public_pages_%'`.execute(t.db);
  return new Set(rows.rows.map((r) => r.table));
}

async function tableNames(t: TestDb): Promise<Set<string>> {
  const rows = onPostgres
    ? await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(t.db)
    : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(t.db);
  return new Set(rows.rows.map((r) => r.name));
}

describe("the public pages' content version", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ withDemo: true });
  });
  afterAll(() => t.cleanup());

  it("has a trigger on every table a cached public page reads", async () => {
    const seen = new Set<string>();
    const recorder: KyselyPlugin = {
      transformQuery: (args) => (tablesOf(args.node, seen), args.node),
      transformResult: async (args) => args.result,
    };
    const app = await createTestApp(t.db.withPlugin(recorder));
    const pub = await t.db.selectFrom("publications").select("slug").limit(1).executeTakeFirstOrThrow();
    const certificate = await t.db
      .selectFrom("decisions")
      .select("certificate_number")
      .where("certificate_number", "is not", null)
      .limit(1)
      .executeTakeFirstOrThrow();
    // The city level's own series (the demo recognises one nomination).
    const cityCertificate = await t.db
      .selectFrom("city_nominations")
      .select("certificate_number")
      .where("certificate_number", "is not", null)
      .limit(1)
      .executeTakeFirstOrThrow();
    const pages = [
      "/",
      "/initiatives",
      "/initiatives?q=thu+tuc",
      "/initiatives?area=procedures",
      `/initiatives/${pub.slug}`,
      "/statistics",
      "/certificates",
      `/certificates/${certificate.certificate_number}`,
      `/certificates/${cityCertificate.certificate_number}`,
      "/open-data",
      "/open-data/initiatives.csv",
      "/open-data/initiatives.json",
      "/feed.xml",
      "/sitemap.xml",
      "/privacy",
    ];
    for (const page of pages) {
      expect(isCacheablePath(new URL(page, "http://x").pathname), page).toBe(true);
      const response = await app.fetch(page);
      expect(response.status, page).toBe(200);
      await response.arrayBuffer();
    }
    const tables = await tableNames(t);
    const read = [...seen].filter((name) => tables.has(name) && name !== "public_state");
    expect(read.length).toBeGreaterThan(3);
    const triggered = await tablesWithVersionTriggers(t);
    expect(read.filter((name) => !triggered.has(name)).sort(), "tables read by public pages without a version trigger").toEqual([]);
  });

  it("moves with a submission, a decision, a publication, a correction and a unit's new name", async () => {
    let before = await publicPagesVersion(t.db);
    await submitAndRecognise(t.db, { title: "Phiếu hẹn điện tử cho thủ tục cấp phép xây dựng", publish: false });
    let now = await publicPagesVersion(t.db);
    expect(now).toBeGreaterThan(before);

    before = now;
    const published = await publishFixture(t.db, { title: "Một cửa liên thông cho đăng ký kinh doanh hộ cá thể" });
    now = await publicPagesVersion(t.db);
    expect(now).toBeGreaterThan(before);

    before = now;
    await t.db
      .updateTable("publications")
      .set({ title: "Một cửa liên thông cho đăng ký kinh doanh (đã sửa)" })
      .where("slug", "=", published.slug)
      .execute();
    now = await publicPagesVersion(t.db);
    expect(now).toBeGreaterThan(before);

    before = now;
    const unit = await t.db.selectFrom("units").select(["id", "name"]).limit(1).executeTakeFirstOrThrow();
    await t.db
      .updateTable("units")
      .set({ name: `${unit.name} ` })
      .where("id", "=", unit.id)
      .execute();
    expect(await publicPagesVersion(t.db)).toBeGreaterThan(before);
  });

  it("stays put for writes no public page shows (a staff sign-in, a mail sent)", async () => {
    const before = await publicPagesVersion(t.db);
    await t.db.updateTable("users").set({ updated_at: new Date().toISOString() }).where("email", "=", "admin@example.org").execute();
    await t.db.deleteFrom("outbox").where("id", "<", 0).execute();
    expect(await publicPagesVersion(t.db)).toBe(before);
  });
});

describe("the page cache's rules", () => {
  const page = (n: number): CachedPage => ({ status: 200, headers: [], etag: null, body: Buffer.alloc(n), gzip: Buffer.alloc(0) });

  it("keys a query in one order and leaves Remix's data requests alone", () => {
    expect(normalisedQuery("?b=2&a=1&a=0")).toBe("a=0&a=1&b=2");
    expect(normalisedQuery("?q=h%E1%BB%99+t%E1%BB%8Bch")).toBe(normalisedQuery("?q=hộ%20tịch"));
    expect(normalisedQuery("?_data=routes%2F_index")).toBeNull();
  });

  it("caches only the public side", () => {
    for (const p of ["/", "/initiatives", "/initiatives/so-hoa", "/statistics", "/certificates/CN-2026-0001", "/feed.xml"])
      expect(isCacheablePath(p), p).toBe(true);
    for (const p of ["/staff", "/staff/login", "/track", "/track/SK-2026-00001", "/submit", "/initiatives/so-hoa/files/3", "/healthz"])
      expect(isCacheablePath(p), p).toBe(false);
  });

  it("holds no more bytes than it is given, dropping the least recently used first", () => {
    const cache = new PageCache(100_000);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, page(10_000));
    expect(cache.stats().bytes).toBeLessThanOrEqual(100_000);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k19")).toBeDefined();
    const s = cache.stats();
    expect(s.evictions).toBeGreaterThan(0);
    expect(s.hits).toBe(1);
    expect(s.misses).toBe(1);
    // a page over an eighth of the cache is not kept at all
    cache.set("big", page(20_000));
    expect(cache.get("big")).toBeUndefined();
  });

  it("keeps a page that is read while pages not read since go first", () => {
    const cache = new PageCache(100_000);
    for (let i = 0; i < 9; i++) cache.set(`k${i}`, page(10_000));
    expect(cache.get("k0")).toBeDefined();
    for (let i = 9; i < 14; i++) cache.set(`k${i}`, page(10_000));
    // k0, the oldest, was read: k1 to k5 went instead
    expect(cache.get("k0")).toBeDefined();
    for (let i = 1; i <= 5; i++) expect(cache.get(`k${i}`), `k${i}`).toBeUndefined();
    expect(cache.get("k13")).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(100_000);
  });
});
