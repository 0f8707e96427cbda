/**
 * `npm run bench:search-cpu [-- --size 100000 --requests 300 --warmup 60 --queries "thu tuc|số hoá" --db file --no-build --baseline <git-ref>]`: CPU time per search request, measured
 * with process.cpuUsage() around the real Remix handler (production build) in this one process, on a copy of the
 * bench database of --size initiatives (tests/bench/generate.ts). Beside each search, the framework floor
 * (/bench-floor with as many rows as make a page of the same size): the difference is what the search itself costs.
 * No HTTP, no second process: user + system CPU of this process, per request, so other work on the machine shows
 * in wall time, not here. Prints a table and writes it to tests/.tmp/search-cpu.md.
 *
 * --baseline <git-ref> measures that commit's code beside the current one in the same run: the ref is checked out in a
 * temporary git worktree and built there, each side gets its own copy of the same database and its own handler and
 * database client (so each has its own statement handling), and the two are measured in alternating rounds, so that
 * load from elsewhere on the machine falls on both alike. The table then shows both and the ratio now ÷ baseline.
 */
import "./env";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import type { ServerBuild } from "@remix-run/node";
import { ensureBenchDb, TMP_DIR } from "./generate";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SIZE = Number(option("size") ?? 100_000);
const REQUESTS = Number(option("requests") ?? 300);
const WARMUP = Number(option("warmup") ?? 60);
const QUERIES = (option("queries") ?? "thu tuc|số hoá|chứng thực|ho tic|dang ky kinh doanh|thủ tục đăng ký khai sinh").split("|");

const BASELINE = option("baseline");
const ROUNDS = Number(option("rounds") ?? (BASELINE ? 5 : 1));

