/**
 * The bench's scenarios beyond one page at a time (run.ts):
 *  - the page cache's hit and miss counters, read from every worker (`/bench-floor/page-cache`, only under BENCH_FLOOR=1);
 *  - mixed reading: `connections` clients each cycling through 20 different public pages, in three phases measured in
 *    the same run: rendered (the cache bypassed), cached with no writes, and cached while a publication happens every
 *    second. In the last phase, every answer to the home page and the list's first page that was *sent* after a
 *    publication's write returned must show it (the newest publication is on both): a stale answer is counted;
 *  - requests per second per worker with one and with two worker processes, both servers up at once and measured in
 *    interleaved rounds, so that anything that serialises the workers shows as a ratio under 2.
 */
import http from "node:http";
import SQLite from "better-sqlite3";
import { REFORM_AREAS } from "../../app/domain/vocabulary";

export interface CacheCounters {
  hits: number;
  misses: number;
  workers: number;
}

/** Sums the counters of every worker: each request opens a new connection, and node:cluster hands those out in turn. */
export async function cacheCounters(base: string, workers: number): Promise<CacheCounters> {
  const seen = new Map<number, { hits: number; misses: number }>();
  for (let i = 0; i < workers * 20 && seen.size < workers; i++) {
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get(`${base}/bench-floor/page-cache`, { agent: false, headers: { connection: "close" } }, (res) => {
          let data = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (data += d));
          res.on("end", () =>
            res.statusCode === 200 ? resolve(data) : reject(new Error(`page-cache counters answered ${res.statusCode}`)),
          );
        })
        .on("error", reject);
    });
    const s = JSON.parse(body) as { pid: number; hits: number; misses: number };
    seen.set(s.pid, { hits: s.hits, misses: s.misses });
  }
  let hits = 0;
  let misses = 0;
  for (const s of seen.values()) [hits, misses] = [hits + s.hits, misses + s.misses];
  return { hits, misses, workers: seen.size };
}

