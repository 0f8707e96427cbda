/**
 * The "needs my action" view of the queue (docs/decisions/029-staff-notifications.md): the open cases
 * this person's roles must act on (worklist.ts), earliest deadline first, with counts per bucket and the flags a row
 * needs. Each status is one branch read in deadline order from the (status, due_on, id) index and cut at a page, and
 * the branches are merged (UNION ALL), so a first page costs a page per status however large the register is; pages
 * after it are keyset pages on (deadline, id). Counts stop at COUNT_CAP: past a thousand, the exact number changes
 * nothing anyone does, and counting stops costing more than the page.
 */
import { reviewerTitles } from "./reviewer-copy.server";
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import { queryTemplate } from "../../../db/query-template";
import type { Database } from "../../../db/schema";
import type { ReformArea } from "../../domain/vocabulary";
import { addDaysTo, hanoiDate } from "../../utils/clock";
import type { Role } from "../../utils/permissions";
import type { Status } from "../initiative/lifecycle";
import { decodeCursor, encodeCursor, PAGE_SIZE } from "./queue.server";
import { actionStatuses, rescueStatuses, reviewsOwn, type Bucket } from "./worklist";

export { BUCKETS, type Bucket } from "./worklist";
export const COUNT_CAP = 1000;

export interface WorklistRow {
  id: number;
  code: string;
  title: string;
  status: Status;
  reformArea: ReformArea;
  submittedAt: string;
  dueOn: string;
  /** the earliest deadline of the case for this person, and whose it is */
  deadline: string;
  deadlineKind: "statutory" | "review";
  /** whole days from today (Hà Nội) to the deadline; negative when overdue */
  daysLeft: number;
  replyReceived: boolean;
  conflict: boolean;
  /** a reviewer's row opens their review */
  assignmentId: number | null;
}

