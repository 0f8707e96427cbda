/**
 * `npm run bench [-- --sizes 10000,1000000 --duration 6 --warmup 2 --rounds 5 --connections 10 --workers 2 --only queue --no-build
 *                  --engine sqlite|postgres|both --no-mixed --no-scaling --no-search-cpu --no-pin] [--soak <minutes> --every <seconds>]`
 *
 * For each database size: builds (or reuses) the database, starts the production server (WEB_CONCURRENCY=--workers,
 * 2 by default: one process per core of the two-core target) on a copy of it, and
 * drives each page with autocannon on loopback, beside two floors measured in the same run:
 *  - the framework floor: /bench-floor of the same server, no database work, a page of the same size;
 *  - the physical floor: node:http running the page's own SQL (captured from its loaders) with better-sqlite3
 *    and React renderToString of a table of the rows, in one thread whatever --workers says.
 * Public pages are also measured from the page cache, beside a static floor, with the cache's hit ratio; then a mixed
 * reading of 20 pages with a publication a second, and requests per second per worker with one and two workers
 * (scenarios.ts; --no-mixed, --no-scaling leave them out), and search's CPU per request beside the code before issue
 * 15, built in a git worktree (search-cpu.ts; --no-search-cpu leaves it out). Each worker process of the servers and
 * of the static floor runs on a core of its own (pin.ts; --no-pin leaves them to the scheduler).
 * Prints the figures and writes them as markdown to tests/.tmp/bench-report.md. Targets are reported, not asserted.
 *
 * --engine postgres (or both) runs the same pages against PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL):
 * a copy of the same rows loaded with COPY (generate-postgres.ts), in a section of its own. The physical floor there
 * is omitted: it replays the page's SQL through better-sqlite3, and a PostgreSQL floor would be a different program.
 */
import "./env";
import { BENCH_SECRET } from "./env";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import SQLite from "better-sqlite3";
import autocannon from "autocannon";
import { Kysely, SqliteDialect, type CompiledQuery } from "kysely";
import { createRequestHandler } from "@remix-run/node";
import type { Database } from "../../db/schema";
import { startServer, type RunningServer } from "../setup/server";
import { loadBuild } from "../setup/app";
import { pinWorkers } from "./pin";
import { ensureBenchDb, TMP_DIR } from "./generate";
import { cloneBenchDatabase, dropBenchDatabase, ensurePostgresBenchDb, postgresVersion } from "./generate-postgres";
import { startPhysicalFloor, type CapturedQuery } from "./physical-floor";
import { median } from "../../app/models/review/aggregation";
import { cacheCounters, hitRatio, mixedScenario, type PhaseResult } from "./scenarios";

// ---------------------------------------------------------------------------------------------------------------
// Options

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}
const SIZES = (option("sizes") ?? "10000,1000000")
  .split(",")
  .map((s) => Number(s.replace(/[_k]/g, (c) => (c === "k" ? "000" : ""))))
  .filter((n) => n > 0);
const DURATION = Number(option("duration") ?? 6);
const WARMUP = Number(option("warmup") ?? 2);
const CONNECTIONS = Number(option("connections") ?? 10);
/** Five by default: a page's p50 and p95 are the median of its rounds', so one round hit by other work does not decide. */
const ROUNDS = Math.max(1, Number(option("rounds") ?? 5));
const ONLY = option("only");
const WORKERS = option("workers") ?? "2";
/** A server on a copy of a million initiatives may take a while to open it on a loaded machine. */
const SERVER_START_MS = 300_000;
const BUILD = !process.argv.includes("--no-build");
/** the 20-page mixed reading with a publication a second (scenarios.ts); SQLite only */
const MIXED = !process.argv.includes("--no-mixed");
/** requests per second per worker with one and with two worker processes (scenarios.ts) */
const SCALING = !process.argv.includes("--no-scaling");
/** search CPU per request against the code before issue 15, at the largest size (search-cpu.ts); SQLite only */
const SEARCH_CPU = !process.argv.includes("--no-search-cpu");
/** The code before issue 15, whose search CPU the issue halves. */
const SEARCH_CPU_BASELINE = "132ac28";
/** one core per worker process, for the servers and the static floor (pin.ts); --no-pin leaves them to the scheduler */
const PIN = !process.argv.includes("--no-pin");
/** Pins that did not (fully) happen, for the report's account of where the processes ran. */
const unpinned: string[] = [];
function pinned(what: string, pid: number | undefined): void {
  const done = pinWorkers(pid);
  log(`  ${what}: ${done.text}`);
  if (!done.ok) unpinned.push(`${what}: ${done.text}`);
}
/** Where the run's processes ran, as the report says it. */
function placement(): string {
  if (!PIN) return "worker processes left to the scheduler (--no-pin)";
  const free = ENGINES.includes("postgres")
    ? "the load generator, the physical floor and PostgreSQL"
    : "the load generator and the physical floor";
  const pins = `each worker process (the server's, the static floor's) pinned to a core, the i-th to core i; ${free} free to run on any core`;
  return unpinned.length ? `${pins}, except ${unpinned.join("; ")}` : pins;
}
type BenchEngine = "sqlite" | "postgres";
const ENGINE_OPTION = option("engine") ?? "sqlite";
if (!["sqlite", "postgres", "both"].includes(ENGINE_OPTION))
  throw new Error(`--engine must be sqlite, postgres or both, not ${ENGINE_OPTION}`);
let PG_VERSION = "";
const ENGINES: BenchEngine[] = ENGINE_OPTION === "both" ? ["sqlite", "postgres"] : [ENGINE_OPTION as BenchEngine];
const JS_BUDGET = 100 * 1024;
const SEARCH_BUDGET_MS = 50;

const log = (s: string) => console.log(s);

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

interface Scenario {
  id: string;
  label: string;
  side: "staff" | "public";
  path: string;
  /** p95 at the largest size must stay within 1.5× of the smallest */
  flat: boolean;
}

interface Load {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  bad: number;
  /** each round's p95, in the order measured */
  roundP95: number[];
}

/** Pages weighed for JavaScript only (not load-tested), beside the scenarios' own pages. */
const JS_ONLY_PAGES = ["/", "/open-data", "/certificates", "/submit", "/track"];

