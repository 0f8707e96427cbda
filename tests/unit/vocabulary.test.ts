import fs from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ATTACHMENT_PURPOSES,
  EVENT_KINDS,
  FINAL_STATUSES,
  isOneOf,
  OPEN_STATUSES,
  OUTCOMES,
  recordFor,
  STATUSES,
  type AssignmentStatus,
  type AttachmentPurpose,
  type AuthorType,
  type ConflictType,
  type EventKind,
  type FinalStatus,
  type OpenStatus,
  type Outcome,
  type ProcedureDomain,
  type Recommendation,
  type ReformArea,
  type ScopeType,
  type Status,
  type UnitType,
  type Visibility,
} from "~/domain/vocabulary";
import type { Database } from "../../db/schema";
import * as common from "~/i18n/sections/common";
import * as staff from "~/i18n/sections/staff";
import * as review from "~/i18n/sections/review";
import * as tracking from "~/i18n/sections/tracking";
import { labelOf } from "~/i18n/index";
import { canTransition, TRANSITIONS, type Actor } from "~/models/initiative/lifecycle";
import { OPEN_PREDICATE } from "~/models/screening/queue.server";
import { DEMO_PATHS } from "../../db/seed/demo";

const root = path.resolve(__dirname, "../..");
const ACTORS: Actor[] = ["system", "submitter", "secretary", "chair", "admin", "reviewer"];

