/**
 * `npm run bench -- --soak <minutes>` (default 1): a memory soak. One server process (WEB_CONCURRENCY=1, SQLite with
 * the demo, or --engine postgres) under a mixed load — the public pages, a search, an initiative, the statistics,
 * the CSV export, and one submission with a small file in ten requests — while its memory is sampled every
 * --every seconds (default 5): RSS from /proc/<pid>/status, and the V8 heap after a full GC, which a probe loaded
 * into this server only (soak-probe.mjs, --expose-gc) reports on SIGUSR2. It prints the samples and whether RSS
 * levels off: the slope (MB per minute) of the last third of the run against the first third.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../setup/server";
import { pdfBytes, submissionForm } from "../integration/submit-fixtures";

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const mb = (bytes: number) => bytes / 1024 / 1024;

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function heapAfterGc(pid: number, file: string): Promise<number | null> {
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs !== before) return mb(JSON.parse(fs.readFileSync(file, "utf8")).heapUsed);
  }
  return null;
}

/** Least-squares slope in MB per minute. */
export function slope(points: { t: number; v: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.v, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mx) * (p.v - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

export async function soak(opts: { minutes: number; everySeconds: number; connections: number; log: (s: string) => void }) {
  const { minutes, everySeconds, connections, log } = opts;
  const probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sk-soak-")), "memory.json");
  const server = await startServer({
    WEB_CONCURRENCY: "1",
    SEED_DEMO: "yes",
    ALLOW_DEMO_ACCOUNTS: "1",
    SUBMISSION_RATE_LIMIT: "100000000",
    OUTBOX_INTERVAL_MS: "0",
    JOBS_INTERVAL_MS: "0",
    SOAK_PROBE_FILE: probeFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import=${path.join(here, "soak-probe.mjs")}`.trim(),
  });
  const pid = server.process.pid!;
  log(`soak: ${minutes} min, ${connections} connections, a sample every ${everySeconds} s; server ${server.url} (pid ${pid})`);
  const base = server.url;
  const home = await (await fetch(`${base}/initiatives`)).text();
  const slugs = [...new Set([...home.matchAll(/href="\/initiatives\/([a-z0-9-]+)"/g)].map((m) => m[1]))];
  const pages = [
    "/",
    "/initiatives",
    "/initiatives?q=thu+tuc",
    "/initiatives?q=mot+cua",
    "/statistics",
    "/open-data/initiatives.csv",
    "/certificates",
    "/track",
  ];
  for (const s of slugs.slice(0, 5)) pages.push(`/initiatives/${s}`);

  const statuses = new Map<string, number>();
  const end = Date.now() + minutes * 60_000;
  let requests = 0;
  const worker = async (w: number) => {
    for (let i = 0; Date.now() < end; i++) {
      let res: Response;
      try {
        if (i % 10 === 9) {
          const nonce = `${w}-${i}-${crypto.randomBytes(4).toString("hex")}`;
          const form = submissionForm({ title: `Sáng kiến thử tải ${nonce}`, "author.email": `soak${w}.${i}@example.com` }, [
            [`t-${nonce}.pdf`, pdfBytes(nonce)],
          ]);
          res = await fetch(`${base}/submit`, { method: "POST", body: form, redirect: "manual" });
        } else {
          res = await fetch(base + pages[(i + w) % pages.length]);
        }
        await res.arrayBuffer();
        const key = String(res.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      } catch {
        statuses.set("network", (statuses.get("network") ?? 0) + 1);
      }
      requests += 1;
    }
  };

  const samples: Sample[] = [];
  const started = Date.now();
  const sampler = (async () => {
    while (Date.now() < end) {
      samples.push({ t: Date.now() - started, rssMb: rssOf(pid), heapMb: await heapAfterGc(pid, probeFile) });
      const s = samples[samples.length - 1];
      log(
        `  ${(s.t / 1000).toFixed(0).padStart(5)} s  rss ${s.rssMb.toFixed(1).padStart(7)} MB  heap after GC ${s.heapMb === null ? "   n/a" : s.heapMb.toFixed(1).padStart(6)} MB  requests ${requests}`,
      );
      await new Promise((r) => setTimeout(r, everySeconds * 1000));
    }
  })();
  await Promise.all([...Array.from({ length: connections }, (_, w) => worker(w)), sampler]);
  await server.stop();

  const third = Math.max(2, Math.floor(samples.length / 3));
  const first = samples.slice(0, third);
  const last = samples.slice(-third);
  const rssFirst = slope(first.map((s) => ({ t: s.t, v: s.rssMb })));
  const rssLast = slope(last.map((s) => ({ t: s.t, v: s.rssMb })));
  const heapPoints = (xs: Sample[]) => xs.filter((s) => s.heapMb !== null).map((s) => ({ t: s.t, v: s.heapMb! }));
  const heapFirst = slope(heapPoints(first));
  const heapLast = slope(heapPoints(last));
  // Levelled off: the last third grows by under 1 MB a minute, or at most a quarter of the first third's rate.
  const levels = rssLast < 1 || rssLast <= Math.max(0, rssFirst) / 4;
  const summary = [
    `soak summary: ${requests} requests in ${minutes} min (${(requests / (minutes * 60)).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    `  RSS ${samples[0]?.rssMb.toFixed(1)} → ${samples[samples.length - 1]?.rssMb.toFixed(1)} MB (max ${Math.max(...samples.map((s) => s.rssMb)).toFixed(1)})`,
    `  RSS slope: first third ${rssFirst.toFixed(2)} MB/min, last third ${rssLast.toFixed(2)} MB/min → ${levels ? "levels off" : "STILL GROWING"}`,
    `  heap after GC slope: first third ${heapFirst.toFixed(2)} MB/min, last third ${heapLast.toFixed(2)} MB/min`,
  ].join("\n");
  log(summary);
  return { samples, rssFirst, rssLast, heapFirst, heapLast, levels, requests };
}
