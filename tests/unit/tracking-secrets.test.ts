import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInitiative, submissionContentHash, type SubmissionData } from "~/models/initiative/initiatives.server";
import { getEnv, resetEnvCache, trackingSecrets } from "~/utils/env.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";

const data: SubmissionData = {
  title: "Nhắc lịch hẹn trả kết quả qua tin nhắn",
  reformArea: "digital_government",
  procedureDomain: null,
  scopeType: "city",
  agencyId: null,
  unitId: null,
  problem: "Người dân quên lịch hẹn",
  solution: "Gửi tin nhắn nhắc",
  benefit: "Ít phải đi lại",
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

describe("TRACKING_SECRET", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("is required in production and must be at least 32 bytes", () => {
    process.env = {
      ...saved,
      NODE_ENV: "production",
      SESSION_SECRET: "s".repeat(32),
      SMTP_URL: "smtp://127.0.0.1:2525",
      TRACKING_SECRET: "",
    };
    delete process.env.TRACKING_SECRET;
    resetEnvCache();
    expect(() => getEnv()).toThrow(/TRACKING_SECRET/);
    process.env.TRACKING_SECRET = "too-short";
    resetEnvCache();
    expect(() => getEnv()).toThrow(/TRACKING_SECRET/);
    process.env.TRACKING_SECRET = "a".repeat(32);
    resetEnvCache();
    expect(trackingSecrets(getEnv())).toEqual(["a".repeat(32)]);
  });

  it("has a fixed development value outside production, and lists several secrets for rotation", () => {
    process.env = { ...saved, NODE_ENV: "development" };
    delete process.env.TRACKING_SECRET;
    resetEnvCache();
    expect(trackingSecrets(getEnv())).toHaveLength(1);
    process.env.TRACKING_SECRET = `${"n".repeat(32)}, ${"o".repeat(40)}`;
    resetEnvCache();
    expect(trackingSecrets(getEnv())).toEqual(["n".repeat(32), "o".repeat(40)]);
  });
});

describe("the derived tracking token", () => {
  it("depends on the secret, the code and the link version, and is URL-safe", () => {
    const s = "k".repeat(32);
    const t = trackingToken("SK-2026-000001", 1, s);
    expect(t).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(trackingToken("SK-2026-000001", 1, s)).toBe(t);
    expect(trackingToken("SK-2026-000001", 2, s)).not.toBe(t);
    expect(trackingToken("SK-2026-000002", 1, s)).not.toBe(t);
    expect(trackingToken("SK-2026-000001", 1, "j".repeat(32))).not.toBe(t);
  });
});

describe("the content hash", () => {
  it("ignores the page language, the email's case and the files' order, and sees every field and file", () => {
    const files = [
      { sha256: "a".repeat(64), filename: "a.pdf", mime: "application/pdf", size: 1 },
      { sha256: "b".repeat(64), filename: "b.pdf", mime: "application/pdf", size: 1 },
    ];
    const h = submissionContentHash(data, files);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(submissionContentHash({ ...data, lang: "en" }, files)).toBe(h);
    expect(submissionContentHash({ ...data, author: { ...data.author, email: " AN@Example.com" } }, [...files].reverse())).toBe(h);
    expect(submissionContentHash({ ...data, title: `${data.title}.` }, files)).not.toBe(h);
    expect(submissionContentHash({ ...data, author: { ...data.author, email: "binh@example.com" } }, files)).not.toBe(h);
    expect(submissionContentHash({ ...data, coAuthors: [{ fullName: "Trần Bình", share: 1 }] }, files)).not.toBe(h);
    expect(submissionContentHash(data, files.slice(0, 1))).not.toBe(h);
  });
});

describe("idempotency by submit key and content", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  it("gives other content under a used key its own initiative, and a repeat of it that same initiative, even racing", async () => {
    const key = "key-shared-shared-shared";
    const first = await createInitiative(t.db, data, [], { submitKey: key });
    expect(first.created).toBe(true);
    const other = { ...data, title: "Một nội dung khác hẳn", author: { ...data.author, email: "khac@example.com" } };
    const [x, y] = await Promise.all([
      createInitiative(t.db, other, [], { submitKey: key }),
      createInitiative(t.db, other, [], { submitKey: key }),
    ]);
    expect(x.code).toBe(y.code);
    expect(x.code).not.toBe(first.code);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    const again = await createInitiative(t.db, data, [], { submitKey: key });
    expect(again).toMatchObject({ created: false, code: first.code });
    const rows = await t.db
      .selectFrom("initiatives")
      .select(["code", "submit_key", "content_hash"])
      .where("code", "in", [first.code, x.code])
      .execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.submit_key)).size).toBe(2);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.content_hash ?? ""))).toBe(true);
  });
});
