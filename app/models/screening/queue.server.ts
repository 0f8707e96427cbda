/**
 * The staff work queue: filters that match indexes, keyset pagination on (submitted_at, id) or
 * (due_on, id) so a deep page costs what the first one does, and counts per status read from
 * `status_counts` (kept by triggers) instead of counting a table of a million rows.
 */
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { cleanLine, fold } from "../../utils/text";
import { addDaysTo, hanoiDate as todayInHanoi, startOfHanoiDay } from "../../utils/clock";
import { isOpen, OPEN_STATUSES, STATUSES, type Status } from "../initiative/lifecycle";
import { recordFor, type ReformArea } from "../../domain/vocabulary";
import { TRACKING_CODE } from "../initiative/initiatives.server";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "../initiative/taxonomy";
import { reviewerTitles } from "./reviewer-copy.server";

export const PAGE_SIZE = 25;
export const OPEN_PREDICATE = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(", ")})`;
export const SORTS = ["newest", "oldest", "due"] as const;
export type QueueSort = (typeof SORTS)[number];

const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));

const FilterSchema = z.object({
  status: z.enum(STATUSES).optional(),
  area: z.enum(REFORM_AREAS).optional(),
  domain: z.enum(PROCEDURE_DOMAINS).optional(),
  unit: z.coerce.number().int().positive().optional(),
  overdue: z.literal("1").optional(),
  mine: z.literal("1").optional(),
  from: dateString.optional(),
  to: dateString.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(SORTS).optional(),
  cursor: z.string().max(200).optional(),
  campaign: z.coerce.number().int().positive().optional(),
});

export interface QueueFilters {
  status?: Status;
  area?: (typeof REFORM_AREAS)[number];
  domain?: (typeof PROCEDURE_DOMAINS)[number];
  unit?: number;
  overdue: boolean;
  mine: boolean;
  from?: string;
  to?: string;
  q?: string;
  sort: QueueSort;
  cursor?: string;
  /** the campaign (đợt phát động) the submissions answered */
  campaign?: number;
}

/** Reads the filters from the URL. An invalid value is dropped (and reported) rather than failing the page. */
export function parseQueueParams(params: URLSearchParams): { filters: QueueFilters; invalid: string[] } {
  const invalid: string[] = [];
  const clean: Record<string, unknown> = {};
  for (const key of FilterSchema.keyof().options) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    const parsed = FilterSchema.shape[key].safeParse(value);
    if (parsed.success) clean[key] = parsed.data;
    else invalid.push(key);
  }
  const f = clean as z.infer<typeof FilterSchema>;
  const q = f.q ? cleanLine(f.q) : undefined;
  return {
    filters: {
      status: f.status,
      area: f.area,
      domain: f.domain,
      unit: f.unit,
      overdue: f.overdue === "1",
      mine: f.mine === "1",
      from: f.from,
      to: f.to,
      q: q || undefined,
      // Overdue work is read most-overdue first unless asked otherwise.
      sort: f.sort ?? (f.overdue === "1" ? "due" : "newest"),
      cursor: f.cursor,
      campaign: f.campaign,
    },
    invalid,
  };
}

/** The calendar date in Hà Nội: a due date passes at local midnight, not UTC midnight. */
export { todayInHanoi };

/** Start of a Hà Nội calendar day as a UTC timestamp (submitted_at is stored in UTC). */
function hanoiDayStart(date: string, plusDays = 0): string {
  return startOfHanoiDay(addDaysTo(date, plusDays)).toISOString();
}

export function encodeCursor(key: string, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { key: string; id: number } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && v[0].length <= 40 && Number.isInteger(v[1])) {
      return { key: v[0], id: v[1] };
    }
  } catch {
    // fall through: a mangled cursor means the first page
  }
  return null;
}

export interface Viewer {
  id: number;
  /** false for a reviewer: only their own assignments (not those they declared a conflict on) */
  seeAll: boolean;
}

export interface QueueRow {
  id: number;
  code: string;
  title: string;
  status: Status;
  reformArea: ReformArea;
  submittedAt: string;
  dueOn: string;
  overdue: boolean;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The page's query (one statement, no OFFSET); null when the filters cannot match anything. Exposed for plan tests. */
type QueueSelect = {
  id: number;
  code: string;
  title: string;
  status: Status;
  reform_area: ReformArea;
  submitted_at: string;
  due_on: string;
};

/**
 * The page's query (one statement, no OFFSET); null when the filters cannot match anything. Exported for plan tests.
 * Overdue work sorted by submission is a UNION ALL of one ordered, limited read per open status: each branch
 * walks the (status, submitted_at, id) index and stops after a page, where one query would collect every
 * overdue row to sort them.
 */
export function queueQuery(db: Kysely<Database>, viewer: Viewer, f: QueueFilters, opts: { pageSize?: number; now?: Date } = {}) {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const keyCol = f.sort === "due" ? "due_on" : "submitted_at";
  const dir = f.sort === "newest" ? "desc" : "asc";
  if (f.overdue && f.status && !isOpen(f.status)) return null;
  if (f.overdue && !f.status && f.sort !== "due") {
    const branches = OPEN_STATUSES.map((status) =>
      db.selectFrom(filteredQuery(db, viewer, { ...f, status }, opts).as(`b_${status}`)).selectAll(),
    );
    const union = branches.slice(1).reduce((u, b) => u.unionAll(b), branches[0]);
    return db
      .selectFrom(union.as("u"))
      .selectAll()
      .orderBy(keyCol, dir)
      .orderBy("id", dir)
      .limit(pageSize + 1) as unknown as ReturnType<typeof filteredQuery>;
  }
  return filteredQuery(db, viewer, f, opts);
}

function filteredQuery(db: Kysely<Database>, viewer: Viewer, f: QueueFilters, opts: { pageSize?: number; now?: Date }) {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const today = todayInHanoi(opts.now);
  let q = db
    .selectFrom("initiatives")
    .select(["initiatives.id", "code", "title", "status", "reform_area", "submitted_at", "due_on"]) as SelectQueryBuilder<
    Database,
    "initiatives",
    QueueSelect
  >;

  if (!viewer.seeAll || f.mine) {
    q = q.where("initiatives.id", "in", (eb) =>
      eb
        .selectFrom("assignments")
        .select("assignments.initiative_id")
        .where("assignments.reviewer_id", "=", viewer.id)
        .where("assignments.status", "!=", "conflict"),
    );
  }
  if (f.status) q = q.where("status", "=", f.status);
  if (f.area) q = q.where("reform_area", "=", f.area);
  if (f.domain) q = q.where("procedure_domain", "=", f.domain);
  if (f.unit) q = q.where("unit_id", "=", f.unit);
  if (f.campaign)
    q = q.where("initiatives.id", "in", (eb) =>
      eb.selectFrom("campaign_entries").select("campaign_entries.initiative_id").where("campaign_entries.campaign_id", "=", f.campaign!),
    );
  if (f.from) q = q.where("submitted_at", ">=", hanoiDayStart(f.from));
  if (f.to) q = q.where("submitted_at", "<", hanoiDayStart(f.to, 1));
  if (f.overdue) {
    // Sorted by submission, the due-date range is kept away from the planner (`|| ''`, portable) so it
    // reads in submission order and stops after a page.
    q = f.sort === "due" ? q.where("due_on", "<", today) : q.where(sql<boolean>`(due_on || '') < ${today}`);
    // Literal, word for word the predicate of the partial indexes of migration 0003, so the planner may use them.
    if (!f.status) q = q.where(sql<boolean>`${sql.raw(OPEN_PREDICATE)}`);
  }
  if (f.q) {
    const folded = fold(f.q);
    const code = f.q.toUpperCase();
    // A tracking code is found through its unique index; anything else through the folded text.
    q = TRACKING_CODE.test(code)
      ? q.where("code", "=", code)
      : !viewer.seeAll
        ? // A reviewer searches the copies' titles: the submitted text may hold the author's name, and a hit would confirm a guess.
          q.where("initiatives.id", "in", (eb) =>
            eb
              .selectFrom("reviewer_copies")
              .select("reviewer_copies.initiative_id")
              .where(sql<boolean>`lower(reviewer_copies.title) LIKE ${likePattern(f.q!.toLowerCase())} ESCAPE ${"\\"}`),
          )
        : q.where(sql<boolean>`search_text LIKE ${likePattern(folded)} ESCAPE ${"\\"}`);
  }

  const cursor = decodeCursor(f.cursor);
  const keyCol = f.sort === "due" ? "due_on" : "submitted_at";
  const dir = f.sort === "newest" ? "desc" : "asc";
  if (cursor) {
    const op = dir === "desc" ? "<" : ">";
    // Redundant first bound lets the planner use the index range; the OR breaks ties on id.
    q = q
      .where(keyCol, dir === "desc" ? "<=" : ">=", cursor.key)
      .where((eb) => eb.or([eb(keyCol, op, cursor.key), eb.and([eb(keyCol, "=", cursor.key), eb("initiatives.id", op, cursor.id)])]));
  }
  return q
    .orderBy(keyCol, dir)
    .orderBy("initiatives.id", dir)
    .limit(pageSize + 1);
}

export async function listQueue(
  db: Kysely<Database>,
  viewer: Viewer,
  f: QueueFilters,
  opts: { pageSize?: number; now?: Date } = {},
): Promise<{ rows: QueueRow[]; nextCursor: string | null }> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const today = todayInHanoi(opts.now);
  const query = queueQuery(db, viewer, f, opts);
  if (!query) return { rows: [], nextCursor: null };
  const found = await query.execute();

  const page = found.slice(0, pageSize);
  const last = page[page.length - 1];
  // A reviewer's rows carry the reviewer copy's title, never the submitted one.
  const copyTitles = viewer.seeAll
    ? null
    : await reviewerTitles(
        db,
        page.map((r) => r.id),
      );
  const nextCursor = found.length > pageSize && last ? encodeCursor(f.sort === "due" ? last.due_on : last.submitted_at, last.id) : null;
  return {
    rows: page.map((r) => ({
      id: r.id,
      code: r.code,
      title: copyTitles ? (copyTitles.get(r.id) ?? r.code) : r.title,
      status: r.status,
      reformArea: r.reform_area,
      submittedAt: r.submitted_at,
      dueOn: r.due_on,
      overdue: isOpen(r.status) && r.due_on < today,
    })),
    nextCursor,
  };
}

/** Initiatives per status: the whole register for those who see it, one's assignments for a reviewer. */
export async function statusCounts(db: Kysely<Database>, viewer: Viewer): Promise<Record<Status, number>> {
  const counts = recordFor(STATUSES, () => 0);
  const rows = viewer.seeAll
    ? await db.selectFrom("status_counts").select(["status", "n"]).execute()
    : await db
        .selectFrom("assignments")
        .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
        .select(["initiatives.status as status", (eb) => eb.fn.count<number>("initiatives.id").distinct().as("n")])
        .where("assignments.reviewer_id", "=", viewer.id)
        .where("assignments.status", "!=", "conflict")
        .groupBy("initiatives.status")
        .execute();
  for (const r of rows) if (r.status in counts) counts[r.status] = Number(r.n);
  return counts;
}

/** For a reviewer's page: the assignment behind each row (one query for the page), so rows link to the review. */
export async function ownAssignmentsFor(
  db: Kysely<Database>,
  reviewerId: number,
  initiativeIds: number[],
): Promise<Record<number, number>> {
  if (!initiativeIds.length) return {};
  const rows = await db
    .selectFrom("assignments")
    .select(["id", "initiative_id"])
    .where("reviewer_id", "=", reviewerId)
    .where("initiative_id", "in", initiativeIds)
    .where("status", "!=", "conflict")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.initiative_id, r.id]));
}

export async function unitOptions(db: Kysely<Database>) {
  return db.selectFrom("units").select(["id", "name"]).where("active", "=", 1).orderBy("name_folded").execute();
}