interface JsWeight {
  path: string;
  status: number;
  gzip: number;
  files: number;
}

interface Measured {
  engine: BenchEngine;
  scenario: Scenario;
  size: number;
  status: number;
  bytes: number;
  page?: Load;
  framework?: Load & { rows: number; bytes: number };
  physical?: Load & { queries: number; bytes: number };
  /** public pages: answered from the page cache (the page itself is measured with the cache bypassed) */
  cached?: Load;
  /** the page cache's hits ÷ lookups over the cached measurement, summed over the workers */
  hitRatio?: number;
  staticFloor?: Load;
  etag?: string;
  cacheControl?: string;
  revalidate?: string;
  jsGzip?: number;
  jsFiles?: number;
  plans: { sql: string; plan: string[]; flags: string[] }[];
  note?: string;
}

async function discover(base: string, cookie: string, dbFile: string): Promise<Scenario[]> {
  const sqlite = new SQLite(dbFile, { readonly: true });
  const code = (
    sqlite
      .prepare(
        "select code from initiatives where status = 'in_review' and id >= (select max(id) / 2 from initiatives) order by id limit 1",
      )
      .get() as { code: string } | undefined
  )?.code;
  const slug = (
    sqlite
      .prepare(
        "select slug from publications where initiative_id >= (select max(initiative_id) / 2 from publications) order by initiative_id limit 1",
      )
      .get() as { slug: string } | undefined
  )?.slug;
  sqlite.close();

  const list: Scenario[] = [
    { id: "queue", label: "staff queue, first page", side: "staff", path: "/staff", flat: true },
    {
      id: "queue-filtered",
      label: "staff queue, status + area",
      side: "staff",
      path: "/staff?status=in_review&area=procedures",
      flat: true,
    },
    { id: "staff-initiative", label: "staff initiative page", side: "staff", path: `/staff/initiatives/${code}`, flat: false },
    { id: "list", label: "/initiatives first page", side: "public", path: "/initiatives", flat: true },
    { id: "list-filtered", label: "/initiatives filtered", side: "public", path: "/initiatives?area=digital_government", flat: true },
    { id: "list-deep", label: "/initiatives deep page", side: "public", path: await deepPage(base, "/initiatives", 10), flat: false },
    { id: "search", label: 'search "thu tuc"', side: "public", path: "/initiatives?q=thu+tuc", flat: true },
    { id: "detail", label: "/initiatives/<slug>", side: "public", path: `/initiatives/${slug}`, flat: false },
    { id: "statistics", label: "/statistics", side: "public", path: "/statistics", flat: true },
  ];
  void cookie;
  return list.filter((s) => !ONLY || new RegExp(ONLY).test(s.id));
}

/** Follows the page's rel="next" link `hops` times (keyset pagination), else falls back to a page number. */
async function deepPage(base: string, first: string, hops: number): Promise<string> {
  let current = first;
  for (let i = 0; i < hops; i++) {
    const res = await fetch(base + current);
    if (res.status !== 200) break;
    const html = await res.text();
    const m =
      /<(?:a|link)\b[^>]*\brel="next"[^>]*\bhref="([^"]+)"/.exec(html) ?? /<(?:a|link)\b[^>]*\bhref="([^"]+)"[^>]*\brel="next"/.exec(html);
    if (!m) return i === 0 ? `${first}?page=${hops + 1}` : current;
    current = m[1].replace(/&amp;/g, "&");
    if (/^https?:/.test(current)) current = new URL(current).pathname + new URL(current).search;
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------------
// Load

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

interface Raw {
  latencies: number[];
  seconds: number;
  bad: number;
}

function cannon(url: string, headers: Record<string, string>, duration: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let bad = 0;
    const instance = autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 30 }, (err, result) => {
      if (err) return reject(err);
      resolve({ latencies, seconds: result.duration, bad: bad + result.errors + result.timeouts });
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      else bad++;
    });
  });
}

/** A round without one 2xx answer has no percentile (NaN): it is left out, and NaN stands for none at all. */
const medianOfRounds = (xs: number[]) => median(xs.filter((x) => !Number.isNaN(x))) ?? NaN;

/**
 * p50 and p95 are the median over the rounds of each round's own: the machine is shared, and a burst of other work
 * that lands on one round of a page (and not on its floor's round beside it) would otherwise set the pooled tail.
 */
function summarise(runs: Raw[]): Load {
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  const sorted = runs.map((r) => [...r.latencies].sort((a, b) => a - b));
  const requests = runs.reduce((t, r) => t + r.latencies.length, 0);
  return {
    p50: medianOfRounds(sorted.map((l) => percentile(l, 0.5))),
    p95: medianOfRounds(sorted.map((l) => percentile(l, 0.95))),
    rps: requests / seconds,
    requests,
    bad: runs.reduce((t, r) => t + r.bad, 0),
    roundP95: sorted.map((l) => percentile(l, 0.95)),
  };
}

interface Target {
  url: string;
  headers?: Record<string, string>;
}

/**
 * Warms each target up (JIT, page cache, SQLite cache; discarded), then measures them in turn, ROUNDS times,
 * so a burst of other work on the machine lands on the page and its floors alike rather than on one of them.
 */
async function measureTogether(targets: Target[]): Promise<Load[]> {
  if (WARMUP > 0) for (const t of targets) await settled(await cannon(t.url, t.headers ?? {}, WARMUP));
  const runs: Raw[][] = targets.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, t] of targets.entries()) {
      const raw = await cannon(t.url, t.headers ?? {}, DURATION / ROUNDS);
      runs[i].push(raw);
      await settled(raw);
    }
  }
  return runs.map(summarise);
}

/**
 * autocannon stops at the end of its time with up to CONNECTIONS requests still being served; a slow page (a
 * statistics page rendered under load takes seconds) would then eat into the next target's measurement, its cached
 * copy or its floor. Waiting the slowest answer's time lets them finish first (a few ms on a quiet machine).
 */
