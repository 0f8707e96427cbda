/**
 * The XLSX exports through the real handler, parsed back with exceljs: the page's filters, Vietnamese headers and
 * dates in Hà Nội time, a frozen header row, no submitter identity in the queue's, and the audit export recorded.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "~/models/audit/audit.server";
import { listQueue, parseQueueParams } from "~/models/screening/queue.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { ACCOUNTS, get, signIn } from "./staff-support";

let t: TestDb;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

async function workbook(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename=".+\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb.worksheets[0];
}

const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe("the XLSX exports", () => {
  it("exports the queue with the page's filters, Vietnamese headers and dates, a frozen header, and no identity", async () => {
    const cookie = await signIn(app, ACCOUNTS.secretary);
    const ws = await workbook(await get(app, "/staff/queue.xlsx?status=in_review&sort=due", cookie));
    expect(ws.name).toBe("Hồ sơ");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const rows = rowsOf(ws);
    expect(rows[0]).toEqual(["Mã hồ sơ", "Tên sáng kiến", "Trạng thái", "Lĩnh vực CCHC", "Ngày gửi", "Hạn giải quyết", "Quá hạn"]);
    const { filters } = parseQueueParams(new URLSearchParams("status=in_review&sort=due"));
    const expected = await listQueue(t.db, { id: 0, seeAll: true }, filters, { pageSize: 10_000 });
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.rows.map((r) => r.code));
    expect(rows.slice(1).every((r) => r[2] === "Đang thẩm định")).toBe(true);
    const first = expected.rows[0];
    const due = ws.getRow(2).getCell(6);
    expect(due.numFmt).toBe("dd/mm/yyyy");
    expect((due.value as Date).toISOString().slice(0, 10)).toBe(first.dueOn);
    // submitted_at is UTC in the database; the sheet shows the Hà Nội day
    const submitted = ws.getRow(2).getCell(5).value as Date;
    expect(submitted.getTime()).toBe(Date.parse(first.submittedAt) + 7 * 3600_000);

    const authors = await t.db.selectFrom("authors").select(["full_name", "email"]).execute();
    const flat = JSON.stringify(rows);
    for (const a of authors.slice(0, 50)) {
      expect(flat).not.toContain(a.full_name);
      if (a.email) expect(flat).not.toContain(a.email);
    }
  });

  it("exports the audit log with the page's filters, Hà Nội times, and records the export", async () => {
    const cookie = await signIn(app, ACCOUNTS.admin);
    for (const [n, action] of ["user.update", "user.create", "user.update"].entries())
      await audit(t.db, {
        actorUserId: null,
        action,
        targetType: "user",
        targetId: n,
        details: { n },
        now: new Date(Date.UTC(2026, 5, 1, 17, 30 + n)),
      });
    const some = { action: "user.update" };
    const all = await t.db.selectFrom("audit_log").select(["id", "at", "action"]).where("action", "=", some.action).orderBy("id").execute();
    expect(all.length).toBeGreaterThan(0);
    const ws = await workbook(await get(app, `/staff/admin/audit.xlsx?action=${some.action}`, cookie));
    expect(ws.name).toBe("Nhật ký");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const rows = rowsOf(ws);
    expect(rows[0]).toEqual([
      "STT",
      "Thời điểm (giờ Hà Nội)",
      "Người thực hiện",
      "Thư điện tử",
      "Thao tác",
      "Đối tượng",
      "Mã đối tượng",
      "Chi tiết",
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(all.map((r) => r.id));
    expect((rows[1][1] as Date).getTime()).toBe(Date.parse(all[0].at) + 7 * 3600_000);
    // 17:30 UTC on 1 June is 00:30 on 2 June in Hà Nội
    expect((rows[1][1] as Date).toISOString()).toBe("2026-06-02T00:30:00.000Z");
    expect(rows[1][2]).toBe("Hệ thống");
    expect(ws.getRow(2).getCell(2).numFmt).toBe("dd/mm/yyyy hh:mm:ss");
    const recorded = await t.db
      .selectFrom("audit_log")
      .select(["details", "target_type"])
      .where("action", "=", "export.personal_data")
      .execute();
    expect(recorded.at(-1)).toMatchObject({ target_type: "audit_log" });
    expect(JSON.parse(recorded.at(-1)!.details)).toEqual({ filter: { action: some.action } });

    const en = await workbook(await get(app, `/staff/admin/audit.xlsx?action=${some.action}`, cookie, "en"));
    expect(rowsOf(en)[0][1]).toBe("Time (Hà Nội)");
  });

  it("refuses the audit export to anyone but an administrator", async () => {
    const cookie = await signIn(app, ACCOUNTS.secretary);
    expect((await get(app, "/staff/admin/audit.xlsx", cookie)).status).toBe(403);
  });
});
