/**
 * `tsx tests/bench/explain.ts 1000000 "/initiatives?q=thu+tuc" [...paths]`: runs each page once through the real
 * handler on a copy of the bench database, then prints every read its loaders made with its time (best of 5)
 * and its EXPLAIN QUERY PLAN. Staff paths (/staff…) are read as the demo secretary. For finding which query
 * or index a slow page needs.
 */
import "./env";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type CompiledQuery } from "kysely";
import { createRequestHandler } from "@remix-run/node";
import type { Database } from "../../db/schema";
import { loadBuild } from "../setup/app";
import { ensureBenchDb, TMP_DIR } from "./generate";

const [sizeArg, ...paths] = process.argv.slice(2);
const n = Number(sizeArg ?? 10000);
const cached = await ensureBenchDb(n);
const file = path.join(TMP_DIR, `bench-explain-${n}.sqlite`);
fs.copyFileSync(cached, file);

const sqlite = new SQLite(file);
const captured: CompiledQuery[] = [];
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (e) => {
    if (e.level === "query") captured.push(e.query);
  },
});
const handler = createRequestHandler(await loadBuild(), "production");
const context = { db, cspNonce: "explain", clientIp: "127.0.0.1" };

let cookie = "";
if (paths.some((p) => p.startsWith("/staff"))) {
  const res = await handler(
    new Request("http://127.0.0.1/staff/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "secretary@example.org", password: "demo-password", redirectTo: "/staff" }),
    }),
    context,
  );
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

for (const p of paths) {
  captured.length = 0;
  const t = performance.now();
  const res = await handler(new Request(`http://127.0.0.1${p}`, { headers: cookie ? { cookie } : {} }), context);
  await res.text();
  console.log(`\n## ${p} → ${res.status} in ${(performance.now() - t).toFixed(1)} ms (first request, cold)`);
  for (const q of captured.filter((x) => /^\s*(select|with)\b/i.test(x.sql))) {
    const params = q.parameters.map((v) => (typeof v === "boolean" ? Number(v) : v));
    const stmt = sqlite.prepare(q.sql);
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      stmt.all(...params);
      best = Math.min(best, performance.now() - s);
    }
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    console.log(`\n${best.toFixed(2)} ms  ${q.sql.replace(/\s+/g, " ")}\n  params ${JSON.stringify(params)}`);
    for (const d of plan) console.log(`    ${d}`);
  }
}
await db.destroy();
for (const p of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