async function settled(raw: Raw): Promise<void> {
  // No answer within the round at all: every connection is still waiting for one.
  const slowest = raw.latencies.length ? raw.latencies.reduce((m, x) => Math.max(m, x), 0) : 5000;
  await new Promise((resolve) => setTimeout(resolve, Math.min(5000, slowest)));
}

// ---------------------------------------------------------------------------------------------------------------
// Floors

async function byteLength(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; bytes: number; html: string; res: Response }> {
  const res = await fetch(url, { headers: { ...headers, "accept-encoding": "identity" }, redirect: "manual" });
  const html = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(html), html, res };
}

/** Rows of /bench-floor that give a page of `target` bytes (the page is linear in its rows). */
async function floorRows(base: string, target: number): Promise<{ rows: number; bytes: number }> {
  const a = await byteLength(`${base}/bench-floor?rows=0`);
  if (a.status !== 200) throw new Error(`/bench-floor answered ${a.status}: is BENCH_FLOOR=1 reaching the server?`);
  const b = await byteLength(`${base}/bench-floor?rows=200`);
  const perRow = (b.bytes - a.bytes) / 200;
  const rows = Math.max(0, Math.round((target - a.bytes) / perRow));
  const c = await byteLength(`${base}/bench-floor?rows=${rows}`);
  return { rows, bytes: c.bytes };
}

/** Headers Node writes itself (or that describe the connection): the floor's server adds them as the app's does. */
const CONNECTION_HEADERS = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

/**
 * The static floor (static-floor.mjs): the page's own response from memory (its bytes and the headers the cache
 * answers it with), with as many processes as the server.
 */
async function startStaticFloor(body: string, answer: Response): Promise<{ url: string; stop: () => void }> {
  const file = path.join(TMP_DIR, `static-floor-${process.pid}.bin`);
  fs.writeFileSync(file, body);
  const headers: [string, string][] = [];
  answer.headers.forEach((value, name) => {
    if (!CONNECTION_HEADERS.has(name)) headers.push([name, value]);
  });
  fs.writeFileSync(`${file}.headers.json`, JSON.stringify(headers));
  const child = spawn(process.execPath, [path.resolve("tests/bench/static-floor.mjs"), file, `${file}.headers.json`, WORKERS], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`static floor exited with ${code}`)));
  });
  if (PIN) pinned("static floor", child.pid);
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill("SIGTERM") };
}

function captureDb(dbFile: string) {
  const sqlite = new SQLite(dbFile);
  sqlite.pragma("busy_timeout = 5000");
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
  return { db, sqlite, captured };
}

/** Runs the page through the real handler in this process and returns the reads its loaders made. */
async function captureQueries(cap: ReturnType<typeof captureDb>, pathAndQuery: string, cookie: string): Promise<CapturedQuery[]> {
  const handler = createRequestHandler(await loadBuild(), "production");
  cap.captured.length = 0;
  const res = await handler(new Request(`http://127.0.0.1${pathAndQuery}`, { headers: cookie ? { cookie } : {} }), {
    db: cap.db,
    cspNonce: "bench",
    clientIp: "127.0.0.1",
  });
  await res.text();
  return cap.captured.filter((q) => /^\s*(select|with)\b/i.test(q.sql)).map((q) => ({ sql: q.sql, parameters: [...q.parameters] }));
}

/** EXPLAIN QUERY PLAN of each read, flagging full scans of big tables and sorts without an index. */
function plansOf(sqlite: SQLite.Database, queries: CapturedQuery[]) {
  const big = /\b(initiatives|publications|authors|events|assignments|decisions|audit_log)\b/;
  return queries.map((q) => {
    let rows: { detail: string }[] = [];
    try {
      rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters.map((p) => (typeof p === "boolean" ? Number(p) : p))) as {
        detail: string;
      }[];
    } catch (err) {
      rows = [{ detail: `(plan unavailable: ${(err as Error).message})` }];
    }
    const plan = rows.map((r) => r.detail);
    const flags = plan.filter(
      (d) => (/^SCAN\b/.test(d) && big.test(d) && !/USING (COVERING )?INDEX/.test(d)) || (/TEMP B-TREE/.test(d) && big.test(q.sql)),
    );
    return { sql: q.sql, plan, flags };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Public-page checks: validators and JavaScript weight

const jsCache = new Map<string, number>();
const jsWeights = new Map<string, JsWeight>();
async function shippedJs(base: string, html: string): Promise<{ gzip: number; files: number }> {
  // What the browser loads: the modulepreload links and the inline script's imports. The inline route manifest
  // also names modules of other routes, fetched only on a client-side navigation: they are not counted.
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
  const imports = [...html.matchAll(/import[^"]*"(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
  const files = [...new Set([...preloads, ...imports])];
  let total = 0;
  for (const f of files) {
    if (!jsCache.has(f)) {
      const res = await fetch(base + f, { headers: { "accept-encoding": "identity" } });
      jsCache.set(f, res.ok ? zlib.gzipSync(Buffer.from(await res.arrayBuffer())).length : 0);
    }
    total += jsCache.get(f)!;
  }
  return { gzip: total, files: files.length };
}

async function revalidation(url: string, headers: Record<string, string>) {
  const first = await fetch(url, { headers });
  await first.arrayBuffer();
  const etag = first.headers.get("etag") ?? undefined;
  const cacheControl = first.headers.get("cache-control") ?? undefined;
  if (!etag) return { etag, cacheControl, revalidate: "no ETag" };
  const again = await fetch(url, { headers: { ...headers, "if-none-match": etag } });
  await again.arrayBuffer();
  return { etag, cacheControl, revalidate: again.status === 304 ? "304" : String(again.status) };
}

// ---------------------------------------------------------------------------------------------------------------

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/staff/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "secretary@example.org", password: "demo-password", redirectTo: "/staff" }),
  });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !/=$/.test(c))
    .join("; ");
  if (res.status >= 400 || !cookie) throw new Error(`secretary login answered ${res.status} without a session cookie`);
  return cookie;
}

const mixed: { size: number; phases: PhaseResult[] }[] = [];

interface SearchCpu {
  size: number;
  /** CPU ms per request: now and the baseline's, measured in alternating rounds of one process */
  now?: number;
  baseline?: number;
  error?: string;
}
let searchCpu: SearchCpu | undefined;

