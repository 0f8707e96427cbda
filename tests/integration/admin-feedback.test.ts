/**
 * After every action on the administration pages the page says what was done to what, in the live region that takes
 * the focus (app/components/action-feedback.tsx, words from the staff glossary): through the real handler, each
 * action's answer (or the page its redirect leads to) carries its own specific message, not a bare "saved".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesFrom, createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { get, post, signIn, ACCOUNTS } from "./staff-support";
import { submission, userId } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let admin: string;
let secretary: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(app, ACCOUNTS.admin);
  secretary = await signIn(app, ACCOUNTS.secretary);
});
afterAll(() => t.cleanup());

/** The text of the page's feedback region (the live region that takes the focus), or null. */
function feedbackIn(html: string): string | null {
  const m = /<p[^>]*data-feedback=""[^>]*>([^<]*)<\/p>/.exec(html);
  if (!m) return null;
  expect(m[0]).toContain('role="status"');
  expect(m[0]).toContain('tabindex="-1"');
  return m[1].replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
}

/** Posts a form and follows its redirect: the feedback on the page it leads to. */
async function feedbackAfter(path: string, cookie: string, fields: Record<string, string>) {
  const res = await post(app, path, cookie, fields);
  expect(res.status, `${path} ${JSON.stringify(fields)}: ${res.status === 200 ? "" : await res.clone().text()}`).toBe(302);
  const next = await get(app, res.headers.get("Location")!, cookie);
  expect(next.status).toBe(200);
  return feedbackIn(await next.text());
}

