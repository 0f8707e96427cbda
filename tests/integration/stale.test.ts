import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/models/staff/users.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { ACCOUNTS, post, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;
let anh: string;
let binh: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  const second = await createUser(t.db, {
    email: "thuky2@example.org",
    name: "Vũ Bình Thư Ký",
    roles: ["secretary"],
    password: "second-secretary-pw",
    actorUserId: null,
  });
  await t.db.updateTable("users").set({ must_change_password: 0 }).where("id", "=", second.id).execute();
  anh = await signIn(app, ACCOUNTS.secretary);
  binh = await signIn(app, "thuky2@example.org", "second-secretary-pw");
});
afterAll(() => t.cleanup());

const plain = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const count = async (table: "events" | "assignments" | "outbox", id?: number) =>
  (await t.db.selectFrom(table).selectAll().execute()).filter(
    (r) => id === undefined || (r as { initiative_id?: number }).initiative_id === id,
  ).length;

describe("two staff on the same initiative", () => {
  it("lets the first win and tells the second what changed, with 409", async () => {
    const i = await t.db.selectFrom("initiatives").selectAll().where("status", "=", "submitted").orderBy("id").executeTakeFirstOrThrow();
    const version = String(i.version);
    // both pages were rendered with the same version
    expect((await post(app, `/staff/initiatives/${i.code}`, anh, { intent: "screen", version })).status).toBe(302);
    const events = await count("events", i.id);
    const outbox = await count("outbox");

    const res = await post(app, `/staff/initiatives/${i.code}`, binh, { intent: "screen", version });
    expect(res.status).toBe(409);
    const html = await plain(res);
    expect(html).toContain("Hồ sơ đã được người khác thay đổi");
    expect(html).toMatch(/data-current-status="screening">Đang kiểm tra hồ sơ</);
    expect(html).toContain("Đã tiếp nhận → Đang kiểm tra hồ sơ");
    expect(html).toContain("bởi Nguyễn Thị Thư Ký");
    // the page under the notice is the current one: its forms carry the new version
    expect(html).toContain(`name="version" value="${i.version + 1}"`);
    expect(await count("events", i.id)).toBe(events);
    expect(await count("outbox")).toBe(outbox);

    const en = await plain(
      await post(app, `/staff/initiatives/${i.code}`, `${binh}; lang=en`, {
        intent: "needs_info",
        version,
        message: "Please add figures.",
      }),
    );
    expect(en).toContain("Someone else changed this submission");
    expect(en).toContain("Received → Being screened");
    expect((await t.db.selectFrom("initiatives").select("status").where("id", "=", i.id).executeTakeFirstOrThrow()).status).toBe(
      "screening",
    );
  });

  it("refuses a stale assignment without writing any assignment or email", async () => {
    const i = await t.db.selectFrom("initiatives").selectAll().where("status", "=", "screening").orderBy("id").executeTakeFirstOrThrow();
    const reviewers = await t.db.selectFrom("users").select("id").where("email", "like", "reviewer%").execute();
    const version = String(i.version);
    const message = "Đề nghị bổ sung bảng số liệu.";
    expect((await post(app, `/staff/initiatives/${i.code}`, anh, { intent: "needs_info", version, message })).status).toBe(302);
    const assignments = await count("assignments", i.id);
    const outbox = await count("outbox");
    const res = await post(app, `/staff/initiatives/${i.code}`, binh, {
      intent: "assign",
      version,
      reviewer: reviewers.slice(0, 2).map((r) => String(r.id)),
    });
    expect(res.status).toBe(409);
    const html = await plain(res);
    expect(html).toContain("Yêu cầu bổ sung");
    expect(await count("assignments", i.id)).toBe(assignments);
    expect(await count("outbox")).toBe(outbox);
  });

  it("answers a double submit of the same form with 409 and records one rejection", async () => {
    const i = await t.db
      .selectFrom("initiatives")
      .selectAll()
      .where("status", "=", "screening")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const fields = { intent: "reject", version: String(i.version), reason: "Ngoài phạm vi cải cách hành chính." };
    expect((await post(app, `/staff/initiatives/${i.code}`, anh, fields)).status).toBe(302);
    expect((await post(app, `/staff/initiatives/${i.code}`, anh, fields)).status).toBe(409);
    const rejections = await t.db
      .selectFrom("events")
      .select("id")
      .where("initiative_id", "=", i.id)
      .where("to_status", "=", "rejected")
      .execute();
    expect(rejections).toHaveLength(1);
  });
});