/**
 * CPU per search request beside the code before issue 15 (search-cpu.ts: process.cpuUsage around the real handler,
 * the baseline built in a git worktree, alternating rounds). Its own process, like `npm run bench:search-cpu`.
 */
function measureSearchCpu(size: number): SearchCpu {
  log(
    `\n=== search CPU per request, ${size.toLocaleString("en")} initiatives: now and ${SEARCH_CPU_BASELINE} (the code before issue 15) ===`,
  );
  try {
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/bench/search-cpu.ts",
        "--size",
        String(size),
        "--baseline",
        SEARCH_CPU_BASELINE,
        "--no-build",
        "--queries",
        "thu tuc",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    const m = /^thu tuc: now ([\d.]+) ms, baseline ([\d.]+) ms$/m.exec(out);
    if (!m) return { size, error: 'search-cpu.ts printed no figures for "thu tuc"' };
    log(`  ${m[0]}`);
    return { size, now: Number(m[1]), baseline: Number(m[2]) };
  } catch (err) {
    // a shallow clone has no baseline commit to build, for one
    return { size, error: (err as Error).message.split("\n")[0] };
  }
}

interface Scaling {
  size: number;
  label: string;
  one: Load;
  two: Load;
}
const scaling: Scaling[] = [];

/**
 * One server with one worker process and one with two, both up at once on copies of the same database, each page
 * measured on both in interleaved rounds: requests per second per worker, and two workers' ÷ one worker's.
 */
