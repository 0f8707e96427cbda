/**
 * `npm run bench:search-cpu [-- --size 100000 --requests 300 --warmup 60 --queries "thu tuc|số hoá" --db file --no-build]`: CPU time per search request, measured
 * with process.cpuUsage() around the real Remix handler (production build) in this one process, on a copy of the
 * bench database of --size initiatives (tests/bench/generate.ts). Beside each search, the framework floor
 * (/bench-floor with as many rows as make a page of the same size): the difference is what the search itself costs.
 * No HTTP, no second process: user + system CPU of this process, per request, so other work on the machine shows
 * in wall time, not here. Prints a table and writes it to tests/.tmp/search-cpu.md.
 */
import "./env";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequestHandler } from "@remix-run/node";
import { createDb } from "../../db/client";
import { loadBuild } from "../setup/app";
import { ensureBenchDb, TMP_DIR } from "./generate";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SIZE = Number(option("size") ?? 100_000);
const REQUESTS = Number(option("requests") ?? 300);
const WARMUP = Number(option("warmup") ?? 60);
const QUERIES = (option("queries") ?? "thu tuc|số hoá|chứng thực|ho tic|dang ky kinh doanh|thủ tục đăng ký khai sinh").split("|");

async function main() {
  if (!process.argv.includes("--no-build")) execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  process.env.BENCH_FLOOR = "1";
  // --db reuses a database file as it is (e.g. one built before a change to the generator)
  const cached = option("db") ?? (await ensureBenchDb(SIZE));
  const file = path.join(TMP_DIR, `search-cpu-${SIZE}.sqlite`);
  for (const p of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
  fs.copyFileSync(cached, file);
  const db = createDb(`file:${file}`);
  const handler = createRequestHandler(await loadBuild(), "production");
  const get = async (p: string) => {
    const res = await handler(new Request(`http://127.0.0.1${p}`), { db, cspNonce: "bench", clientIp: "127.0.0.1" });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    return body;
  };
  /** CPU milliseconds per request (user + system), and wall milliseconds, over REQUESTS sequential requests. */
  const measure = async (p: string) => {
    for (let i = 0; i < WARMUP; i++) await get(p);
    const wall = performance.now();
    const before = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) await get(p);
    const used = process.cpuUsage(before);
    return { cpu: (used.user + used.system) / 1000 / REQUESTS, wall: (performance.now() - wall) / REQUESTS };
  };
  const floorBytes = async (rows: number) => Buffer.byteLength(await get(`/bench-floor?rows=${rows}`));
  const zero = await floorBytes(0);
  const perRow = ((await floorBytes(200)) - zero) / 200;

  const lines = [
    `Search CPU per request, ${SIZE.toLocaleString("en")} initiatives (SQLite), ${REQUESTS} requests after ${WARMUP} warm-up, ` +
      `process.cpuUsage() around the handler, Node ${process.version}.`,
    "",
    "| query | results page | CPU ms / request | wall ms | framework floor CPU ms | search − floor |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const totals = { search: 0, floor: 0 };
  for (const q of QUERIES) {
    const url = `/initiatives?q=${encodeURIComponent(q)}`;
    const html = await get(url);
    const rows = Math.max(0, Math.round((Buffer.byteLength(html) - zero) / perRow));
    const s = await measure(url);
    const f = await measure(`/bench-floor?rows=${rows}`);
    totals.search += s.cpu;
    totals.floor += f.cpu;
    const results = /<p class="result-count"[^>]*>([^<]*)/.exec(html)?.[1] ?? "";
    lines.push(`| ${q} | ${results} | ${s.cpu.toFixed(2)} | ${s.wall.toFixed(2)} | ${f.cpu.toFixed(2)} | ${(s.cpu - f.cpu).toFixed(2)} |`);
  }
  const n = QUERIES.length;
  lines.push(
    `| mean | | ${(totals.search / n).toFixed(2)} | | ${(totals.floor / n).toFixed(2)} | ${((totals.search - totals.floor) / n).toFixed(2)} |`,
  );
  const md = lines.join("\n");
  console.log(md);
  fs.writeFileSync(path.join(TMP_DIR, "search-cpu.md"), `${md}\n`);
  await db.destroy();
  for (const p of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
