/**
 * The administrator's reference data: commendation levels (create, rename, rank, deactivate) and
 * units and agencies (add, rename, deactivate), each audited; and who may open these pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeCommendationLevels } from "~/models/council/decisions.server";
import { createTestApp, type TestApp } from "../setup/app";
import { createTestDb, type TestDb } from "../setup/db";
import { signIn } from "./review-fixtures";

let t: TestDb;
let app: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestDb({ withDemo: true });
  app = await createTestApp(t.db);
  admin = await signIn(t.db, "admin@example.org");
});
afterAll(() => t.cleanup());

const post = (path: string, fields: Record<string, string>, cookie = admin) =>
  app.fetch(path, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });

describe("who may open the admin pages", () => {
  it("admin 200; other roles 403; anonymous to the login page", async () => {
    for (const path of [
      "/staff/admin/commendations",
      "/staff/admin/units",
      "/staff/admin/audit",
      "/staff/admin/rubric",
      "/staff/admin/audit.csv",
    ]) {
      expect((await app.fetch(path, { headers: { Cookie: admin } })).status, path).toBe(200);
      for (const who of ["secretary@example.org", "chair@example.org", "reviewer2@example.org"]) {
        expect((await app.fetch(path, { headers: { Cookie: await signIn(t.db, who) } })).status, `${who} ${path}`).toBe(403);
      }
      const anon = await app.fetch(path);
      expect(anon.status, path).toBe(302);
      expect(anon.headers.get("Location")).toContain("/staff/login?redirectTo=");
    }
  });
});

describe("commendation levels", () => {
  it("creates, renames, re-ranks and deactivates, with an audit entry each", async () => {
    const created = await post("/staff/admin/commendations", {
      intent: "create",
      code: "khen_dac_biet",
      name_vi: "Khen thưởng đặc biệt",
      name_en: "Special award",
      rank: "9",
    });
    expect(created.status).toBe(302);
    const row = await t.db.selectFrom("commendation_levels").selectAll().where("code", "=", "khen_dac_biet").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name_vi: "Khen thưởng đặc biệt", rank: 9, active: 1 });

    expect(
      (
        await post("/staff/admin/commendations", {
          intent: "update",
          id: String(row.id),
          name_vi: "Khen thưởng xuất sắc",
          name_en: "Excellence award",
          rank: "5",
        })
      ).status,
    ).toBe(302);
    expect(
      await t.db
        .selectFrom("commendation_levels")
        .select(["name_vi", "name_en", "rank"])
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ name_vi: "Khen thưởng xuất sắc", name_en: "Excellence award", rank: 5 });

    expect((await activeCommendationLevels(t.db)).map((l) => l.id)).toContain(row.id);
    expect((await post("/staff/admin/commendations", { intent: "deactivate", id: String(row.id) })).status).toBe(302);
    // a deactivated level leaves the chair's choices
    expect((await activeCommendationLevels(t.db)).map((l) => l.id)).not.toContain(row.id);
    expect((await post("/staff/admin/commendations", { intent: "activate", id: String(row.id) })).status).toBe(302);
    expect((await activeCommendationLevels(t.db)).map((l) => l.id)).toContain(row.id);

    const actions = (
      await t.db
        .selectFrom("audit_log")
        .select("action")
        .where("target_type", "=", "commendation_level")
        .where("target_id", "=", String(row.id))
        .orderBy("id")
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(["commendation.create", "commendation.update", "commendation.deactivate", "commendation.activate"]);
  });

  it("refuses a taken code, a bad rank and an empty name, keeping the form", async () => {
    const before = await t.db.selectFrom("commendation_levels").selectAll().execute();
    const taken = await post("/staff/admin/commendations", {
      intent: "create",
      code: "certificate",
      name_vi: "Trùng mã",
      name_en: "Duplicate",
      rank: "3",
    });
    expect(taken.status).toBe(400);
    const html = await taken.text();
    expect(html).toContain("Mã này đã được dùng.");
    expect(html).toContain('value="Trùng mã"');
    const bad = await post("/staff/admin/commendations", {
      intent: "update",
      id: String(before[0].id),
      name_vi: "",
      name_en: "X y",
      rank: "-1",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Vui lòng nhập tên (ít nhất 2 ký tự).");
    expect(badHtml).toContain("Thứ hạng phải là số nguyên từ 0 đến 999.");
    expect(await t.db.selectFrom("commendation_levels").selectAll().execute()).toEqual(before);
  });
});

describe("units and agencies", () => {
  it("adds, renames and deactivates a unit and an agency", async () => {
    expect(
      (await post("/staff/admin/units", { intent: "unit.create", code: "99999", name: "Phường Thử Nghiệm", type: "phường" })).status,
    ).toBe(302);
    const unit = await t.db.selectFrom("units").selectAll().where("code", "=", "99999").executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ name: "Phường Thử Nghiệm", name_folded: "phuong thu nghiem", type: "phường", active: 1 });
    expect(
      (await post("/staff/admin/units", { intent: "unit.update", id: String(unit.id), name: "Xã Thử Nghiệm Mới", type: "xã" })).status,
    ).toBe(302);
    expect((await post("/staff/admin/units", { intent: "unit.deactivate", id: String(unit.id) })).status).toBe(302);
    expect(
      await t.db.selectFrom("units").select(["name", "type", "name_folded", "active"]).where("id", "=", unit.id).executeTakeFirstOrThrow(),
    ).toEqual({ name: "Xã Thử Nghiệm Mới", type: "xã", name_folded: "xa thu nghiem moi", active: 0 });

    // the filtered list finds it without diacritics, and keeps the filter after a change
    const list = await app.fetch("/staff/admin/units?q=thu+nghiem&state=inactive", { headers: { Cookie: admin } });
    const html = await list.text();
    expect(html).toContain("Xã Thử Nghiệm Mới");
    expect(html).not.toContain("Phường Ba Đình");
    const back = await app.fetch("/staff/admin/units?q=thu+nghiem&state=inactive", {
      method: "POST",
      headers: { Cookie: admin },
      body: new URLSearchParams({ intent: "unit.activate", id: String(unit.id) }),
    });
    expect(back.headers.get("Location")).toBe(
      `/staff/admin/units?q=thu+nghiem&state=inactive&done=unit.activate&name=${encodeURIComponent("Xã Thử Nghiệm Mới").replace(/%20/g, "+")}`,
    );

    expect((await post("/staff/admin/units", { intent: "agency.create", name: "Sở Thử Nghiệm" })).status).toBe(302);
    const agency = await t.db.selectFrom("agencies").selectAll().where("name", "=", "Sở Thử Nghiệm").executeTakeFirstOrThrow();
    expect(
      (await post("/staff/admin/units", { intent: "agency.update", id: String(agency.id), name: "Sở Thử Nghiệm và Đổi Mới" })).status,
    ).toBe(302);
    expect((await post("/staff/admin/units", { intent: "agency.deactivate", id: String(agency.id) })).status).toBe(302);
    expect(await t.db.selectFrom("agencies").select(["name", "active"]).where("id", "=", agency.id).executeTakeFirstOrThrow()).toEqual({
      name: "Sở Thử Nghiệm và Đổi Mới",
      active: 0,
    });

    const actions = (
      await t.db.selectFrom("audit_log").select("action").where("target_type", "in", ["unit", "agency"]).orderBy("id").execute()
    ).map((a) => a.action);
    expect(actions).toEqual([
      "unit.create",
      "unit.update",
      "unit.deactivate",
      "unit.activate",
      "agency.create",
      "agency.update",
      "agency.deactivate",
    ]);
  });

  it("refuses a bad code, a taken code, a taken agency name and an unknown type", async () => {
    const units = (await t.db.selectFrom("units").select("id").execute()).length;
    const cases: [Record<string, string>, string][] = [
      [{ intent: "unit.create", code: "12", name: "Phường A", type: "phường" }, "Mã không hợp lệ."],
      [{ intent: "unit.create", code: "00070", name: "Phường Trùng", type: "phường" }, "Mã này đã được dùng."],
      [{ intent: "unit.create", code: "88888", name: "Quận Cũ", type: "quận" }, "Vui lòng chọn loại đơn vị."],
      [
        { intent: "agency.create", name: (await t.db.selectFrom("agencies").select("name").executeTakeFirstOrThrow()).name },
        "Tên này đã có.",
      ],
    ];
    for (const [fields, message] of cases) {
      const res = await post("/staff/admin/units", fields);
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect((await t.db.selectFrom("units").select("id").execute()).length).toBe(units);
    expect((await post("/staff/admin/units", { intent: "nonsense" })).status).toBe(400);
  });
});