async function runScaling(n: number): Promise<void> {
  const cached = await ensureBenchDb(n, log);
  const servers: RunningServer[] = [];
  const files: string[] = [];
  try {
    for (const workers of ["1", "2"]) {
      const file = path.join(TMP_DIR, `bench-scaling-${workers}-${n}.sqlite`);
      for (const p of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
      fs.copyFileSync(cached, file);
      files.push(file);
      servers.push(await startBenchServer(`file:${file}`, workers));
    }
    const sqlite = new SQLite(cached, { readonly: true });
    const slug = (sqlite.prepare("select slug from publications order by initiative_id limit 1").get() as { slug: string }).slug;
    sqlite.close();
    const pages: { label: string; path: string; headers: Record<string, string> }[] = [
      { label: "/initiatives/<slug>, cached", path: `/initiatives/${slug}`, headers: {} },
      { label: "/initiatives/<slug>, rendered", path: `/initiatives/${slug}`, headers: { "x-bench-no-cache": "1" } },
      { label: 'search "thu tuc", rendered', path: "/initiatives?q=thu+tuc", headers: { "x-bench-no-cache": "1" } },
      { label: "/statistics, rendered", path: "/statistics", headers: { "x-bench-no-cache": "1" } },
    ];
    log(`\n=== requests per second per worker, ${n.toLocaleString("en")} initiatives: one worker process and two ===`);
    for (const p of pages) {
      const [one, two] = await measureTogether(servers.map((s) => ({ url: s.url + p.path, headers: p.headers })));
      scaling.push({ size: n, label: p.label, one, two });
      log(
        `  ${p.label.padEnd(32)} 1 worker ${Math.round(one.rps)} req/s | 2 workers ${Math.round(two.rps)} req/s, ${Math.round(two.rps / 2)} per worker` +
          ` | 2 ÷ 1 ${ratio(two.rps, one.rps)}`,
      );
    }
  } finally {
    for (const s of servers) await s.stop();
    for (const f of files) for (const p of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(p, { force: true });
  }
}

/** The production server on a bench database: no demo seeding, no background jobs, the floor pages on. */
async function startBenchServer(databaseUrl: string, workers: string): Promise<RunningServer> {
  const server = await startServer(
    {
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "no",
      BENCH_FLOOR: "1",
      // The bench database seeds the demo staff (their sessions drive the staff pages).
      ALLOW_DEMO_ACCOUNTS: "1",
      OUTBOX_INTERVAL_MS: "0",
      JOBS_INTERVAL_MS: "0",
      SESSION_SECRET: BENCH_SECRET,
      WEB_CONCURRENCY: workers,
    },
    { startTimeoutMs: SERVER_START_MS },
  );
  if (PIN) pinned(`server ${server.url}`, server.process.pid);
  return server;
}

async function runSize(n: number, engine: BenchEngine): Promise<Measured[]> {
  log(
    `\n=== ${n.toLocaleString("en")} initiatives${ENGINES.length > 1 || engine !== "sqlite" ? ` on ${engine === "sqlite" ? "SQLite" : "PostgreSQL"}` : ""} ===`,
  );
  const pgBench = engine === "postgres" ? await ensurePostgresBenchDb(n, log) : undefined;
  const cached = pgBench?.sqliteFile ?? (await ensureBenchDb(n, log));
  // The server writes (sessions, login attempts): it gets a copy, so the cache stays pristine.
  const runFile = path.join(TMP_DIR, `bench-run-${n}.sqlite`);
  for (const p of [runFile, `${runFile}-wal`, `${runFile}-shm`]) fs.rmSync(p, { force: true });
  fs.copyFileSync(cached, runFile);
  const runDb = pgBench ? `${pgBench.name}_run` : undefined;
  const databaseUrl = pgBench ? await cloneBenchDatabase(pgBench.name, runDb!) : `file:${runFile}`;

  let server: RunningServer | undefined;
  // On PostgreSQL the SQLite copy holds the same rows: it names the pages to visit, and nothing is replayed on it.
  const cap = captureDb(runFile);
  const results: Measured[] = [];
  try {
    server = await startBenchServer(databaseUrl, WORKERS);
    const base = server.url;
    log(`server ${base}, WEB_CONCURRENCY=${WORKERS} (database copy ${runDb ?? path.relative(process.cwd(), runFile)})`);
    let cookie = "";
    try {
      cookie = await login(base);
    } catch (err) {
      log(`  staff login failed: ${(err as Error).message}; staff pages are skipped`);
    }
    const scenarios = await discover(base, cookie, runFile);

    for (const p of JS_ONLY_PAGES) {
      const probe = await byteLength(base + p);
      jsWeights.set(p, { path: p, status: probe.status, ...(await shippedJs(base, probe.html)) });
    }

    for (const s of scenarios) {
      const headers: Record<string, string> = s.side === "staff" && cookie ? { cookie } : {};
      const url = base + s.path;
      const probe = await byteLength(url, headers);
      const m: Measured = { engine, scenario: s, size: n, status: probe.status, bytes: probe.bytes, plans: [] };
      results.push(m);
      if (probe.status !== 200) {
        m.note = `answered ${probe.status}${s.side === "staff" && !cookie ? " (no staff session)" : ""}`;
        log(`  ${s.label.padEnd(30)} ${s.path} → ${probe.status}, skipped`);
        continue;
      }

      const floor = await floorRows(base, probe.bytes);
      // Public pages are measured uncached (as rendered) and cached, beside a static floor serving the same response.
      const uncached = s.side === "public" ? { ...headers, "x-bench-no-cache": "1" } : headers;
      const targets: Target[] = [{ url, headers: uncached }, { url: `${base}/bench-floor?rows=${floor.rows}` }];
      let staticFloor: Awaited<ReturnType<typeof startStaticFloor>> | undefined;
      if (s.side === "public") {
        // the page as the cache answers it (the probe above may have been the render that filled it)
        const cached = await byteLength(url, headers);
        if (cached.html !== probe.html) log(`  ${s.label}: the cached page differs from the rendered one`);
        staticFloor = await startStaticFloor(cached.html, cached.res);
        targets.push({ url, headers }, { url: staticFloor.url });
      }
      let queries: CapturedQuery[] = [];
      let phys: Awaited<ReturnType<typeof startPhysicalFloor>> | undefined;
      // The physical floor replays the page's SQL through better-sqlite3: on PostgreSQL it is omitted.
      if (engine === "sqlite") {
        try {
          queries = await captureQueries(cap, s.path, headers.cookie ?? "");
          m.plans = plansOf(cap.sqlite, queries);
          phys = await startPhysicalFloor(runFile, queries, s.label);
          targets.push({ url: phys.url });
        } catch (err) {
          m.note = `physical floor unavailable: ${(err as Error).message}`;
        }
      }
      try {
        const counters = staticFloor ? await cacheCounters(base, Number(WORKERS)).catch(() => undefined) : undefined;
        const loads = await measureTogether(targets);
        if (counters) m.hitRatio = hitRatio(counters, await cacheCounters(base, Number(WORKERS)));
        const [page, framework] = loads;
        m.page = page;
        m.framework = { ...framework, ...floor };
        if (staticFloor) [m.cached, m.staticFloor] = loads.slice(2, 4);
        const physical = loads[staticFloor ? 4 : 2];
        if (phys && physical) m.physical = { ...physical, queries: queries.length, bytes: (await byteLength(phys.url)).bytes };
      } finally {
        await phys?.stop();
        staticFloor?.stop();
      }

      if (s.side === "public") {
        Object.assign(m, await revalidation(url, headers));
      }
      const js = await shippedJs(base, probe.html);
      m.jsGzip = js.gzip;
      m.jsFiles = js.files;

      if (!m.page || !m.framework) continue;
      log(
        `  ${s.label.padEnd(30)} p50 ${ms(m.page.p50)} p95 ${ms(m.page.p95)} ${Math.round(m.page.rps)} req/s` +
          ` | floor ${ms(m.framework.p95)} (×${ratio(m.page.p95, m.framework.p95)})` +
          ` | physical ${m.physical ? ms(m.physical.p95) : "n/a"} (×${m.physical ? ratio(m.page.p95, m.physical.p95) : "n/a"})` +
          ` | ${kb(m.bytes)}${m.page.bad ? ` | ${m.page.bad} bad answers` : ""}`,
      );
      if (m.cached && m.staticFloor)
        log(
          `  ${"".padEnd(30)} cached p95 ${ms(m.cached.p95)} ${Math.round(m.cached.rps)} req/s` +
            ` | static floor ${ms(m.staticFloor.p95)} ${Math.round(m.staticFloor.rps)} req/s (×${ratio(m.cached.p95, m.staticFloor.p95)})` +
            ` | rounds ${m.cached.roundP95.map((c, i) => (c / m.staticFloor!.roundP95[i]).toFixed(2)).join(" ")}` +
            ` | hit ratio ${m.hitRatio === undefined ? "n/a" : (m.hitRatio * 100).toFixed(1) + " %"}`,
        );
    }

    if (MIXED && engine === "sqlite" && (!ONLY || new RegExp(ONLY).test("mixed"))) {
      log(`  mixed reading, ${CONNECTIONS} connections over 20 pages:`);
      const phases = await mixedScenario({
        base,
        dbFile: runFile,
        workers: Number(WORKERS),
        connections: CONNECTIONS,
        seconds: DURATION,
        warmup: WARMUP,
      });
      mixed.push({ size: n, phases });
      for (const p of phases)
        log(
          `    ${p.phase.padEnd(36)} p50 ${ms(p.p50)} p95 ${ms(p.p95)} ${Math.round(p.rps)} req/s` +
            ` | hit ratio ${p.hitRatio === undefined ? "n/a" : (p.hitRatio * 100).toFixed(1) + " %"}` +
            (p.publications ? ` | ${p.publications} publications, ${p.checked} answers checked, ${p.stale} stale` : "") +
            (p.bad ? ` | ${p.bad} bad answers` : ""),
        );
    }
  } finally {
    await server?.stop();
    await cap.db.destroy();
    for (const p of [runFile, `${runFile}-wal`, `${runFile}-shm`]) fs.rmSync(p, { force: true });
    if (runDb) await dropBenchDatabase(runDb);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "n/a" : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : "n/a");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? " ✓" : " ✗");

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
/** The load average when the run started: the report gives it beside the one at the end. */
const LOAD_AT_START = loadAverage();

function machine(): string {
  const cpu =
    /model name\s*:\s*(.+)/.exec(fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "")?.[1] ??
    os.cpus()[0]?.model ??
    "unknown";
  return (
    `${os.cpus().length} cores (nproc ${os.availableParallelism()}), ${cpu.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `Node ${process.version}, ${os.type()} ${os.release()}; load average (1, 5, 15 min) ${LOAD_AT_START} at the start, ${loadAverage()} at the end ` +
    "(other work on the machine skews the figures)"
  );
}

/**
 * One section that checks every "done when" of issue 15 the bench can measure, each with its figures and ✓/✗:
 * what the lead pastes into the README. The rest of the report holds the details behind each line.
 */
function summary(all: Measured[], seconds: number): string {
  const engine = ENGINES[0];
  const here = all.filter((m) => m.engine === engine && m.page);
  const sizes = [...new Set(here.map((m) => m.size))].sort((a, b) => a - b);
  const n = (size: number) => size.toLocaleString("en");
  const rows: string[] = [];
  const row = (criterion: string, size: number | string, figure: string, ok: boolean | undefined) =>
    rows.push(`| ${criterion} | ${typeof size === "number" ? n(size) : size} | ${figure} | ${ok === undefined ? "—" : ok ? "✓" : "✗"} |`);

  for (const m of here.filter((x) => x.cached && x.staticFloor)) {
    const toStatic = m.cached!.p95 / m.staticFloor!.p95;
    row(
      `${m.scenario.label}: cached p95 ≤ 1.5× static floor`,
      m.size,
      `${ms(m.cached!.p95)} ÷ ${ms(m.staticFloor!.p95)} = ${toStatic.toFixed(2)}×`,
      toStatic <= 1.5,
    );
  }
  for (const m of here.filter((x) => x.cached && x.staticFloor)) {
    const speedup = m.cached!.rps / m.page!.rps;
    row(
      `${m.scenario.label}: cached req/s ≥ 5× uncached`,
      m.size,
      `${Math.round(m.cached!.rps)} ÷ ${Math.round(m.page!.rps)} = ${speedup.toFixed(1)}×`,
      speedup >= 5,
    );
  }
  for (const m of here.filter((x) => x.cached && x.staticFloor))
    row(
      `${m.scenario.label}: the cache's hit ratio`,
      m.size,
      m.hitRatio === undefined ? "n/a" : `${(m.hitRatio * 100).toFixed(1)} %`,
      m.hitRatio === undefined ? undefined : m.hitRatio >= 0.99,
    );
  const toFloor = (id: string, criterion: string) => {
    for (const size of sizes) {
      const m = here.find((x) => x.scenario.id === id && x.size === size);
      if (!m?.framework) continue;
      const r = m.page!.p95 / m.framework.p95;
      row(criterion, size, `${ms(m.page!.p95)} ÷ ${ms(m.framework.p95)} = ${r.toFixed(2)}×`, r <= 2);
    }
  };
  toFloor("search", 'search "thu tuc", uncached: p95 ≤ 2× framework floor');
  toFloor("queue", "staff queue, first page: p95 ≤ 2× framework floor");
  toFloor("queue-filtered", "staff queue, status + area: p95 ≤ 2× framework floor");
  const cpuCriterion = `search "thu tuc" CPU per request ≤ half of the code before issue 15 (${SEARCH_CPU_BASELINE})`;
  if (engine === "sqlite" && searchCpu?.now !== undefined && searchCpu.baseline !== undefined) {
    const r = searchCpu.now / searchCpu.baseline;
    row(cpuCriterion, searchCpu.size, `${searchCpu.now.toFixed(2)} ms ÷ ${searchCpu.baseline.toFixed(2)} ms = ${r.toFixed(2)}×`, r <= 0.5);
  } else {
    const why = searchCpu?.error ? `not measured: ${searchCpu.error}` : "not in this run (--no-search-cpu, --only, or PostgreSQL)";
    rows.push(`| ${cpuCriterion} | — | ${why}; \`npm run bench:search-cpu\` measures it alone | — |`);
  }
  if (engine === "sqlite") {
    for (const x of mixed.filter((y) => sizes.includes(y.size))) {
      const p = x.phases.find((ph) => ph.publications > 0);
      if (!p) continue;
      row(
        "mixed reading, a publication a second: no stale answer",
        x.size,
        `${p.stale} stale of ${p.checked} checked, ${p.publications} publications, hit ratio ${p.hitRatio === undefined ? "n/a" : (p.hitRatio * 100).toFixed(1) + " %"}`,
        p.checked > 0 ? p.stale === 0 : undefined,
      );
    }
    for (const x of scaling.filter((y) => sizes.includes(y.size)))
      row(
        `${x.label}: 2 workers ÷ 1 worker, req/s`,
        x.size,
        `${Math.round(x.two.rps)} ÷ ${Math.round(x.one.rps)} = ${ratio(x.two.rps, x.one.rps)}× (${Math.round(x.two.rps / 2)} per worker)`,
        undefined,
      );
  }
  rows.push(
    '| publish-while-reading test | — | `tests/e2e/page-cache.test.ts` ("shows a publication to every request sent after it committed"), run by `npm test` and on PostgreSQL | — |',
  );
  const failed = rows.filter((r) => r.endsWith("| ✗ |")).length;
  const passed = rows.filter((r) => r.endsWith("| ✓ |")).length;
  return [
    "## Summary: issue 15's targets",
    "",
    `${passed} ✓, ${failed} ✗ (${ENGINES.length > 1 ? `${engine === "sqlite" ? "SQLite" : "PostgreSQL"} section; ` : ""}` +
      `sizes ${sizes.map(n).join(", ")}; the whole run took ${Math.round(seconds / 60)} min ${Math.round(seconds % 60)} s).`,
    "",
    `Machine: ${machine()}.`,
    "",
    "| target | initiatives | measured | |",
    "|---|---:|---|:-:|",
    ...rows,
    "",
    "All figures come from this one run: each page beside its floors, measured in interleaved rounds, so a burst of other work lands on both. " +
      "— : reported, not a target of this run.",
  ].join("\n");
}

function report(all: Measured[]): string {
  if (all.length === 0) return `Nothing measured: --only ${ONLY ?? ""} names no page of this run.`;
  const sizes = [...new Set(all.map((m) => m.size))].sort((a, b) => a - b);
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  const at = (id: string, n: number) => all.find((m) => m.scenario.id === id && m.size === n);
  const lines: string[] = [];
  lines.push(
    `Server: WEB_CONCURRENCY=${WORKERS} (the page and the framework floor); the physical floor is one thread. ` +
      `Load: autocannon, ${CONNECTIONS} connections on loopback; per page, a ${WARMUP} s warm-up of the page and of each floor, then ${DURATION} s measured ` +
      `for each, in ${ROUNDS} interleaved rounds; ${placement()}. Latencies of 2xx answers; p50 and p95 are the median of the rounds' own.`,
  );
  lines.push("");
  lines.push(
    "| initiatives | page | p50 | p95 | req/s | framework floor p95 | p95 ÷ framework | physical floor p95 | p95 ÷ physical | p95 ÷ p95 at " +
      smallest.toLocaleString("en") +
      " | page size |",
  );
  lines.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const m of all) {
    const s = m.scenario;
    if (!m.page) {
      lines.push(`| ${m.size.toLocaleString("en")} | ${s.label} | — | — | — | — | — | — | — | — | ${m.note ?? ""} |`);
      continue;
    }
    const fw = m.framework ? m.page.p95 / m.framework.p95 : undefined;
    const base = m.size !== smallest ? at(s.id, smallest)?.page?.p95 : undefined;
    const growth = base ? m.page.p95 / base : undefined;
    const searchOk = s.id === "search" && m.size >= 1_000_000 ? m.page.p95 < SEARCH_BUDGET_MS : undefined;
    lines.push(
      `| ${m.size.toLocaleString("en")} | ${s.label} | ${ms(m.page.p50)} | ${ms(m.page.p95)}${mark(searchOk)} | ${Math.round(m.page.rps)} | ` +
        `${ms(m.framework?.p95)} | ${fw ? fw.toFixed(2) : "n/a"}${mark(fw === undefined ? undefined : fw <= 2)} | ` +
        `${ms(m.physical?.p95)} | ${ratio(m.page.p95, m.physical?.p95)} | ` +
        `${growth ? growth.toFixed(2) + (s.flat ? mark(growth <= 1.5) : "") : "—"} | ${kb(m.bytes)} |`,
    );
  }
  lines.push("");
  lines.push(
    "✓/✗: p95 within 2× of the framework floor; at the largest size, p95 within 1.5× of the smallest size's (queue pages, first and filtered public pages, search, statistics); search p95 under 50 ms at 1,000,000.",
  );

  const cachedPages = all.filter((m) => m.cached && m.staticFloor && m.page);
  if (cachedPages.length) {
    lines.push("");
    lines.push(
      "The rendered-page cache (docs/decisions/033-rendered-page-cache.md): each public page from memory, beside the same page rendered " +
        "(the cache bypassed, as in the table above) and the static floor (node:http serving the page's response from memory, its headers and bytes, as many processes).",
    );
    lines.push("");
    lines.push(
      "| initiatives | page | cached p95 | cached req/s | static floor p95 | static req/s | p95 ÷ static | req/s ÷ rendered | hit ratio |",
    );
    lines.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const m of cachedPages) {
      const toStatic = m.cached!.p95 / m.staticFloor!.p95;
      const speedup = m.cached!.rps / m.page!.rps;
      lines.push(
        `| ${m.size.toLocaleString("en")} | ${m.scenario.label} | ${ms(m.cached!.p95)} | ${Math.round(m.cached!.rps)} | ${ms(m.staticFloor!.p95)} | ` +
          `${Math.round(m.staticFloor!.rps)} | ${toStatic.toFixed(2)}${mark(toStatic <= 1.5)} | ${speedup.toFixed(1)}${mark(speedup >= 5)} | ` +
          `${m.hitRatio === undefined ? "n/a" : (m.hitRatio * 100).toFixed(1) + " %"} |`,
      );
    }
    lines.push("");
    lines.push(
      "✓/✗: cached p95 within 1.5× of the static floor; cached requests per second at least 5× the rendered page's. " +
        "Hit ratio: the cache's own counters over the cached measurement (warm-up included), summed over the workers.",
    );
  }

  const sqliteSection = all.some((m) => m.engine === "sqlite");
  const mixedHere = sqliteSection ? mixed.filter((x) => sizes.includes(x.size)) : [];
  if (mixedHere.length) {
    lines.push("");
    lines.push(
      `Mixed reading (tests/bench/scenarios.ts): ${CONNECTIONS} connections, each cycling through the same 20 public pages (home, list, statistics, ` +
        "open data, certificates, the list by each reform area, three searches, six initiatives), in three phases of the same run. " +
        "In the last, a publication every second (a publication row becomes the newest under a new title, written by another process); " +
        "every answer of the home page and the list's first page sent after a publication's write returned must show it.",
    );
    lines.push("");
    lines.push(
      "| initiatives | phase | p50 | p95 | req/s | req/s ÷ rendered | p95 ÷ rendered | hit ratio | publications | answers checked | stale |",
    );
    lines.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const x of mixedHere) {
      const base = x.phases[0];
      for (const p of x.phases) {
        const publishing = p.publications > 0;
        lines.push(
          `| ${x.size.toLocaleString("en")} | ${p.phase} | ${ms(p.p50)} | ${ms(p.p95)} | ${Math.round(p.rps)} | ${ratio(p.rps, base.rps)} | ${ratio(p.p95, base.p95)} | ` +
            `${p.hitRatio === undefined ? "—" : (p.hitRatio * 100).toFixed(1) + " %"} | ${publishing ? p.publications : "—"} | ` +
            `${publishing ? p.checked : "—"} | ${publishing ? p.stale + mark(p.stale === 0) : "—"} |`,
        );
      }
    }
  }

  const scalingHere = sqliteSection ? scaling.filter((x) => sizes.includes(x.size)) : [];
  if (scalingHere.length) {
    lines.push("");
    lines.push(
      "Requests per second per worker: a server with one worker process and one with two, both up at once on copies of the same database, " +
        "measured in interleaved rounds. The load generator shares the machine's cores with the workers, so 2 ÷ 1 stays under 2 even with nothing serialised; " +
        "where the generator is the limit (a cached page), one worker on core 0 leaves it the other core to itself, and 2 ÷ 1 can fall below 1.",
    );
    lines.push("");
    lines.push("| initiatives | page | 1 worker req/s | 2 workers req/s | per worker (2) | 2 ÷ 1 | p95, 1 worker | p95, 2 workers |");
    lines.push("|---:|---|---:|---:|---:|---:|---:|---:|");
    for (const x of scalingHere)
      lines.push(
        `| ${x.size.toLocaleString("en")} | ${x.label} | ${Math.round(x.one.rps)} | ${Math.round(x.two.rps)} | ${Math.round(x.two.rps / 2)} | ` +
          `${ratio(x.two.rps, x.one.rps)} | ${ms(x.one.p95)} | ${ms(x.two.p95)} |`,
      );
  }

  const pub = all.filter((m) => m.size === largest && m.page);
  if (pub.length) {
    lines.push("");
    lines.push(
      `Per page at ${largest.toLocaleString("en")} initiatives: repeat visit with If-None-Match, Cache-Control, and JavaScript shipped (gzip, budget 100 KB).`,
    );
    lines.push("");
    lines.push("| page | repeat visit | Cache-Control | JS files | JS gzip |");
    lines.push("|---|---|---|---:|---:|");
    for (const m of pub) {
      const rv =
        m.scenario.side === "public"
          ? `${m.revalidate ?? "n/a"}${mark(m.revalidate === undefined ? undefined : m.revalidate === "304")}`
          : "(staff, private)";
      lines.push(
        `| ${m.scenario.label} | ${rv} | ${m.cacheControl ?? (m.scenario.side === "public" ? "none" : "")} | ${m.jsFiles ?? ""} | ${m.jsGzip !== undefined ? kb(m.jsGzip) + mark(m.jsGzip <= JS_BUDGET) : ""} |`,
      );
    }
  }

  if (jsWeights.size) {
    lines.push("");
    lines.push("JavaScript of other pages (gzip, budget 100 KB; reading pages are documents and ship none):");
    lines.push("");
    lines.push("| page | status | JS files | JS gzip |");
    lines.push("|---|---:|---:|---:|");
    for (const w of jsWeights.values()) lines.push(`| ${w.path} | ${w.status} | ${w.files} | ${kb(w.gzip)}${mark(w.gzip <= JS_BUDGET)} |`);
  }

  const flagged = all.filter((m) => m.size === largest && m.plans.some((p) => p.flags.length));
  if (flagged.length) {
    lines.push("");
    lines.push(`Query plans with a full scan of a large table or a temporary sort, at ${largest.toLocaleString("en")}:`);
    for (const m of flagged) {
      for (const p of m.plans.filter((x) => x.flags.length)) {
        lines.push("");
        lines.push(`- ${m.scenario.label}: \`${p.sql.replace(/\s+/g, " ").slice(0, 300)}\``);
        for (const d of p.plan) lines.push(`  - ${d}`);
      }
    }
  }
  const notes = all.filter((m) => m.note);
  if (notes.length) {
    lines.push("");
    for (const m of notes) lines.push(`- ${m.size.toLocaleString("en")} / ${m.scenario.label}: ${m.note}`);
  }
  return lines.join("\n");
}