describe("feedback after each administration action", () => {
  it("names the unit or agency added, saved, no longer used or used again", async () => {
    expect(
      await feedbackAfter("/staff/admin/units", admin, { intent: "unit.create", code: "99901", name: "Phường Thử Nghiệm", type: "phường" }),
    ).toBe("Đã thêm đơn vị Phường Thử Nghiệm.");
    const unit = await t.db.selectFrom("units").select("id").where("code", "=", "99901").executeTakeFirstOrThrow();
    expect(await feedbackAfter("/staff/admin/units?state=active", admin, { intent: "unit.deactivate", id: String(unit.id) })).toBe(
      "Đã ngừng dùng Phường Thử Nghiệm.",
    );
    expect(await feedbackAfter("/staff/admin/units", admin, { intent: "agency.create", name: "Sở Thử Nghiệm" })).toBe(
      "Đã thêm cơ quan Sở Thử Nghiệm.",
    );
    const agency = await t.db.selectFrom("agencies").select("id").where("name", "=", "Sở Thử Nghiệm").executeTakeFirstOrThrow();
    expect(
      await feedbackAfter("/staff/admin/units", admin, { intent: "agency.update", id: String(agency.id), name: "Sở Thử Nghiệm Mới" }),
    ).toBe("Đã lưu cơ quan Sở Thử Nghiệm Mới.");
  });

  it("names the commendation level, in the reader's language", async () => {
    const fields = { intent: "create", code: "bang_thu", name_vi: "Bằng khen thử", name_en: "Trial certificate", rank: "9" };
    expect(await feedbackAfter("/staff/admin/commendations", admin, fields)).toBe("Đã thêm hình thức khen thưởng Bằng khen thử.");
    const level = await t.db.selectFrom("commendation_levels").select("id").where("code", "=", "bang_thu").executeTakeFirstOrThrow();
    const res = await post(app, "/staff/admin/commendations", admin, { intent: "deactivate", id: String(level.id) }, "en");
    const page = await get(app, res.headers.get("Location")!, admin, "en");
    expect(feedbackIn(await page.text())).toBe("Trial certificate: no longer used.");
  });

  it("gives the date of the calendar adjustment added or removed", async () => {
    const add = { intent: "add", date: "2027-03-08", kind: "day_off", note: "Nghỉ bù thử nghiệm" };
    expect(await feedbackAfter("/staff/admin/calendar", admin, add)).toBe("Đã thêm ngày điều chỉnh 08/03/2027.");
    expect(await feedbackAfter("/staff/admin/calendar", admin, { intent: "remove", date: "2027-03-08" })).toBe(
      "Đã xóa ngày điều chỉnh 08/03/2027.",
    );
  });

  it("numbers the outbox message retried, and the copy resent to a corrected address", async () => {
    const dead = async () =>
      (
        await t.db
          .insertInto("outbox")
          .values({
            to_address: "nguoi.nhan@exmaple.vn",
            subject: "Biên nhận",
            html: "<p>Biên nhận</p>",
            text: "Biên nhận",
            created_at: new Date().toISOString(),
            status: "dead",
            attempts: 1,
            next_attempt_at: new Date().toISOString(),
            last_error: "550 5.1.1 User unknown",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const first = await dead();
    expect(await feedbackAfter("/staff/admin/outbox", admin, { intent: "retry", id: String(first) })).toBe(
      `Đã đưa thư số ${first} vào hàng đợi gửi.`,
    );
    const second = await dead();
    const said = await feedbackAfter("/staff/admin/outbox", admin, {
      intent: "resend",
      id: String(second),
      address: "nguoi.nhan@example.vn",
    });
    const copy = await t.db.selectFrom("outbox").select("id").where("to_address", "=", "nguoi.nhan@example.vn").executeTakeFirstOrThrow();
    expect(said).toBe(`Đã tạo thư số ${copy.id} tới địa chỉ đã sửa; thư số ${second} được giữ lại trong lịch sử.`);
  });

  it("names the account locked, reopened or given a new one-time password", async () => {
    const reviewer3 = await userId(t.db, ACCOUNTS.reviewer3);
    const locked = await post(app, "/staff/admin/users", admin, { intent: "deactivate", userId: String(reviewer3) });
    expect(locked.status).toBe(200);
    expect(feedbackIn(await locked.text())).toBe(`Đã khóa tài khoản ${ACCOUNTS.reviewer3}.`);
    const reopened = await post(app, "/staff/admin/users", admin, { intent: "reactivate", userId: String(reviewer3) });
    expect(feedbackIn(await reopened.text())).toBe(`Đã mở lại tài khoản ${ACCOUNTS.reviewer3}.`);
    const reset = await post(app, "/staff/admin/users", admin, { intent: "reset", userId: String(reviewer3) });
    expect(feedbackIn(await reset.text())).toBe(`Đã cấp mật khẩu một lần mới cho ${ACCOUNTS.reviewer3}.`);
    // A refused action says its error, not a success.
    const self = await post(app, "/staff/admin/users", admin, { intent: "deactivate", userId: String(await userId(t.db, ACCOUNTS.admin)) });
    expect(self.status).toBe(400);
    expect(feedbackIn(await self.text())).toBeNull();
  });

  it("names the submission whose data request was answered", async () => {
    const created = await createInitiative(t.db, submission(), [], { submitKey: "admin-feedback-request" });
    const request = await t.db
      .insertInto("privacy_requests")
      .values({ initiative_id: created.id, kind: "objection", reason: "", created_at: new Date().toISOString(), due_on: "2026-12-31" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const fields = { id: String(request.id), decision: "refused", answer: "Việc xử lý là cần thiết để xét sáng kiến theo quy định." };
    expect(await feedbackAfter("/staff/privacy-requests", secretary, fields)).toBe(
      `Đã từ chối yêu cầu về dữ liệu của hồ sơ ${created.code}.`,
    );
  });

  it("says the password was changed on the page the person goes on to", async () => {
    const cookie = await signIn(app, ACCOUNTS.chair);
    const res = await post(app, "/staff/password", cookie, {
      current: "demo-password",
      next: "một mật khẩu mới đủ dài 2026",
      repeat: "một mật khẩu mới đủ dài 2026",
      redirectTo: "/staff",
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toBe("/staff?password=changed");
    const page = await get(app, location, cookiesFrom(res, cookie));
    const html = await page.text();
    expect(feedbackIn(html)).toBe("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.");
    // still the chair's own "needs action" view, not a filtered register
    expect(html).toContain('id="queue-title">Cần xử lý<');
  });
});
