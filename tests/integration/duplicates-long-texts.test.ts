/**
 * Similar initiatives compare the opening of each text (BODY_CHARS characters), on both engines: texts may be
 * 10,000 characters long and the lookup's time must not follow them (docs/decisions/036, addendum). What a text says
 * past its opening changes no score, on /submit (through the handler) nor at screening.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_CHARS } from "~/models/duplicates/similarity";
import { findSimilarForScreening } from "~/models/duplicates/similar.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";

let t: TestDb;
let app: TestApp;
let demo: { id: number; title: string; slug: string | null }[];

const OPENING = "Người dân phải nộp bản sao giấy khai sinh nhiều lần cho nhiều cơ quan khác nhau. ";
const FILLER = "Nội dung chi tiết về quy trình hiện nay tại bộ phận một cửa. ".repeat(Math.ceil(BODY_CHARS / 50));
const long = (tail: string) => `${OPENING}${FILLER}${tail}`;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  demo = await t.db
    .selectFrom("initiatives as i")
    .leftJoin("publications as p", "p.initiative_id", "i.id")
    .select(["i.id", "i.title", "p.slug"])
    .orderBy("i.id")
    .execute();
});
afterAll(() => t.cleanup());

describe("similar initiatives compare each text's opening", () => {
  it("on /submit: a published problem and a typed one that differ only past the opening score as the same", async () => {
    const published = demo.find((d) => d.slug)!;
    await t.db
      .updateTable("publications")
      .set({ problem: long("Ngân sách, kho bạc và đối soát thu chi hằng tháng.") })
      .where("initiative_id", "=", published.id)
      .execute();
    const typed = { title: published.title, problem: long("Ký số, lưu trữ điện tử và tra cứu hồ sơ cũ.") };
    const res = await app.fetch(`/submit/similar?${new URLSearchParams(typed)}`);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { slug: string; score: number; shared: string[] }[] };
    const found = items.find((i) => i.slug === published.slug);
    expect(found?.score).toBe(1);
    expect(found?.shared).not.toContain("ngan");
  });

  it("at screening: two initiatives whose texts differ only past their openings have the same body", async () => {
    // the seed cycles through eight ideas: n and n + 8 are the same idea
    const [self, other] = demo.filter((d, k) => k % 8 === 0 && !d.slug);
    expect(other, "the demo repeats its first idea unpublished").toBeDefined();
    const solution = long("Giải pháp gắn mã QR lên phiếu hẹn.");
    await t.db
      .updateTable("initiatives")
      .set({ problem: long("Ngân sách, kho bạc và đối soát thu chi hằng tháng."), solution })
      .where("id", "=", self.id)
      .execute();
    await t.db
      .updateTable("initiatives")
      .set({ problem: long("Ký số, lưu trữ điện tử và tra cứu hồ sơ cũ."), solution: `${solution} Thêm một đoạn cuối khác hẳn.` })
      .where("id", "=", other.id)
      .execute();
    const found = await findSimilarForScreening(t.db, self.id, { threshold: 0, limit: 50 });
    const row = found!.similar.find((s) => s.id === other.id);
    expect(row?.bodyScore).toBe(1);
  });
});