type DB = Kysely<Database>;
interface Who {
  id: number;
  roles: readonly Role[];
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A case in review comes back to the secretary when a review is overdue or a withdrawn reviewer left fewer than
 * the minimum. Both are kept on the case by triggers on assignments (migration 0028): `review_due`, the earliest
 * open review's due date, and `reviewers_short`. The overdue ones are a range of the (status, review_due, id)
 * index, already in deadline order; the short ones (rare) come through their own index, the overdue excluded so
 * that no case is listed twice. Their deadline is the review's, else the statutory date.
 */
const rescueKey = sql<string>`coalesce(review_due, due_on)`;
function reviewOverdue(today: string) {
  return sql<boolean>`review_due < ${today}`;
}
function shortNotOverdue(today: string) {
  return sql<boolean>`(reviewers_short = 1 and (review_due is null or review_due >= ${today}))`;
}

interface Branch {
  id: number;
  code: string;
  title: string;
  status: Status;
  reform_area: ReformArea;
  submitted_at: string;
  due_on: string;
  deadline: string;
  assignment_id: number | null;
}

/** What a page of the worklist asks: the same statement for every page of a person's roles, with or without a cursor. */
type WorklistValues = {
  today: string;
  limit: number;
  /** the cursor's deadline and id (a shape with a cursor only) */
  cursorKey: string;
  cursorId: number;
  /** a reviewer's own assignments */
  me: number;
};

/** The part of a statement's shape that the person's roles decide (db/query-template.ts), in any order of roles. */
function rolesShape(roles: readonly Role[]): string {
  return [...roles].sort().join(",");
}

function worklistValues(who: Who, opts: { cursor?: string; now?: Date; pageSize?: number }) {
  const cursor = decodeCursor(opts.cursor);
  const values: WorklistValues = {
    today: hanoiDate(opts.now),
    limit: (opts.pageSize ?? PAGE_SIZE) + 1,
    cursorKey: cursor?.key ?? "",
    cursorId: cursor?.id ?? 0,
    me: who.id,
  };
  return { values, withCursor: cursor !== null, shape: `${rolesShape(who.roles)}|${cursor ? "cursor" : "first"}` };
}

/** The page's query, exported for the plan tests; null when this person has nothing to act on by role. */
export function worklistQuery(db: DB, who: Who, opts: { cursor?: string; now?: Date; pageSize?: number } = {}) {
  const { values, withCursor } = worklistValues(who, opts);
  return buildWorklist(db, who.roles, withCursor, values);
}

/** Compiled once per shape (db/query-template.ts): building and compiling the union cost more than running it. */
const worklistTemplate = queryTemplate<Database, WorklistValues>();

function buildWorklist(db: DB, roles: readonly Role[], withCursor: boolean, v: WorklistValues) {
  const today = v.today;
  const limit = v.limit;
  const cursor = withCursor ? { key: v.cursorKey, id: v.cursorId } : null;
  const branches: ReturnType<typeof statusBranch>[] = [];

  function statusBranch(status: Status, rescue?: "overdue" | "short") {
    const key = rescue === "overdue" ? sql<string>`review_due` : rescue === "short" ? rescueKey : sql<string>`due_on`;
    let q = db
      .selectFrom("initiatives")
      .select([
        "initiatives.id",
        "code",
        "title",
        "status",
        "reform_area",
        "submitted_at",
        "due_on",
        key.as("deadline"),
        sql<number | null>`null`.as("assignment_id"),
      ])
      .where("status", "=", status);
    if (rescue === "overdue") q = q.where(reviewOverdue(today));
    if (rescue === "short") q = q.where(shortNotOverdue(today));
    // The redundant first bound lets the planner start the index range at the cursor; the OR breaks ties on id.
    if (cursor)
      q = q
        .where(sql<boolean>`${key} >= ${cursor.key}`)
        .where(sql<boolean>`(${key} > ${cursor.key} or (${key} = ${cursor.key} and initiatives.id > ${cursor.id}))`);
    return q.orderBy(key).orderBy("initiatives.id").limit(limit);
  }

  for (const s of actionStatuses(roles)) branches.push(statusBranch(s));
  for (const s of rescueStatuses(roles)) branches.push(statusBranch(s, "overdue"), statusBranch(s, "short"));

  if (reviewsOwn(roles)) {
    let q = db
      .selectFrom("assignments")
      .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
      .select([
        "initiatives.id",
        "initiatives.code",
        "initiatives.title",
        "initiatives.status",
        "initiatives.reform_area",
        "initiatives.submitted_at",
        "initiatives.due_on",
        "assignments.due_on as deadline",
        "assignments.id as assignment_id",
      ])
      .where("assignments.reviewer_id", "=", v.me)
      .where("assignments.status", "=", "assigned")
      .where("initiatives.status", "=", "in_review");
    if (cursor)
      q = q.where((eb) =>
        eb.or([
          eb("assignments.due_on", ">", cursor.key),
          eb.and([eb("assignments.due_on", "=", cursor.key), eb("initiatives.id", ">", cursor.id)]),
        ]),
      );
    branches.push(q.orderBy("assignments.due_on").orderBy("initiatives.id").limit(limit) as unknown as ReturnType<typeof statusBranch>);
  }
  if (!branches.length) return null;
  const wrapped = branches.map((b, i) => db.selectFrom(b.as(`b${i}`)).selectAll());
  const union = wrapped.slice(1).reduce((u, b) => u.unionAll(b), wrapped[0]);
  return db.selectFrom(union.as("u")).selectAll().orderBy("deadline").orderBy("id").limit(limit);
}

export async function listNeedsAction(
  db: DB,
  who: Who,
  opts: { cursor?: string; now?: Date; pageSize?: number } = {},
): Promise<{ rows: WorklistRow[]; nextCursor: string | null }> {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const today = hanoiDate(opts.now);
  if (!hasWorklist(who.roles)) return { rows: [], nextCursor: null };
  const { values, shape, withCursor } = worklistValues(who, opts);
  const query = worklistTemplate(db, shape, values, (v) => buildWorklist(db, who.roles, withCursor, v)!.compile());
  const found = (await db.executeQuery<Branch>(query)).rows;
  const page = found.slice(0, pageSize);
  const last = page[page.length - 1];
  const flags = await rowFlags(
    db,
    page.map((r) => r.id),
  );
  // A reviewer's rows carry the reviewer copy's title, never the submitted one (which may name the author).
  const copyTitles = who.roles.every((r) => r === "reviewer")
    ? await reviewerTitles(
        db,
        page.map((r) => r.id),
      )
    : null;
  return {
    rows: page.map((r) => {
      const deadline = r.deadline < r.due_on ? r.deadline : r.due_on;
      return {
        id: r.id,
        code: r.code,
        title: copyTitles ? (copyTitles.get(r.id) ?? r.code) : r.title,
        status: r.status,
        reformArea: r.reform_area,
        submittedAt: r.submitted_at,
        dueOn: r.due_on,
        deadline,
        deadlineKind: deadline === r.due_on && r.deadline >= r.due_on ? "statutory" : "review",
        daysLeft: daysBetween(today, deadline),
        replyReceived: r.status === "screening" && flags.replied.has(r.id),
        conflict: flags.conflict.has(r.id),
        assignmentId: r.assignment_id === null ? null : Number(r.assignment_id),
      };
    }),
    nextCursor: found.length > pageSize && last ? encodeCursor(last.deadline, last.id) : null,
  };
}

/** For a page of cases: which have a reply from the submitter as their latest move, and which a declared conflict. */
async function rowFlags(db: DB, ids: number[]) {
  if (!ids.length) return { replied: new Set<number>(), conflict: new Set<number>() };
  const moves = await db
    .selectFrom("events")
    .select(["initiative_id", "kind"])
    .where("initiative_id", "in", ids)
    .where("to_status", "is not", null)
    .orderBy("id", "desc")
    .execute();
  const latest = new Map<number, string>();
  for (const m of moves) if (!latest.has(m.initiative_id)) latest.set(m.initiative_id, m.kind);
  const conflicts = await db.selectFrom("conflicts").select("initiative_id").distinct().where("initiative_id", "in", ids).execute();
  return {
    replied: new Set([...latest].filter(([, kind]) => kind === "reply").map(([id]) => id)),
    conflict: new Set(conflicts.map((c) => c.initiative_id)),
  };
}

type CountValues = { today: string; weekEnd: string; me: number };
const countsTemplate = queryTemplate<Database, CountValues>();

/**
 * The bucket counts of a set of roles as one statement of scalar subqueries (one round trip). A bucket's parts (a
 * range of an index each) are read one after the other (UNION ALL) and the reading stops at the cap, so the rows
 * themselves never reach JavaScript and a bucket past the cap costs one part's range, not every part's. A column is
 * named after its bucket; the roles may have nothing to count there.
 */
function countsStatement(db: DB, roles: readonly Role[], v: CountValues) {
  const { today, weekEnd } = v;
  const statuses = actionStatuses(roles);
  const rescue = rescueStatuses(roles);
  // The parts of a bucket differ only in their tables: each selects one id.
  type Part = SelectQueryBuilder<Database & { r: Database["events"] }, "initiatives" | "assignments" | "r", { id: number }>;
  const byStatus = (range: "overdue" | "week") => {
    const parts: Part[] = [];
    for (const s of statuses) {
      let q = db.selectFrom("initiatives").select("id").where("status", "=", s);
      q = range === "overdue" ? q.where("due_on", "<", today) : q.where("due_on", ">=", today).where("due_on", "<=", weekEnd);
      parts.push(q);
    }
    for (const s of rescue) {
      // An overdue review is before today by definition: those cases count as overdue, never as due this week.
      if (range === "overdue") parts.push(db.selectFrom("initiatives").select("id").where("status", "=", s).where(reviewOverdue(today)));
      let q = db
        .selectFrom("initiatives")
        .select("id")
        .where("reviewers_short", "=", 1)
        .where("status", "=", s)
        .where(shortNotOverdue(today));
      q = range === "overdue" ? q.where(rescueKey, "<", today) : q.where(rescueKey, ">=", today).where(rescueKey, "<=", weekEnd);
      parts.push(q);
    }
    if (reviewsOwn(roles)) {
      let q = db
        .selectFrom("assignments")
        .innerJoin("initiatives", "initiatives.id", "assignments.initiative_id")
        .select("assignments.id")
        .where("assignments.reviewer_id", "=", v.me)
        .where("assignments.status", "=", "assigned")
        .where("initiatives.status", "=", "in_review");
      q =
        range === "overdue"
          ? q.where("assignments.due_on", "<", today)
          : q.where("assignments.due_on", ">=", today).where("assignments.due_on", "<=", weekEnd);
      parts.push(q);
    }
    return parts;
  };
  // A reply is the latest move of a case back in screening: read from the reply events, the newest first.
  const replied: Part[] = statuses.includes("screening")
    ? [
        db
          .selectFrom("events as r")
          .innerJoin("initiatives", "initiatives.id", "r.initiative_id")
          .select("r.id")
          .where("r.kind", "=", "reply")
          .where("initiatives.status", "=", "screening")
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("events as l")
                  .select("l.id")
                  .whereRef("l.initiative_id", "=", "r.initiative_id")
                  .whereRef("l.id", ">", "r.id")
                  .where("l.to_status", "is not", null),
              ),
            ),
          ),
      ]
    : [];
  const groups = { overdue: byStatus("overdue"), week: byStatus("week"), replied };
  const columns = Object.entries(groups)
    .filter(([, parts]) => parts.length)
    .map(([g, parts]) => {
      const all = parts.slice(1).reduce((u, q) => u.unionAll(q), parts[0]);
      return sql`(select count(*) from ${all.limit(COUNT_CAP)} as c) as ${sql.ref(g)}`;
    });
  return columns.length ? sql<Record<string, number | string>>`select ${sql.join(columns)}`.compile(db) : null;
}

