/**
 * Builds a benchmark database of N initiatives: the real migrations, the reference data and the demo (staff
 * accounts) through the app's own seed, then synthetic initiatives written straight through better-sqlite3
 * prepared statements in large transactions, which is what makes a million rows take a minute rather than hours.
 *
 * Files are cached in tests/.tmp/bench-<N>.sqlite and reused while the migration list and this generator are
 * unchanged. `tsx tests/bench/generate.ts 10000 1000000` builds (or reuses) them from the command line.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { createDb, type DB } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { seed } from "../../db/seed/index";
import { REFORM_AREAS, PROCEDURE_DOMAINS } from "../../app/models/initiative/taxonomy";
import { addDays, statutoryDueOn, toDateOnly } from "../../app/utils/dates";
import { fold, slugify } from "../../app/utils/text";
import { searchColumns } from "../../app/models/public/search-index.server";

const here = path.dirname(fileURLToPath(import.meta.url));
export const TMP_DIR = path.resolve(here, "../.tmp");

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness: the same N gives the same database, so figures compare across runs.

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
/** Weighted choice over [value, weight] pairs. */
function weighted<T>(table: readonly (readonly [T, number])[]): (rand: Rand) => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return (rand) => {
    let r = rand() * total;
    for (const [v, w] of table) if ((r -= w) < 0) return v;
    return table[table.length - 1][0];
  };
}
/** Skewed index in [0, n): a few values are common, most are rare, as submissions per ward are. */
const skewed = (rand: Rand, n: number) => Math.min(n - 1, Math.floor(n * rand() ** 2.2));

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary. "thủ tục" appears in about a third of titles and many texts, as it does in real submissions.