interface Side {
  name: string;
  get: (p: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * One side of the comparison: the production build under `root`, wrapped as that commit's server.ts wraps it, with
 * that commit's own database client on a private copy of the bench database.
 */
async function openSide(name: string, root: string, cached: string): Promise<Side> {
  const file = path.join(TMP_DIR, `search-cpu-${SIZE}-${name}.sqlite`);
  const remove = () => {
    for (const p of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
  };
  remove();
  // a reflink where the file system has them: a million rows are several gigabytes
  execFileSync("cp", ["--reflink=auto", cached, file]);
  const load = (rel: string) => import(pathToFileURL(path.join(root, rel)).href);
  const { createDb } = (await load("db/client.ts")) as typeof import("../../db/client");
  const { answerDomainErrors } = (await load("app/utils/domain-errors.server.ts")) as typeof import("../../app/utils/domain-errors.server");
  const { answer503WhileDatabaseIsAway } = (await load(
    "app/utils/database-outage.server.ts",
  )) as typeof import("../../app/utils/database-outage.server");
  const build = answerDomainErrors(answer503WhileDatabaseIsAway((await load("build/index.js")) as ServerBuild));
  const db = createDb(`file:${file}`);
  // the side's own Remix, so that each side runs with the dependencies (and dependency patches) of its commit
  const { createRequestHandler } = createRequire(path.join(root, "package.json"))("@remix-run/node") as typeof import("@remix-run/node");
  const handler = createRequestHandler(build, "production");
  return {
    name,
    async get(p) {
      const res = await handler(new Request(`http://127.0.0.1${p}`), {
        db,
        cspNonce: "bench",
        clientIp: "127.0.0.1",
        documentRequest: true,
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${name}: ${p} answered ${res.status}`);
      return body;
    },
    async close() {
      await db.destroy();
      remove();
    },
  };
}

/**
 * A worktree of `ref` outside the repository, built; removed again at the end. It gets a copy of node_modules with
 * this commit's dependency patches (patches/) taken back off and its own put on, so that the baseline runs the code
 * its commit ran: a patch to a dependency is part of what is measured.
 */
function checkoutBaseline(ref: string): { root: string; remove: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "search-cpu-baseline-"));
  execFileSync("git", ["worktree", "add", "--detach", root, ref], { stdio: ["ignore", "ignore", "inherit"] });
  const remove = () => execFileSync("git", ["worktree", "remove", "--force", root], { stdio: "inherit" });
  try {
    execFileSync("cp", ["-a", "--reflink=auto", path.resolve("node_modules"), path.join(root, "node_modules")]);
    const patchPackage = (args: string[]) =>
      execFileSync(process.execPath, [path.resolve("node_modules/patch-package/index.js"), ...args], {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
      });
    if (fs.existsSync("patches")) patchPackage(["--reverse", "--patch-dir", path.relative(root, path.resolve("patches"))]);
    if (fs.existsSync(path.join(root, "patches"))) patchPackage([]);
    execFileSync("npx", ["remix", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  } catch (err) {
    remove();
    throw err;
  }
  return { root, remove };
}

async function main() {
  if (!process.argv.includes("--no-build")) execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  process.env.BENCH_FLOOR = "1";
  // --db reuses a database file as it is (e.g. one built before a change to the generator)
  const cached = option("db") ?? (await ensureBenchDb(SIZE));
  const baseline = BASELINE ? checkoutBaseline(BASELINE) : undefined;
  const sides: Side[] = [await openSide("now", process.cwd(), cached)];
  if (baseline) sides.push(await openSide("baseline", baseline.root, cached));
  const now = sides[0];

  /** CPU milliseconds per request (user + system), and wall milliseconds, over REQUESTS sequential requests. */
  const measure = async (side: Side, p: string) => {
    for (let i = 0; i < WARMUP; i++) await side.get(p);
    const wall = performance.now();
    const before = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) await side.get(p);
    const used = process.cpuUsage(before);
    return { cpu: (used.user + used.system) / 1000 / REQUESTS, wall: (performance.now() - wall) / REQUESTS };
  };
  const floorBytes = async (rows: number) => Buffer.byteLength(await now.get(`/bench-floor?rows=${rows}`));
  const zero = await floorBytes(0);
  const perRow = ((await floorBytes(200)) - zero) / 200;

  const rows: { q: string; results: string; now: number; wall: number; floor: number; base?: number; baseWall?: number }[] = [];
  for (const q of QUERIES) {
    const url = `/initiatives?q=${encodeURIComponent(q)}`;
    const html = await now.get(url);
    const cards = Math.max(0, Math.round((Buffer.byteLength(html) - zero) / perRow));
    const count = (page: string) => /<p class="result-count"[^>]*>([^<]*)/.exec(page)?.[1] ?? "";
    const results = count(html) + (baseline ? ` (baseline: ${count(await sides[1].get(url))})` : "");
    // rounds alternate the sides (and which goes first), so that a busy spell on the machine falls on both
    const cpu = { now: [] as number[], base: [] as number[], floor: [] as number[] };
    const wall = { now: [] as number[], base: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const m = await measure(side, url);
        (side === now ? cpu.now : cpu.base).push(m.cpu);
        (side === now ? wall.now : wall.base).push(m.wall);
      }
      cpu.floor.push((await measure(now, `/bench-floor?rows=${cards}`)).cpu);
    }
    rows.push({
      q,
      results,
      now: median(cpu.now),
      wall: median(wall.now),
      floor: median(cpu.floor),
      base: baseline ? median(cpu.base) : undefined,
      baseWall: baseline ? median(wall.base) : undefined,
    });
    console.log(`${q}: now ${median(cpu.now).toFixed(2)} ms${baseline ? `, baseline ${median(cpu.base).toFixed(2)} ms` : ""}`);
  }

  const n = rows.length;
  const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / n;
  const lines = [
    `Search CPU per request, ${SIZE.toLocaleString("en")} initiatives (SQLite), ${REQUESTS} requests after ${WARMUP} warm-up, ` +
      `${ROUNDS > 1 ? `median of ${ROUNDS} rounds, ` : ""}process.cpuUsage() around the handler, Node ${process.version}.` +
      (baseline
        ? ` Baseline: ${BASELINE} (${execFileSync("git", ["rev-parse", "--short", BASELINE!]).toString().trim()}), measured in alternating rounds.`
        : ""),
    "",
  ];
  if (baseline) {
    lines.push(
      "| query | results page | baseline CPU ms | now CPU ms | now ÷ baseline | framework floor CPU ms | now − floor | baseline wall ms | now wall ms |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const r of rows)
      lines.push(
        `| ${r.q} | ${r.results} | ${r.base!.toFixed(2)} | ${r.now.toFixed(2)} | ${(r.now / r.base!).toFixed(2)} | ${r.floor.toFixed(2)} | ` +
          `${(r.now - r.floor).toFixed(2)} | ${r.baseWall!.toFixed(2)} | ${r.wall.toFixed(2)} |`,
      );
    lines.push(
      `| mean | | ${mean((r) => r.base!).toFixed(2)} | ${mean((r) => r.now).toFixed(2)} | ${(mean((r) => r.now) / mean((r) => r.base!)).toFixed(2)} ` +
        `(of the ratios: ${mean((r) => r.now / r.base!).toFixed(2)}) | ${mean((r) => r.floor).toFixed(2)} | ${mean((r) => r.now - r.floor).toFixed(2)} | | |`,
    );
  } else {
    lines.push(
      "| query | results page | CPU ms / request | wall ms | framework floor CPU ms | search − floor |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const r of rows)
      lines.push(
        `| ${r.q} | ${r.results} | ${r.now.toFixed(2)} | ${r.wall.toFixed(2)} | ${r.floor.toFixed(2)} | ${(r.now - r.floor).toFixed(2)} |`,
      );
    lines.push(
      `| mean | | ${mean((r) => r.now).toFixed(2)} | | ${mean((r) => r.floor).toFixed(2)} | ${mean((r) => r.now - r.floor).toFixed(2)} |`,
    );
  }
  const md = lines.join("\n");
  console.log(md);
  fs.writeFileSync(path.join(TMP_DIR, "search-cpu.md"), `${md}\n`);
  for (const side of sides) await side.close();
  baseline?.remove();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