/** How many cases of this person's view fall in each bucket, each count stopping at COUNT_CAP. */
export async function bucketCounts(db: DB, who: Who, now = new Date()): Promise<Record<Bucket, number | null>> {
  const today = hanoiDate(now);
  const statuses = actionStatuses(who.roles);
  const values: CountValues = { today, weekEnd: addDaysTo(today, 6), me: who.id };
  // Compiled once per set of roles, like the page's own query. A person with a worklist has an overdue bucket at
  // least, so the statement has a column.
  const counts = hasWorklist(who.roles)
    ? db.executeQuery<Record<string, number | string>>(
        countsTemplate(db, rolesShape(who.roles), values, (v) => countsStatement(db, who.roles, v)!),
      )
    : null;
  // Exact and kept by triggers (migration 0003): a read of one row.
  const isNew = statuses.includes("submitted")
    ? db
        .selectFrom("status_counts")
        .select("n")
        .where("status", "=", "submitted")
        .executeTakeFirst()
        .then((r) => Math.min(COUNT_CAP, Number(r?.n ?? 0)))
    : Promise.resolve(null);
  const [n, result] = await Promise.all([isNew, counts]);
  const row = result?.rows[0] ?? {};
  const total = (g: Bucket) => Number(row[g] ?? 0);
  return { new: n, replied: statuses.includes("screening") ? total("replied") : null, overdue: total("overdue"), week: total("week") };
}

/** Whether this person has a "needs my action" view at all (an administrator does not). */
export function hasWorklist(roles: readonly Role[]): boolean {
  return actionStatuses(roles).length > 0 || rescueStatuses(roles).length > 0 || reviewsOwn(roles);
}
