/**
 * `npm run bench:xlsx [-- --rows 100000]`
 *
 * Writes an audit log of N rows into a fresh SQLite file, then streams its XLSX export (app/models/exports) into a
 * sink that only counts bytes, sampling the process's memory every 20 ms. Reports the time, the file's size and the
 * peak RSS and heap above the level before the export began: a streamed export should stay near a page of rows
 * whatever N is. Reported, not asserted (the machine's other work moves the figures).
 */
import "./env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { auditXlsx } from "../../app/models/exports/exports.server";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rows = option("rows", 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-xlsx-bench-"));
const db = createDb(`file:${path.join(dir, "bench.db")}`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

try {
  await migrateToLatest(db);
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < rows; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({
      at: new Date(start + (i + j) * 60_000).toISOString(),
      actor_user_id: null,
      action: (i + j) % 3 ? "initiative.status" : "user.update",
      target_type: "initiative",
      target_id: String(i + j),
      details: JSON.stringify({ from: "screening", to: "in_review", message: "Phân công thẩm định theo kế hoạch tháng." }),
    }));
    await db.insertInto("audit_log").values(batch).execute();
  }
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  let bytes = 0;
  const t0 = performance.now();
  await pipeline(
    auditXlsx(db, { action: undefined, actor: undefined, from: undefined, to: undefined, before: undefined }, "vi"),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
  clearInterval(sample);
  const ms = performance.now() - t0;
  console.log(
    `xlsx export: ${rows} rows, ${mb(bytes)} in ${(ms / 1000).toFixed(1)} s; ` +
      `peak RSS ${mb(peakRss)} (+${mb(peakRss - base.rss)} over the ${mb(base.rss)} before), ` +
      `peak heap ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)})`,
  );
} finally {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
