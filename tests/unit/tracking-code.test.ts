import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createInitiative,
  formatTrackingCode,
  nextTrackingCode,
  TRACKING_CODE,
  type SubmissionData,
} from "~/models/initiative/initiatives.server";
import { createTestDb, type TestDb } from "../setup/db";

const data: SubmissionData = {
  title: "Tra cứu hồ sơ bằng mã QR",
  reformArea: "digital_government",
  procedureDomain: null,
  scopeType: "city",
  agencyId: null,
  unitId: null,
  problem: "Khó tra cứu",
  solution: "Mã QR",
  benefit: "Nhanh hơn",
  appliedBefore: false,
  appliedAt: null,
  confidential: "",
  authorType: "individual",
  author: { fullName: "Nguyễn Văn An", email: "an@example.com", phone: null, organisation: null, share: 100 },
  coAuthors: [],
  consentData: true,
  consentPublishName: false,
  lang: "vi",
};

describe("tracking code format", () => {
  it("is SK-YYYY-NNNNNN", () => {
    expect(formatTrackingCode(2026, 123)).toBe("SK-2026-000123");
    expect(formatTrackingCode(2026, 999_999)).toBe("SK-2026-999999");
    expect(TRACKING_CODE.test("SK-2026-000123")).toBe(true);
    for (const bad of ["SK-26-000123", "sk-2026-000123", "SK-2026-00123", "SK-2026-0001234", "SK-2026-000123 ", "XK-2026-000123"]) {
      expect(TRACKING_CODE.test(bad), bad).toBe(false);
    }
  });
});

describe("tracking code sequence", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it("starts at 1 each year, counts up, never reuses, and is unique", async () => {
    expect(await nextTrackingCode(t.db, 2031)).toBe("SK-2031-000001");
    const year = (y: number, i: number) => new Date(Date.UTC(y, 0, 1 + i));
    const a = await createInitiative(t.db, data, [], { submitKey: "key-aaaaaaaaaaaaaaaa", now: year(2031, 0) });
    const b = await createInitiative(t.db, data, [], { submitKey: "key-bbbbbbbbbbbbbbbb", now: year(2031, 1) });
    const c = await createInitiative(t.db, data, [], { submitKey: "key-cccccccccccccccc", now: year(2032, 0) });
    expect([a.code, b.code, c.code]).toEqual(["SK-2031-000001", "SK-2031-000002", "SK-2032-000001"]);
    // A deleted initiative's number is not handed out again while a later one exists.
    await t.db.deleteFrom("initiatives").where("id", "=", a.id).execute();
    expect(await nextTrackingCode(t.db, 2031)).toBe("SK-2031-000003");
    // The database refuses a duplicate code.
    await expect(
      t.db
        .insertInto("initiatives")
        .values({
          code: b.code,
          submit_key: "key-dddddddddddddddd",
          status: "submitted",
          title: "x",
          reform_area: "procedures",
          procedure_domain: null,
          scope_type: "city",
          agency_id: null,
          unit_id: null,
          problem: "",
          solution: "",
          benefit: "",
          applied_before: 0,
          applied_at: null,
          confidential: "",
          author_type: "individual",
          consent_data: 1,
          consent_publish_name: 0,
          lang: "vi",
          submitted_at: "2031-01-01T00:00:00.000Z",
          due_on: "2031-04-01",
          updated_at: "2031-01-01T00:00:00.000Z",
          search_text: "",
        })
        .execute(),
    ).rejects.toThrow(/UNIQUE/i);
  });

  it("returns the same initiative for the same form, even when two requests race", async () => {
    const key = "key-race-race-race-race";
    const [x, y] = await Promise.all([
      createInitiative(t.db, data, [], { submitKey: key }),
      createInitiative(t.db, data, [], { submitKey: key }),
    ]);
    expect(x.code).toBe(y.code);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    const rows = await t.db.selectFrom("initiatives").select("id").where("submit_key", "=", key).execute();
    expect(rows).toHaveLength(1);
  });

  it("gives 200 submissions 200 distinct consecutive codes", async () => {
    const now = new Date(Date.UTC(2033, 5, 1));
    const codes: string[] = [];
    for (let i = 0; i < 200; i++) {
      codes.push((await createInitiative(t.db, data, [], { submitKey: `seq-${String(i).padStart(16, "0")}`, now })).code);
    }
    expect(new Set(codes).size).toBe(200);
    expect(codes[0]).toBe("SK-2033-000001");
    expect(codes[199]).toBe("SK-2033-000200");
  });
});