export function hitRatio(before: CacheCounters, after: CacheCounters): number | undefined {
  const hits = after.hits - before.hits;
  const total = hits + after.misses - before.misses;
  return total > 0 ? hits / total : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Mixed reading with publications

export interface PhaseResult {
  phase: string;
  rps: number;
  p50: number;
  p95: number;
  requests: number;
  bad: number;
  hitRatio?: number;
  publications: number;
  checked: number;
  stale: number;
}

/** The 20 pages: home, list, statistics, open data, certificates, the list by each reform area, three searches, six initiatives. */
export function mixedPages(dbFile: string): string[] {
  const sqlite = new SQLite(dbFile, { readonly: true });
  const slugs = (
    sqlite.prepare("select slug from publications where initiative_id % 97 = 5 order by initiative_id limit 6").all() as { slug: string }[]
  ).map((r) => `/initiatives/${r.slug}`);
  sqlite.close();
  const pages = [
    "/",
    "/initiatives",
    "/statistics",
    "/open-data",
    "/certificates",
    ...REFORM_AREAS.map((a) => `/initiatives?area=${a}`),
    "/initiatives?q=thu+tuc",
    "/initiatives?q=s%E1%BB%91+ho%C3%A1",
    "/initiatives?q=dang+ky+kinh+doanh",
    ...slugs,
  ];
  return pages.slice(0, 20);
}

/** Pages that show the newest publication first, where a publication must be seen at once. */
const CHECKED = new Set(["/", "/initiatives"]);
const MARKER = /Bench publish #(\d+)\b/g;

interface Sample {
  ms: number;
  ok: boolean;
}

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { "accept-encoding": "identity", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/**
 * Publishes one initiative a second the way the database sees a publication: a publication row becomes the newest
 * (published_at after every other) under a new title, in one write whose triggers bump the public-content version.
 * Returns when each write returned, in order.
 */
function startPublisher(dbFile: string) {
  const sqlite = new SQLite(dbFile);
  sqlite.pragma("busy_timeout = 5000");
  const newest = (sqlite.prepare("select max(published_at) as at from publications").get() as { at: string }).at;
  const ids = (
    sqlite.prepare("select initiative_id as id from publications order by initiative_id limit 60").all() as { id: number }[]
  ).map((r) => r.id);
  const update = sqlite.prepare("update publications set title = ?, published_at = ? where initiative_id = ?");
  const done: number[] = [];
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    done,
    start() {
      const publish = () => {
        n++;
        const at = new Date(Date.parse(newest) + n * 1000).toISOString();
        update.run(`Bench publish #${n} sáng kiến mới công bố`, at, ids[n % ids.length]);
        done.push(performance.now());
      };
      publish();
      timer = setInterval(publish, 1000);
    },
    stop() {
      clearInterval(timer);
      sqlite.close();
    },
  };
}

/** The last publication whose write had returned before `sentAt` (1-based), 0 if none. */
function expectedAt(done: number[], sentAt: number): number {
  let n = 0;
  while (n < done.length && done[n] < sentAt) n++;
  return n;
}

async function runPhase(o: {
  base: string;
  pages: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  publisher?: ReturnType<typeof startPublisher>;
}): Promise<Omit<PhaseResult, "phase" | "hitRatio">> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const samples: Sample[] = [];
  let checked = 0;
  let stale = 0;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  o.publisher?.start();
  await Promise.all(
    Array.from({ length: o.connections }, async (_, c) => {
      for (let i = c; performance.now() < end; i++) {
        const path = o.pages[i % o.pages.length];
        const sentAt = performance.now();
        try {
          const res = await get(agent, o.base + path, o.headers);
          const ok = res.status >= 200 && res.status < 300;
          samples.push({ ms: performance.now() - sentAt, ok });
          if (ok && o.publisher && CHECKED.has(path)) {
            const expected = expectedAt(o.publisher.done, sentAt);
            if (expected > 0) {
              checked++;
              const seen = Math.max(0, ...[...res.body.matchAll(MARKER)].map((m) => Number(m[1])));
              if (seen < expected) stale++;
            }
          }
        } catch {
          samples.push({ ms: performance.now() - sentAt, ok: false });
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  o.publisher?.stop();
  agent.destroy();
  const lat = samples
    .filter((s) => s.ok)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const pct = (q: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))] : NaN);
  return {
    rps: lat.length / seconds,
    p50: pct(0.5),
    p95: pct(0.95),
    requests: lat.length,
    bad: samples.length - lat.length,
    publications: o.publisher?.done.length ?? 0,
    checked,
    stale,
  };
}

/**
 * The three phases, each after a warm-up of `warmup` seconds. The publishing phase writes to `dbFile` (the server's
 * own copy of the database, SQLite only) from this process, as another instance of the app would.
 */
export async function mixedScenario(o: {
  base: string;
  dbFile: string;
  workers: number;
  connections: number;
  seconds: number;
  warmup: number;
}): Promise<PhaseResult[]> {
  const pages = mixedPages(o.dbFile);
  const phases: { phase: string; headers: Record<string, string>; publish: boolean }[] = [
    { phase: "rendered (cache bypassed)", headers: { "x-bench-no-cache": "1" }, publish: false },
    { phase: "cached, no writes", headers: {}, publish: false },
    { phase: "cached, a publication every second", headers: {}, publish: true },
  ];
  const out: PhaseResult[] = [];
  for (const p of phases) {
    if (o.warmup > 0) await runPhase({ base: o.base, pages, connections: o.connections, seconds: o.warmup, headers: p.headers });
    const before = await cacheCounters(o.base, o.workers);
    const publisher = p.publish ? startPublisher(o.dbFile) : undefined;
    const r = await runPhase({ base: o.base, pages, connections: o.connections, seconds: o.seconds, headers: p.headers, publisher });
    const after = await cacheCounters(o.base, o.workers);
    out.push({ phase: p.phase, ...r, hitRatio: p.headers["x-bench-no-cache"] ? undefined : hitRatio(before, after) });
  }
  return out;
}