async function main() {
  const started = Date.now();
  const soakMinutes = option("soak");
  if (soakMinutes !== undefined || process.argv.includes("--soak")) {
    // The memory soak (tests/bench/soak.ts) instead of the page measurements.
    if (BUILD) execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    const { soak } = await import("./soak");
    const minutes = Number(soakMinutes && !soakMinutes.startsWith("--") ? soakMinutes : 1);
    await soak({ minutes, everySeconds: Number(option("every") ?? 5), connections: CONNECTIONS, log });
    return;
  }
  if (BUILD) {
    log("building the app (remix build)…");
    execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const all: Measured[] = [];
  if (ENGINES.includes("postgres")) PG_VERSION = await postgresVersion();
  // Engines side by side per size: a burst of other work on the machine then lands on both alike.
  for (const n of SIZES) {
    for (const engine of ENGINES) {
      // A server that does not start in time on a busy machine (a copy of 1,000,000 rows is 4 GB) costs this size, not
      // the report of the others.
      all.push(...(await runSize(n, engine).catch((err: Error) => (log(`  ${n} not measured: ${err.message.split("\n")[0]}`), []))));
    }
    if (SCALING && ENGINES.includes("sqlite") && (!ONLY || new RegExp(ONLY).test("scaling"))) {
      // A server that does not start in time on a busy machine costs this section, not the report.
      await runScaling(n).catch((err: Error) => log(`  one worker ÷ two workers not measured: ${err.message.split("\n")[0]}`));
    }
  }
  const largest = Math.max(...SIZES);
  if (SEARCH_CPU && ENGINES.includes("sqlite") && (!ONLY || new RegExp(ONLY).test("search"))) searchCpu = measureSearchCpu(largest);
  // One engine of the default kind: the report as it always was. Otherwise a section per engine, same pages.
  const md =
    ENGINES.length === 1 && ENGINES[0] === "sqlite"
      ? report(all)
      : ENGINES.map((e) =>
          e === "sqlite"
            ? `## SQLite\n\n${report(all.filter((m) => m.engine === e))}`
            : `## PostgreSQL\n\nThe same rows as the SQLite database (loaded with COPY), PostgreSQL ${PG_VERSION} on this machine. ` +
              `No physical floor: it replays the SQL through better-sqlite3.\n\n${report(all.filter((m) => m.engine === e))}`,
        ).join("\n\n");
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const seconds = (Date.now() - started) / 1000;
  const top = summary(all, seconds);
  const doc =
    `# Benchmark report\n\nCommand: \`${command}\` (${new Date().toISOString()}, ${seconds.toFixed(0)} s)\n\n${top}\n\n` +
    `## Details\n\n${md}\n`;
  fs.mkdirSync(TMP_DIR, { recursive: true });
  fs.writeFileSync(path.join(TMP_DIR, "bench-report.md"), doc);
  log(`\n${md}\n\n${top}\n\nwritten to ${path.relative(process.cwd(), path.join(TMP_DIR, "bench-report.md"))}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