const VERBS = [
  "Số hóa",
  "Rút ngắn thời gian giải quyết",
  "Đơn giản hóa",
  "Trực tuyến toàn trình",
  "Chuẩn hóa",
  "Tự động hóa",
  "Liên thông",
  "Công khai tiến độ",
  "Cải cách",
  "Tinh gọn quy trình",
  "Thí điểm tiếp nhận",
  "Nâng cao chất lượng",
  "Giảm giấy tờ trong",
  "Một cửa cho",
  "Nhắn tin thông báo kết quả",
];
const OBJECTS = [
  "thủ tục đăng ký khai sinh",
  "thủ tục cấp giấy phép xây dựng",
  "hồ sơ đăng ký kinh doanh hộ cá thể",
  "quy trình chứng thực bản sao",
  "thủ tục đăng ký đất đai lần đầu",
  "việc tiếp nhận phản ánh kiến nghị",
  "quy trình thu phí, lệ phí",
  "hồ sơ bảo hiểm xã hội tự nguyện",
  "thủ tục xác nhận tình trạng hôn nhân",
  "quy trình xử phạt vi phạm hành chính",
  "việc tra cứu hồ sơ một cửa",
  "sổ tay công vụ cho cán bộ",
  "lịch hẹn tại bộ phận một cửa",
  "thủ tục cấp phép biển quảng cáo",
  "thủ tục đăng ký thường trú",
  "chế độ trợ cấp cho người cao tuổi",
  "báo cáo thống kê của xã, phường",
  "việc luân chuyển văn bản điện tử",
  "thủ tục cấp phiếu lý lịch tư pháp",
  "hồ sơ chuyển đổi mục đích sử dụng đất",
  "việc đánh giá cán bộ công chức",
  "quy trình cấp đổi giấy phép lái xe",
  "thủ tục đăng ký hộ kinh doanh",
  "kho dữ liệu dùng chung",
];
const QUALIFIERS = [
  "qua ứng dụng định danh điện tử",
  "trên Cổng dịch vụ công",
  "bằng mã QR",
  "giữa các sở, ngành",
  "cho doanh nghiệp nhỏ",
  "cho người cao tuổi và người khuyết tật",
  "không cần bản giấy",
  "trong một ngày làm việc",
  "bằng chữ ký số",
  "theo mô hình một cửa liên thông",
];
const PROBLEMS = [
  "Người dân phải đi lại nhiều lần và nộp cùng một loại giấy tờ cho nhiều cơ quan.",
  "Thời gian giải quyết thực tế thường vượt thời hạn quy định, nhất là vào cuối năm.",
  "Hồ sơ giấy bị thất lạc khi chuyển giữa các bộ phận, người dân không biết hồ sơ đang ở đâu.",
  "Cán bộ một cửa phải nhập lại dữ liệu đã có trong cơ sở dữ liệu quốc gia về dân cư.",
  "Biểu mẫu phức tạp, nhiều trường trùng lặp, tỷ lệ hồ sơ phải bổ sung cao.",
  "Doanh nghiệp phải chờ ý kiến của nhiều cơ quan mà không có thời hạn trả lời rõ ràng.",
  "Thu phí bằng tiền mặt mất thời gian đối soát và dễ sai sót.",
  "Người cao tuổi gặp khó khăn khi phải xếp hàng lâu tại trụ sở.",
  "Thông tin về thủ tục hành chính chưa được công khai đầy đủ và dễ hiểu.",
  "Việc lưu trữ hồ sơ giấy chiếm nhiều diện tích và khó tra cứu khi cần.",
];
const SOLUTIONS = [
  "Cho phép nộp hồ sơ trực tuyến, tự động điền thông tin từ cơ sở dữ liệu dân cư và ký số kết quả.",
  "Ban hành quy trình nội bộ với thời hạn cho từng bước và nhắc việc tự động cho cán bộ xử lý.",
  "Gắn mã QR lên phiếu hẹn để người dân tự tra cứu tiến độ giải quyết hồ sơ.",
  "Dùng một tờ khai điện tử chung, hệ thống tự chuyển dữ liệu cho các cơ quan liên quan.",
  "Đặt lịch hẹn theo khung 15 phút qua cổng dịch vụ công và tin nhắn nhắc hẹn.",
  "Số hóa hồ sơ lưu trữ và kết nối với kho dữ liệu dùng chung của Thành phố.",
  "Thanh toán phí, lệ phí qua mã QR và đối soát tự động với kho bạc.",
  "Bố trí quầy ưu tiên và cán bộ hướng dẫn cho người cao tuổi, người khuyết tật.",
  "Áp dụng cơ chế mặc nhiên đồng ý khi cơ quan được hỏi ý kiến không trả lời đúng hạn.",
];
const BENEFITS = [
  "Giảm một nửa thời gian giải quyết hồ sơ và một lượt đi lại cho mỗi người dân.",
  "Tiết kiệm chi phí in ấn, sao chụp giấy tờ ước tính hàng trăm triệu đồng mỗi năm.",
  "Tỷ lệ hồ sơ trễ hạn giảm rõ rệt sau ba tháng áp dụng thử.",
  "Người dân theo dõi được tiến độ, số cuộc gọi hỏi thông tin giảm mạnh.",
  "Có thể nhân rộng cho các xã, phường khác mà không cần đầu tư thêm.",
  "Cán bộ giảm thời gian nhập liệu, tập trung vào thẩm định nội dung.",
  "Đối soát trong ngày thay vì cuối tuần, giảm sai sót thu chi.",
];
const REASONS_YES = [
  "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả, có thể nhân rộng; hội đồng biểu quyết công nhận.",
  "Giải pháp giảm rõ thời gian và chi phí cho người dân, số liệu áp dụng thử đầy đủ; hội đồng công nhận.",
];
const REASONS_NO = [
  "Giải pháp chưa có tính mới: nội dung tương tự đã được triển khai theo Kế hoạch chuyển đổi số của Thành phố.",
  "Chưa có số liệu áp dụng thử để đánh giá hiệu quả; đề nghị bổ sung khi đã áp dụng.",
];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Hải", "Đức", "Thanh", "Hoài"];
const GIVEN = ["An", "Bình", "Châu", "Dung", "Đạt", "Hà", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Trang", "Tuấn", "Yến"];

/** Pre-folded pieces: folding a million texts one by one would be most of the run time. */
const folded = new Map<string, string>();
const f = (s: string) => {
  let v = folded.get(s);
  if (v === undefined) folded.set(s, (v = fold(s)));
  return v;
};

// Lifecycle spread: recent submissions are still open; older ones mostly ended. About a fifth end published.
const RECENT_DAYS = 120;
const recentStatus = weighted([
  ["submitted", 30],
  ["screening", 20],
  ["needs_info", 10],
  ["in_review", 25],
  ["council", 15],
] as const);
const olderStatus = weighted([
  ["published", 22.5],
  ["recognised", 2.5],
  ["not_recognised", 25],
  ["rejected", 30],
  ["withdrawn", 8],
  ["in_review", 4],
  ["screening", 3],
  ["council", 2],
  ["needs_info", 3],
] as const);
const PATHS: Record<string, string[]> = {
  submitted: [],
  screening: ["screening"],
  needs_info: ["screening", "needs_info"],
  rejected: ["screening", "rejected"],
  in_review: ["screening", "in_review"],
  council: ["screening", "in_review", "council"],
  recognised: ["screening", "in_review", "council", "recognised"],
  not_recognised: ["screening", "in_review", "council", "not_recognised"],
  published: ["screening", "in_review", "council", "recognised", "published"],
  withdrawn: ["screening", "withdrawn"],
};
const areaOf = weighted(REFORM_AREAS.map((a, i) => [a, [18, 34, 10, 12, 8, 18][i] ?? 10] as const));
const scopeOf = weighted([
  ["city", 20],
  ["agency", 30],
  ["unit", 50],
] as const);
const levelRankOf = weighted([
  [0, 45],
  [1, 35],
  [2, 15],
  [3, 5],
] as const);

// ---------------------------------------------------------------------------------------------------------------

/** What the cache depends on: the migration list, this file and N. */
export function cacheKey(n: number): string {
  const h = crypto.createHash("sha256");
  h.update(Object.keys(migrations).join(","));
  for (const file of Object.keys(migrations)) {
    const p = path.resolve(here, "../../db/migrations", `${file}.ts`);
    if (fs.existsSync(p)) h.update(fs.readFileSync(p));
  }
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  h.update(String(n));
  return h.digest("hex").slice(0, 16);
}

export function cachedPath(n: number): string {
  return path.join(TMP_DIR, `bench-${n}.sqlite`);
}

/** Returns the path of a database of `n` initiatives, building it unless a current one is cached. */
export async function ensureBenchDb(n: number, log: (s: string) => void = console.log): Promise<string> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const file = cachedPath(n);
  const keyFile = `${file}.key`;
  const key = cacheKey(n);
  if (fs.existsSync(file) && fs.existsSync(keyFile) && fs.readFileSync(keyFile, "utf8") === key) {
    log(`database of ${n.toLocaleString("en")} initiatives: cached (${path.relative(process.cwd(), file)})`);
    return file;
  }
  const started = Date.now();
  const partial = `${file}.building`;
  for (const p of [file, keyFile, partial, `${partial}-wal`, `${partial}-shm`, `${file}-wal`, `${file}-shm`]) fs.rmSync(p, { force: true });
  await generate(partial, n, log);
  fs.renameSync(partial, file);
  fs.writeFileSync(keyFile, key);
  log(`database of ${n.toLocaleString("en")} initiatives built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function generate(file: string, n: number, log: (s: string) => void) {
  // 1. Schema, reference data and the demo (staff accounts, ~40 initiatives) exactly as the app makes them.
  {
    const db = createDb(`file:${file}`);
    await migrateToLatest(db);
    await seed(db, { demo: true, demoPassword: "demo-password" });
    await db.destroy();
  }

  // 2. Bulk rows. The file is a throwaway until renamed, so durability is switched off while filling it.
  const sql = new SQLite(file);
  sql.pragma("journal_mode = OFF");
  sql.pragma("synchronous = OFF");
  sql.pragma("locking_mode = EXCLUSIVE");
  sql.pragma("cache_size = -1000000");
  sql.pragma("temp_store = MEMORY");
  sql.pragma("foreign_keys = OFF");

  const rand = prng(20260101 ^ n);
  const one = <T>(q: string, ...args: unknown[]) => sql.prepare(q).get(...args) as T;
  const all = <T>(q: string) => sql.prepare(q).all() as T[];
  const units = all<{ id: number; name: string }>("select id, name from units order by id");
  const agencies = all<{ id: number }>("select id from agencies order by id");
  const levels = all<{ id: number }>("select id from commendation_levels order by rank");
  const staff = Object.fromEntries(all<{ id: number; email: string }>("select id, email from users").map((u) => [u.email, u.id]));
  const reviewers = ["reviewer1@example.org", "reviewer2@example.org", "reviewer3@example.org"].map((e) => staff[e]);
  const secretary = staff["secretary@example.org"];
  const chair = staff["chair@example.org"];
  const firstId = one<{ m: number | null }>("select max(id) as m from initiatives").m ?? 0;

  // Codes continue after the demo's: tracking codes per submission year, certificates per decision year.
  const codeCounter = new Map<number, number>();
  for (const r of all<{ code: string }>("select code from initiatives")) {
    const [, y, k] = r.code.split("-");
    codeCounter.set(Number(y), Math.max(codeCounter.get(Number(y)) ?? 0, Number(k)));
  }
  const certCounter = new Map<number, number>();
  for (const r of all<{ c: string }>("select certificate_number as c from decisions where certificate_number is not null")) {
    const [, y, k] = r.c.split("-");
    certCounter.set(Number(y), Math.max(certCounter.get(Number(y)) ?? 0, Number(k)));
  }
  const next = (m: Map<number, number>, y: number) => {
    const v = (m.get(y) ?? 0) + 1;
    m.set(y, v);
    return v;
  };

  const insInitiative = sql.prepare(`insert into initiatives (id, code, submit_key, status, version, title,
    reform_area, procedure_domain, scope_type, agency_id, unit_id, problem, solution, benefit, applied_before, applied_at,
    confidential, author_type, consent_data, consent_publish_name, lang, submitted_at, due_on, decided_at, updated_at,
    search_text) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insAuthor = sql.prepare(`insert into authors (initiative_id, position, full_name, email, phone, organisation, share)
    values (?,?,?,?,?,?,?)`);
  const insEvent = sql.prepare(`insert into events (initiative_id, at, actor_type, actor_user_id, from_status, to_status,
    kind, message, visibility) values (?,?,?,?,?,?,?,?,?)`);
  const insDecision = sql.prepare(`insert into decisions (initiative_id, outcome, members_present, votes_for, votes_against,
    votes_abstain, reason, commendation_level_id, certificate_number, decided_at, decided_by) values (?,?,?,?,?,?,?,?,?,?,?)`);
  const insPublication = sql.prepare(`insert into publications (initiative_id, slug, title, problem, solution, benefit,
    author_name, reform_area, procedure_domain, scope_type, agency_id, unit_id, decided_at, decision_reason,
    commendation_level_id, certificate_number, published_at, published_by, search_text, search_labels, search_exact)
    values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insAssignment = sql.prepare(`insert into assignments (initiative_id, reviewer_id, assigned_by, assigned_at, due_on,
    status) values (?,?,?,?,?,?)`);

  const now = new Date();
  const end = now.getTime() - 86_400_000; // the newest synthetic submission is a day old
  const span = 3 * 365 * 86_400_000;
  const start = end - span;
  const BATCH = 50_000;
  const counts: Record<string, number> = {};
  let published = 0;

  const fill = sql.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = firstId + 1 + i;
      const submitted = new Date(start + (span * (i + rand())) / n);
      const ageDays = (now.getTime() - submitted.getTime()) / 86_400_000;
      const status = ageDays < RECENT_DAYS ? recentStatus(rand) : olderStatus(rand);
      counts[status] = (counts[status] ?? 0) + 1;
      const year = submitted.getUTCFullYear();
      const code = `SK-${year}-${String(next(codeCounter, year)).padStart(6, "0")}`;

      const verb = pick(rand, VERBS);
      const object = pick(rand, OBJECTS);
      const scope = scopeOf(rand);
      const unit = scope === "unit" ? units[skewed(rand, units.length)] : null;
      const agencyId = scope === "agency" ? agencies[skewed(rand, agencies.length)].id : null;
      const where = unit && rand() < 0.5 ? `tại ${unit.name}` : pick(rand, QUALIFIERS);
      const title = `${verb} ${object} ${where}`;
      const [p1, p2, s1, s2] = [pick(rand, PROBLEMS), pick(rand, PROBLEMS), pick(rand, SOLUTIONS), pick(rand, SOLUTIONS)];
      const problem = `${p1} ${p2}`;
      const solution = `${s1} ${s2}`;
      const benefit = pick(rand, BENEFITS);
      const area = areaOf(rand);
      const domain = rand() < 0.3 ? null : PROCEDURE_DOMAINS[skewed(rand, PROCEDURE_DOMAINS.length)];
      const appliedBefore = rand() < 0.3 ? 1 : 0;
      const lang = rand() < 0.9 ? "vi" : "en";
      const consentName = rand() < 0.5 ? 1 : 0;
      const authorType = rand() < 0.75 ? "individual" : rand() < 0.6 ? "organisation" : "business";
      const fullName = `${pick(rand, FAMILY)} ${pick(rand, MIDDLE)} ${pick(rand, GIVEN)}`;
      const sep = " \n ";
      // Folding is per character, so folded pieces joined equal the folded whole (what searchTextOf stores).
      const searchText = [
        code.toLowerCase(),
        `${f(verb)} ${f(object)} ${f(where)}`,
        `${f(p1)} ${f(p2)}`,
        `${f(s1)} ${f(s2)}`,
        f(benefit),
      ].join(sep);

      // Walk the path: each step a few days to weeks after the previous one, never in the future.
      const path = PATHS[status];
      let when = submitted;
      let decidedAt: string | null = null;
      let lastAt = submitted.toISOString();
      let prev = "submitted";
      const steps: [string, string, string][] = [];
      for (const to of path) {
        const gap =
          to === "recognised" || to === "not_recognised" ? 20 + rand() * 40 : to === "published" ? 3 + rand() * 14 : 2 + rand() * 20;
        when = new Date(Math.min(addDays(when, gap).getTime(), end));
        lastAt = when.toISOString();
        if (to === "recognised" || to === "not_recognised") decidedAt = lastAt;
        steps.push([prev, to, lastAt]);
        prev = to;
      }

      insInitiative.run(
        id,
        code,
        `bench-${String(i).padStart(8, "0")}`,
        status,
        path.length + 1,
        title,
        area,
        domain,
        scope,
        agencyId,
        unit?.id ?? null,
        problem,
        solution,
        benefit,
        appliedBefore,
        appliedBefore ? toDateOnly(addDays(submitted, -30 - Math.floor(rand() * 300))) : null,
        rand() < 0.1 ? "Số liệu nội bộ của đơn vị, không công bố." : "",
        authorType,
        1,
        consentName,
        lang,
        submitted.toISOString(),
        statutoryDueOn(submitted),
        decidedAt,
        lastAt,
        searchText,
      );
      insAuthor.run(
        id,
        0,
        fullName,
        `nguoidan${id}@example.net`,
        rand() < 0.6 ? `09${String(10_000_000 + id).slice(-8)}` : null,
        authorType === "individual" ? null : "Hợp tác xã Dịch vụ Thăng Long",
        100,
      );
      insEvent.run(id, submitted.toISOString(), "submitter", null, null, "submitted", "submitted", null, "submitter");
      // The history keeps only the last step: enough for the staff page's timeline without tripling the table.
      if (steps.length) {
        const [from, to, at] = steps[steps.length - 1];
        const actorType = to === "withdrawn" ? "submitter" : to === "council" ? "system" : "staff";
        const actor = actorType !== "staff" ? null : to === "recognised" || to === "not_recognised" ? chair : secretary;
        insEvent.run(id, at, actorType, actor, from, to, "status", null, "submitter");
      }

      if (status === "in_review" || status === "council") {
        const step = steps.find((s) => s[1] === "in_review")!;
        const pair = rand() < 0.67 ? [reviewers[0], reviewers[1 + Math.floor(rand() * 2)]] : [reviewers[1], reviewers[2]];
        for (const r of pair) {
          insAssignment.run(
            id,
            r,
            secretary,
            step[2],
            toDateOnly(addDays(new Date(step[2]), 14)),
            status === "council" ? "submitted" : "assigned",
          );
        }
      }

      if (decidedAt) {
        const recognised = status !== "not_recognised";
        const dYear = new Date(decidedAt).getUTCFullYear();
        const level = recognised ? levels[levelRankOf(rand)].id : null;
        const cert = recognised ? `CN-${dYear}-${String(next(certCounter, dYear)).padStart(4, "0")}` : null;
        const reason = recognised ? pick(rand, REASONS_YES) : pick(rand, REASONS_NO);
        const present = 9;
        const votesFor = recognised ? 6 + Math.floor(rand() * 4) : Math.floor(rand() * 5);
        insDecision.run(
          id,
          recognised ? "recognised" : "not_recognised",
          present,
          votesFor,
          present - votesFor,
          0,
          reason,
          level,
          cert,
          decidedAt,
          chair,
        );
        if (status === "published") {
          published++;
          // Written with the row, as publishInitiative does: rebuilding them afterwards would rewrite every index entry.
          const search = searchColumns({
            title,
            problem,
            solution,
            benefit,
            reformArea: area,
            procedureDomain: domain,
            authorNames: consentName ? [fullName] : [],
          });
          insPublication.run(
            id,
            `${slugify(title, 70)}-${id}`,
            title,
            problem,
            solution,
            benefit,
            consentName ? fullName : null,
            area,
            domain,
            scope,
            agencyId,
            unit?.id ?? null,
            decidedAt,
            reason,
            level,
            cert,
            lastAt,
            secretary,
            searchText.slice(searchText.indexOf(sep) + sep.length),
            search.search_labels,
            search.search_exact,
          );
        }
      }
    }
  });

  for (let from = 0; from < n; from += BATCH) {
    fill(from, Math.min(n, from + BATCH));
    if (n >= 200_000 && (from / BATCH) % 4 === 3) log(`  ${Math.min(n, from + BATCH).toLocaleString("en")} rows`);
  }
  log(
    `  statuses: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}; published ${published}`,
  );

  // External-content full-text indexes are filled from their content table in one pass.
  const fts = all<{ name: string; sql: string }>("select name, sql from sqlite_master where type = 'table' and sql like '%using fts5%'");
  for (const t of fts) {
    if (/content\s*=\s*'?[a-z_]+/i.test(t.sql) && !/content\s*=\s*''/i.test(t.sql)) {
      sql.prepare(`insert into ${t.name}(${t.name}) values ('rebuild')`).run();
      log(`  rebuilt full-text index ${t.name}`);
    }
  }
  sql.pragma("journal_mode = WAL");
  sql.close();

  // 3. Tables the app maintains alongside (counters, search indexes): rebuilt by the app's own functions.
  const db = createDb(`file:${file}`);
  for (const r of await rebuildDerived(db)) log(`  ${r}`);
  await db.destroy();
}

/**
 * Calls every exported `rebuild*` function in app/models/<capability>/*.server.ts with the database: the maintained
 * counters and search indexes that the bulk insert above bypassed. Returns what it ran.
 */
export async function rebuildDerived(db: DB): Promise<string[]> {
  const dir = path.resolve(here, "../../app/models");
  const done: string[] = [];
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((x) => x.endsWith(".server.ts"))
    .sort();
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    if (!/export\s+(async\s+)?function\s+rebuild/.test(source)) continue;
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (!/^rebuild/.test(name) || typeof fn !== "function") continue;
      const t = Date.now();
      await (fn as (db: DB) => Promise<unknown>)(db);
      done.push(`${file.replace(/\.server\.ts$/, "")}.${name}(db) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  if (done.length === 0) done.push("no rebuild* function found in app/models (no maintained counters or indexes to refresh)");
  return done;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  for (const n of sizes.length ? sizes : [10_000]) await ensureBenchDb(n);
}
