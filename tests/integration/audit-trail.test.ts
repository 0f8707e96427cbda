/**
 * The audit trail of the lifecycle: every allowed status change of the table (lifecycle.ts), made by each
 * actor allowed to make it, leaves exactly one audit row for the initiative, written by `transition()`
 * itself: through the function that route calls, and through `transition()` called directly (so a new
 * caller cannot forget it). The submitter's withdrawal and reply, through the private page, too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDecision } from "~/models/council/decisions.server";
import { InvalidTransitionError, StaleVersionError } from "~/models/errors";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { TRANSITIONS, type Actor, type Status } from "~/models/initiative/lifecycle";
import { transition } from "~/models/initiative/lifecycle.server";
import { publishInitiative } from "~/models/publication/publication.server";
import { saveReview } from "~/models/review/reviews.server";
import { assignReviewers, rejectInitiative, requestInformation, sendToCouncil, startScreening } from "~/models/screening/screening.server";
import { replyToRequest, withdraw } from "~/models/initiative/tracking.server";
import { addDaysTo, hanoiDate } from "~/utils/clock";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { currentCriteria, makeReviewerCopy, staffIds, statusOf, submission } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let ids: Awaited<ReturnType<typeof staffIds>>;
let n = 0;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  ids = await staffIds(t.db);
});
afterAll(() => t.cleanup());

const REASON = "Giải pháp mới tại Thành phố, đã áp dụng thử có hiệu quả rõ rệt và có thể nhân rộng ở các xã, phường.";
const version = async (id: number) => (await statusOf(t.db, id)).version;

async function create() {
  const c = await createInitiative(t.db, submission(), [], { submitKey: `audit-trail-${++n}` });
  // Reviewers can be assigned only once the reviewer copy exists: made here, before any move is counted.
  await makeReviewerCopy(t.db, c.id, ids.secretary);
  return { id: c.id, code: c.code, token: c.accessToken };
}

/** The move `to` from the initiative's current status, by `actor`, through the model function its page calls. */
async function moveByCaller(id: number, to: Status, actor: Actor): Promise<void> {
  const base = { initiativeId: id, userId: ids.secretary, expectedVersion: await version(id) };
  const from = (await statusOf(t.db, id)).status as Status;
  if (actor === "submitter") {
    if (to === "withdrawn") await withdraw(t.db, { initiativeId: id, expectedVersion: base.expectedVersion });
    else await replyToRequest(t.db, { initiativeId: id, expectedVersion: base.expectedVersion, message: "Số liệu bổ sung.", files: [] });
    return;
  }
  switch (to) {
    case "screening":
      return void (await startScreening(t.db, base));
    case "needs_info":
      return void (await requestInformation(t.db, { ...base, message: "Đề nghị bổ sung số liệu." }));
    case "rejected":
      return void (await rejectInitiative(t.db, { ...base, reason: "Không thuộc phạm vi cải cách hành chính." }));
    case "in_review": {
      const dueOn = addDaysTo(hanoiDate(), 14);
      return void (await assignReviewers(t.db, {
        ...base,
        reviewers: [
          { reviewerId: ids.r1, dueOn },
          { reviewerId: ids.r2, dueOn },
        ],
      }));
    }
    case "council": {
      if (actor === "secretary") return void (await sendToCouncil(t.db, base));
      // by the system: the last review in moves it on
      const criteria = await currentCriteria(t.db);
      const assignments = await t.db
        .selectFrom("assignments")
        .select(["id", "reviewer_id"])
        .where("initiative_id", "=", id)
        .where("status", "=", "assigned")
        .execute();
      for (const a of assignments) {
        await saveReview(t.db, {
          assignmentId: a.id,
          reviewerId: a.reviewer_id,
          scores: Object.fromEntries(criteria.map((c) => [c.id, 8])),
          recommendation: "recognise",
          comment: "Đáp ứng đầy đủ tiêu chí.",
          submit: true,
        });
      }
      return;
    }
    case "recognised":
    case "not_recognised": {
      const level = (
        await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "merit_certificate").executeTakeFirstOrThrow()
      ).id;
      const yes = to === "recognised";
      return void (await recordDecision(t.db, {
        initiativeId: id,
        expectedVersion: base.expectedVersion,
        actorUserId: ids.chair,
        outcome: to,
        membersPresent: 5,
        votesFor: yes ? 5 : 1,
        votesAgainst: yes ? 0 : 4,
        votesAbstain: 0,
        reason: REASON,
        commendationLevelId: yes ? level : null,
      }));
    }
    case "published":
      return void (await publishInitiative(t.db, {
        initiativeId: id,
        expectedVersion: base.expectedVersion,
        actorUserId: actor === "chair" ? ids.chair : ids.secretary,
        actor: actor as "secretary" | "chair",
        title: "Một đầu mối tiếp nhận hồ sơ đất đai",
        problem: "Vấn đề.",
        solution: "Giải pháp.",
        benefit: "Lợi ích.",
        publicAttachmentIds: [],
      }));
  }
  throw new Error(`no caller for ${from} → ${to} by ${actor}`);
}

