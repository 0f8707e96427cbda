import { createDb } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { seedReference } from "./db/seed/reference";
import { sql } from "kysely";
import { listPublished, parseListParams } from "./app/models/public.server";
import { getStatistics } from "./app/models/statistics.server";
import { slugify } from "./app/utils/text";
const file = "/tmp/skbench/scale.sqlite";
const db = createDb(`file:${file}`);
const words = "cải cách thủ tục hành chính đăng ký kinh doanh hộ tịch chứng thực đất đai xây dựng đầu tư người dân một cửa trực tuyến điện tử thanh toán lịch hẹn phường xã sổ tay công vụ quy chế phối hợp cấp phép bản sao".split(" ");
const rnd = (n: number) => Math.floor(Math.random() * n);
const phrase = (n: number) => Array.from({ length: n }, () => words[rnd(words.length)]).join(" ");
async function build() {
  await migrateToLatest(db);
  await seedReference(db);
  const n = 200_000;
  await sql`pragma foreign_keys = off`.execute(db);
  const areas = ["institutional", "procedures", "apparatus", "civil_service", "public_finance", "digital_government"];
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: 1000 }, (_, k) => {
      const id = i + k + 1;
      const t = new Date(Date.UTC(2021, 0, 1) + id * 60_000 * 7).toISOString();
      const title = phrase(8);
      return { initiative_id: id, slug: `${slugify(title, 60)}-${id}`, title, problem: phrase(40), solution: phrase(40), benefit: phrase(20), author_name: null, reform_area: areas[id % 6], procedure_domain: null, scope_type: "city", agency_id: null, unit_id: null, decided_at: t, decision_reason: "r", commendation_level_id: (id % 4) + 1, certificate_number: `CN-2025-${id}`, published_at: t, published_by: null, search_text: "" };
    });
    await db.insertInto("publications").values(rows).execute();
  }
  await sql`analyze`.execute(db);
}
async function time(label: string, f: () => Promise<unknown>) {
  await f();
  const ts: number[] = [];
  for (let i = 0; i < 15; i++) { const s = performance.now(); await f(); ts.push(performance.now() - s); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(40), "p50", ts[7].toFixed(1), "max", ts[14].toFixed(1), "ms");
}
const fs = await import("node:fs");
if (!fs.existsSync(file) || process.argv.includes("--build")) { console.time("build"); await build(); console.timeEnd("build"); }
const L = (qs: string) => () => listPublished(db, parseListParams(new URL(`http://x/initiatives?${qs}`)));
await time("first page", L(""));
await time("filtered area", L("area=procedures"));
await time("filtered level+year", L("level=certificate&year=2023"));
await time("commended", L("sort=commended"));
const deep = await listPublished(db, parseListParams(new URL("http://x/initiatives?area=apparatus")));
await time("deep keyset (after cursor ~ mid)", L(`after=${encodeURIComponent("2023-01-01T00:00:00.000Z~1")}`));
await time("search 'dang ky'", L("q=dang+ky"));
await time("search 'cai cach thu tuc'", L("q=cai+cach+thu+tuc"));
await time("search 'xay dung' + area", L("q=xay+dung&area=procedures"));
await time("search rare word 'phoi hop cap phep'", L("q=phoi+hop+cap+phep"));
await time("search common + level filter", L("q=dang+ky&level=city_merit&year=2022"));
await time("search dang ky newest", L("q=dang+ky&sort=newest"));
await time("search dang ky page 10", L("q=dang+ky&page=10"));
await time("search rare 1 word", L("q=zzzz"));
await time("statistics", () => getStatistics(db));
void deep;
await db.destroy();