describe("the status vocabulary", () => {
  it("splits every status into open or final, never both", () => {
    expect(new Set([...OPEN_STATUSES, ...FINAL_STATUSES])).toEqual(new Set(STATUSES));
    expect(OPEN_STATUSES.filter((s) => isOneOf(FINAL_STATUSES, s))).toEqual([]);
    expect(OPEN_STATUSES.length + FINAL_STATUSES.length).toBe(STATUSES.length);
  });

  it("says the same at the type level, so a new status fails to compile until it is sorted", () => {
    expectTypeOf<Exclude<Status, OpenStatus | FinalStatus>>().toBeNever();
    expectTypeOf<Extract<OpenStatus, FinalStatus>>().toBeNever();
  });

  it("ends the council's outcomes in final statuses", () => {
    for (const o of OUTCOMES) expect(FINAL_STATUSES).toContain(o);
  });

  it("is the list the partial index of migration 0003 names, word for word what the queue writes", () => {
    // Migrations stay frozen text: the test reads the predicate they wrote, not a shared constant.
    const source = fs.readFileSync(path.join(root, "db/migrations/0003_staff_a.ts"), "utf8");
    const predicate = /const OPEN = "([^"]+)";/.exec(source)?.[1];
    expect(predicate).toBe(OPEN_PREDICATE);
    const listed = /^status IN \(([^)]*)\)$/
      .exec(predicate ?? "")?.[1]
      .split(", ")
      .map((s) => s.replace(/^'|'$/g, ""));
    expect(listed).toEqual([...OPEN_STATUSES]);
  });

  it("no other migration lists statuses in an index predicate", () => {
    const dir = path.join(root, "db/migrations");
    const others = fs
      .readdirSync(dir)
      .filter((f) => f !== "0003_staff_a.ts" && f.endsWith(".ts"))
      .filter((f) => /WHERE[^;`]*status\s+IN/i.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(others).toEqual([]);
  });

  it("lets the demo seed walk each status only through allowed moves", () => {
    for (const target of STATUSES) {
      let from: Status = "submitted";
      for (const to of DEMO_PATHS[target]) {
        expect(
          ACTORS.some((a) => canTransition(from, to, a)),
          `${from} → ${to} on the way to ${target}`,
        ).toBe(true);
        from = to;
      }
      expect(from).toBe(target);
    }
    expect(TRANSITIONS.length).toBeGreaterThan(0);
  });
});

describe("isOneOf and recordFor", () => {
  it("accepts only members, and only strings", () => {
    expect(isOneOf(STATUSES, "council")).toBe(true);
    expect(isOneOf(STATUSES, "Council")).toBe(false);
    expect(isOneOf(STATUSES, "constructor")).toBe(false);
    expect(isOneOf(STATUSES, 1)).toBe(false);
    expect(isOneOf(STATUSES, null)).toBe(false);
  });

  it("gives every member its value", () => {
    expect(recordFor(ATTACHMENT_PURPOSES, (p) => p.length)).toEqual({ submission: 10, reply: 5, decision: 8, adoption: 8 });
  });
});

describe("labelOf", () => {
  it("names a code only from the map's own keys", () => {
    expect(labelOf(review.vi.errors, "stale")).toBe(review.vi.errors.stale);
    expect(labelOf(review.en.errors, "stale")).toBe(review.en.errors.stale);
    expect(labelOf(review.vi.errors, "constructor")).toBeUndefined();
    expect(labelOf(review.vi.errors, "toString")).toBeUndefined();
    expect(labelOf(tracking.vi.track.page.kinds, "status")).toBeUndefined();
    expect(labelOf(tracking.vi.track.page.kinds, null)).toBeUndefined();
  });
});

describe("label maps and columns follow the vocabulary", () => {
  it("has a label for every member, in both languages (checked by the compiler; the values must be texts)", () => {
    for (const s of STATUSES) {
      expect(common.vi.status[s]).toMatch(/\S/);
      expect(common.en.status[s]).toMatch(/\S/);
    }
    for (const k of EVENT_KINDS) {
      expect(staff.vi.initiative.eventKind[k]).toMatch(/\S/);
      expect(staff.en.initiative.eventKind[k]).toMatch(/\S/);
    }
  });

  it("keys each label map by exactly its union", () => {
    expectTypeOf<keyof typeof common.vi.status>().toEqualTypeOf<Status>();
    expectTypeOf<keyof typeof common.vi.area>().toEqualTypeOf<ReformArea>();
    expectTypeOf<keyof typeof common.vi.domain>().toEqualTypeOf<ProcedureDomain>();
    expectTypeOf<keyof typeof common.vi.authorType>().toEqualTypeOf<AuthorType>();
    expectTypeOf<keyof typeof common.vi.scope>().toEqualTypeOf<ScopeType>();
    expectTypeOf<keyof typeof staff.vi.initiative.eventKind>().toEqualTypeOf<EventKind>();
    expectTypeOf<keyof typeof staff.vi.initiative.visibility>().toEqualTypeOf<Visibility>();
    expectTypeOf<keyof typeof staff.vi.initiative.purpose>().toEqualTypeOf<AttachmentPurpose>();
    expectTypeOf<keyof typeof staff.vi.initiative.assignmentStatus>().toEqualTypeOf<AssignmentStatus>();
    expectTypeOf<keyof typeof review.vi.recommendation>().toEqualTypeOf<Recommendation>();
    expectTypeOf<keyof typeof review.vi.review.conflictTypes>().toEqualTypeOf<ConflictType>();
    expectTypeOf<keyof typeof review.vi.decision.outcomes>().toEqualTypeOf<Outcome>();
    expectTypeOf<keyof typeof review.vi.places.types>().toEqualTypeOf<UnitType>();
    expectTypeOf<keyof typeof tracking.vi.track.page.purpose>().toEqualTypeOf<AttachmentPurpose>();
  });

  it("types the schema's columns with the unions, not string", () => {
    expectTypeOf<Database["initiatives"]["status"]>().toEqualTypeOf<Status>();
    expectTypeOf<Database["status_counts"]["status"]>().toEqualTypeOf<Status>();
    expectTypeOf<Database["events"]["to_status"]>().toEqualTypeOf<Status | null>();
    expectTypeOf<Database["events"]["kind"]>().toEqualTypeOf<EventKind>();
    expectTypeOf<Database["initiatives"]["reform_area"]>().toEqualTypeOf<ReformArea>();
    expectTypeOf<Database["publications"]["scope_type"]>().toEqualTypeOf<ScopeType>();
    expectTypeOf<Database["decisions"]["outcome"]>().toEqualTypeOf<Outcome>();
  });

  it("makes a label map that misses a status a compile error", () => {
    const labels = {
      submitted: "",
      screening: "",
      needs_info: "",
      rejected: "",
      in_review: "",
      council: "",
      recognised: "",
      not_recognised: "",
      published: "",
    };
    // @ts-expect-error "withdrawn" has no label: what a newly added status does to every map keyed by Status.
    const complete: Record<Status, string> = labels;
    expect(Object.keys(complete)).toHaveLength(STATUSES.length - 1);
  });

  it("makes a switch over statuses that forgets one a compile error", () => {
    const clock = (s: Status): "runs" | "stops" => {
      switch (s) {
        case "submitted":
        case "screening":
        case "needs_info":
        case "in_review":
        case "council":
          return "runs";
        case "rejected":
        case "recognised":
        case "not_recognised":
        case "published":
        case "withdrawn":
          return "stops";
        default: {
          const unhandled: never = s;
          return unhandled;
        }
      }
    };
    for (const s of STATUSES) expect(clock(s)).toBe(isOneOf(OPEN_STATUSES, s) ? "runs" : "stops");
  });
});