/** A path from "submitted" to each status, as the table allows it. */
const PATH: Record<Status, [Status, Actor][]> = {
  submitted: [],
  screening: [["screening", "secretary"]],
  needs_info: [
    ["screening", "secretary"],
    ["needs_info", "secretary"],
  ],
  rejected: [
    ["screening", "secretary"],
    ["rejected", "secretary"],
  ],
  in_review: [
    ["screening", "secretary"],
    ["in_review", "secretary"],
  ],
  council: [
    ["screening", "secretary"],
    ["in_review", "secretary"],
    ["council", "secretary"],
  ],
  recognised: [
    ["screening", "secretary"],
    ["in_review", "secretary"],
    ["council", "secretary"],
    ["recognised", "chair"],
  ],
  not_recognised: [
    ["screening", "secretary"],
    ["in_review", "secretary"],
    ["council", "secretary"],
    ["not_recognised", "chair"],
  ],
  published: [
    ["screening", "secretary"],
    ["in_review", "secretary"],
    ["council", "secretary"],
    ["recognised", "chair"],
    ["published", "secretary"],
  ],
  withdrawn: [["withdrawn", "submitter"]],
};

async function initiativeAt(status: Status) {
  const i = await create();
  for (const [to, actor] of PATH[status]) await moveByCaller(i.id, to, actor);
  expect((await statusOf(t.db, i.id)).status).toBe(status);
  return i;
}

async function auditRowsOf(id: number) {
  return t.db
    .selectFrom("audit_log")
    .select(["id", "action", "actor_user_id", "details"])
    .where("target_type", "=", "initiative")
    .where("target_id", "=", String(id))
    .orderBy("id")
    .execute();
}

const ACTOR_USER: Partial<Record<Actor, () => number>> = { secretary: () => ids.secretary, chair: () => ids.chair };

describe("the audit trail of the lifecycle", () => {
  const cases = TRANSITIONS.flatMap((tr) => tr.by.map((actor) => ({ from: tr.from, to: tr.to, actor })));

  for (const { from, to, actor } of cases) {
    it(`${from} → ${to} by ${actor}, through its caller, leaves exactly one audit row`, async () => {
      const i = await initiativeAt(from);
      const before = (await auditRowsOf(i.id)).map((r) => r.id);
      await moveByCaller(i.id, to, actor);
      expect((await statusOf(t.db, i.id)).status).toBe(to);
      const added = (await auditRowsOf(i.id)).filter((r) => !before.includes(r.id));
      expect(added, JSON.stringify(added)).toHaveLength(1);
      expect(JSON.parse(added[0].details)).toMatchObject({ from, to, actor });
      const user = actor === "system" || actor === "submitter" ? null : ACTOR_USER[actor]?.();
      if (user !== undefined) expect(added[0].actor_user_id).toBe(user);
    });

    it(`${from} → ${to} by ${actor}, through transition() itself, leaves exactly one audit row`, async () => {
      const i = await initiativeAt(from);
      const before = (await auditRowsOf(i.id)).length;
      await t.db
        .transaction()
        .execute((trx) => transition(trx, { initiativeId: i.id, to, actor, actorUserId: ACTOR_USER[actor]?.() ?? null }));
      const rows = await auditRowsOf(i.id);
      expect(rows.length - before).toBe(1);
      expect(rows[rows.length - 1].action).toBe("initiative.status");
    });
  }

  it("a refused move writes no audit row", async () => {
    const i = await initiativeAt("submitted");
    const before = (await auditRowsOf(i.id)).length;
    await expect(transition(t.db, { initiativeId: i.id, to: "council", actor: "secretary" })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(transition(t.db, { initiativeId: i.id, to: "screening", actor: "secretary", expectedVersion: 99 })).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    expect((await auditRowsOf(i.id)).length).toBe(before);
  });
});

describe("the submitter's own changes, through the private page", () => {
  it("a withdrawal leaves one audit row", async () => {
    const i = await initiativeAt("screening");
    const before = (await auditRowsOf(i.id)).length;
    const body = new URLSearchParams({ intent: "withdraw", version: String(await version(i.id)) });
    const res = await app.fetch(`/track/${i.code}?t=${i.token}`, { method: "POST", body, redirect: "manual" });
    expect(res.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("withdrawn");
    const rows = await auditRowsOf(i.id);
    expect(rows.length - before).toBe(1);
    expect(rows[rows.length - 1].actor_user_id).toBeNull();
    expect(JSON.parse(rows[rows.length - 1].details)).toMatchObject({ from: "screening", to: "withdrawn", actor: "submitter" });
  });

  it("a reply to a request for information leaves one audit row", async () => {
    const i = await initiativeAt("needs_info");
    const before = (await auditRowsOf(i.id)).length;
    const body = new FormData();
    body.set("intent", "reply");
    body.set("version", String(await version(i.id)));
    body.set("message", "Số liệu năm 2025: 1.240 hồ sơ.");
    const res = await app.fetch(`/track/${i.code}?t=${i.token}`, { method: "POST", body, redirect: "manual" });
    expect(res.status).toBe(302);
    expect((await statusOf(t.db, i.id)).status).toBe("screening");
    const rows = await auditRowsOf(i.id);
    expect(rows.length - before).toBe(1);
    expect(JSON.parse(rows[rows.length - 1].details)).toMatchObject({
      from: "needs_info",
      to: "screening",
      actor: "submitter",
      kind: "reply",
    });
  });
});
