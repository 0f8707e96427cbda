/**
 * The stages a submitter sees on the private page, each with what is known of its date: when it was done,
 * or by when it is expected. Only the decision's date is statutory (3 months from acceptance, stored as
 * `due_on`); the others are this service's own targets, counted in working days on the administration's
 * calendar (docs/decisions/031-tracking-stages.md). Pure and without server imports: the calendar is
 * handed in, so a page or a test may compute the same.
 */
import { hanoiDate } from "../../utils/clock";
import { FINAL_STATUSES, isOneOf, type Status } from "../../domain/vocabulary";

import {
  PUBLICATION_WORKING_DAYS,
  REPLY_WORKING_DAYS,
  SCREENING_START_WORKING_DAYS,
  SCREENING_WORKING_DAYS,
  replyDueOn,
  screeningStartTarget,
} from "../service-targets/targets";

// The targets live in one place (service-targets/targets.ts); re-exported for the callers that read them here.
export { PUBLICATION_WORKING_DAYS, REPLY_WORKING_DAYS, SCREENING_WORKING_DAYS };

export const STAGE_KEYS = ["received", "screening", "review", "decision", "publication", "withdrawn"] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

export type StageState = "done" | "current" | "upcoming";

/** What a date next to a stage means: a statutory deadline, a service target, the reply window, the reviewers' due dates. */
export type ExpectedKind = "statutory" | "target" | "reply" | "reviews" | "start";

export interface Stage {
  key: StageKey;
  state: StageState;
  /** when the stage was done (an ISO instant) */
  doneAt: string | null;
  /** by when it is expected (a Hà Nội date), while it is current or to come */
  expected: { date: string; kind: ExpectedKind; overdue: boolean } | null;
  /** the status that ended the procedure at this stage (rejected, not_recognised, recognised, published, withdrawn) */
  outcome: Status | null;
}

export interface StageInput {
  status: Status;
  submittedAt: string;
  /** the statutory decision date */
  dueOn: string;
  decidedAt: string | null;
  /** the history the submitter may see: status changes with their instants, oldest first */
  events: readonly { at: string; kind: string; to_status: Status | null }[];
  /** the due dates of the reviews still awaited */
  reviewsDueOn: readonly string[];
  today: string;
  addWorkingDays: (date: string, n: number) => string;
  /** working days from receipt within which screening starts (SCREENING_START_WORKING_DAYS unless configured) */
  screeningStartDays?: number;
}

export function isFinal(status: Status): boolean {
  return isOneOf(FINAL_STATUSES, status);
}

const ORDER: Record<Status, number> = {
  submitted: 1,
  screening: 1,
  needs_info: 1,
  rejected: 1,
  in_review: 2,
  council: 3,
  not_recognised: 3,
  recognised: 4,
  published: 5,
  withdrawn: -1,
};

export function stagesOf(input: StageInput): Stage[] {
  const { status, events, today } = input;
  const firstAt = (to: readonly Status[]) => events.find((e) => e.to_status !== null && to.includes(e.to_status))?.at ?? null;
  const lastAt = (to: readonly Status[]) => [...events].reverse().find((e) => e.to_status !== null && to.includes(e.to_status))?.at ?? null;
  const expect = (date: string, kind: ExpectedKind) => ({ date, kind, overdue: date < today });

  // A withdrawal ends the procedure at the stage it had reached: the last status before it.
  const before = status === "withdrawn" ? lastBefore(events) : status;
  const reached = ORDER[before];

  const received: Stage = { key: "received", state: "done", doneAt: input.submittedAt, expected: null, outcome: null };

  const screeningDone = reached > 1 || status === "rejected";
  // Screening restarts when a reply arrives: the target counts from the latest arrival.
  const arrived = lastAt(["screening"]) && events.some((e) => e.kind === "reply") ? (lastAt(["screening"]) as string) : input.submittedAt;
  const screening: Stage = {
    key: "screening",
    state: screeningDone ? "done" : "current",
    doneAt: status === "rejected" ? lastAt(["rejected"]) : firstAt(["in_review"]),
    expected: screeningDone
      ? null
      : before === "needs_info"
        ? expect(replyDueOn(hanoiDate(new Date(lastAt(["needs_info"]) ?? input.submittedAt)), input.addWorkingDays), "reply")
        : before === "submitted"
          ? expect(
              screeningStartTarget(
                hanoiDate(new Date(input.submittedAt)),
                input.addWorkingDays,
                input.screeningStartDays ?? SCREENING_START_WORKING_DAYS,
              ),
              "start",
            )
          : expect(input.addWorkingDays(hanoiDate(new Date(arrived)), SCREENING_WORKING_DAYS), "target"),
    outcome: status === "rejected" ? "rejected" : null,
  };

  const latestReview = [...input.reviewsDueOn].sort().at(-1);
  const review: Stage = {
    key: "review",
    state: reached > 2 ? "done" : reached === 2 ? "current" : "upcoming",
    doneAt: reached > 2 ? firstAt(["council"]) : null,
    expected: reached === 2 && latestReview ? expect(latestReview, "reviews") : null,
    outcome: null,
  };

  const decided = before === "recognised" || before === "published" || before === "not_recognised";
  const decision: Stage = {
    key: "decision",
    state: decided ? "done" : reached === 3 ? "current" : "upcoming",
    doneAt: decided ? (input.decidedAt ?? firstAt(["recognised", "not_recognised"])) : null,
    expected: decided || status === "withdrawn" ? null : expect(input.dueOn, "statutory"),
    outcome: decided ? (before === "not_recognised" ? "not_recognised" : "recognised") : null,
  };

  const publishedAt = firstAt(["published"]);
  const publication: Stage = {
    key: "publication",
    state: before === "published" ? "done" : before === "recognised" ? "current" : "upcoming",
    doneAt: before === "published" ? publishedAt : null,
    expected:
      before === "recognised" && status !== "withdrawn" && decision.doneAt
        ? expect(input.addWorkingDays(hanoiDate(new Date(decision.doneAt)), PUBLICATION_WORKING_DAYS), "target")
        : null,
    outcome: before === "published" ? "published" : null,
  };

  if (status === "rejected") return [received, { ...screening, state: "current" }];
  if (status === "not_recognised") return [received, screening, review, { ...decision, state: "current" }];
  if (status === "published") return [received, screening, review, decision, { ...publication, state: "current" }];
  if (status === "withdrawn") {
    // The stages done before the withdrawal, then the withdrawal itself as the last one.
    const done = [received, screening, review, decision].filter((s) => s.key === "received" || (s.state === "done" && s.doneAt));
    const withdrawn: Stage = { key: "withdrawn", state: "current", doneAt: lastAt(["withdrawn"]), expected: null, outcome: "withdrawn" };
    return [...done, withdrawn];
  }
  return [received, screening, review, decision, publication];
}

/** The last status an initiative had before it was withdrawn. */
function lastBefore(events: StageInput["events"]): Status {
  const statuses = events.filter((e) => e.to_status !== null).map((e) => e.to_status as Status);
  const i = statuses.lastIndexOf("withdrawn");
  return i > 0 ? statuses[i - 1] : "submitted";
}
