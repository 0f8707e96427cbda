import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryTemplate } from "../../db/query-template";

interface Tables {
  items: { id: number; status: string; due_on: string };
}

let sqlite: SQLite.Database;
let db: Kysely<Tables>;

beforeEach(() => {
  sqlite = new SQLite(":memory:");
  sqlite.exec("create table items (id integer primary key, status text, due_on text)");
  const insert = sqlite.prepare("insert into items (status, due_on) values (?, ?)");
  for (const [status, due] of [
    ["open", "2026-01-01"],
    ["open", "2026-02-01"],
    ["open", "2026-03-01"],
    ["closed", "2026-01-15"],
  ])
    insert.run(status, due);
  db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
});
afterEach(() => db.destroy());

type Values = { before: string; limit: number };
const direct = (k: Kysely<Tables>, status: string, v: Values) =>
  k.selectFrom("items").select("id").where("status", "=", status).where("due_on", "<", v.before).orderBy("id").limit(v.limit).compile();

describe("queryTemplate", () => {
  it("builds each shape once, then gives the statement a fresh build would, with the new values", async () => {
    const template = queryTemplate<Tables, Values>();
    let builds = 0;
    const run = (status: string, v: Values) =>
      template(db, status, v, (stood) => {
        builds++;
        return direct(db, status, stood);
      });
    const cases: [string, Values][] = [
      ["open", { before: "2026-02-15", limit: 10 }],
      ["open", { before: "2026-12-31", limit: 2 }],
      ["closed", { before: "2026-12-31", limit: 5 }],
      ["open", { before: "2025-01-01", limit: 10 }],
      ["closed", { before: "2026-01-01", limit: 5 }],
    ];
    for (const [status, v] of cases) {
      const q = run(status, v);
      const fresh = direct(db, status, v);
      expect(q.sql).toBe(fresh.sql);
      // The constant of the shape (the status) stays, the values are this call's.
      expect(q.parameters).toEqual(fresh.parameters);
      expect((await db.executeQuery(q)).rows).toEqual((await db.executeQuery(fresh)).rows);
    }
    expect(builds).toBe(2);
    expect((await db.executeQuery(run("open", { before: "2026-12-31", limit: 2 }))).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("keeps the statements of each database apart", () => {
    const template = queryTemplate<Tables, Values>();
    const other = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) });
    let builds = 0;
    const build = (k: Kysely<Tables>) => (v: Values) => {
      builds++;
      return direct(k, "open", v);
    };
    template(db, "open", { before: "x", limit: 1 }, build(db));
    template(other, "open", { before: "x", limit: 1 }, build(other));
    template(db, "open", { before: "y", limit: 2 }, build(db));
    expect(builds).toBe(2);
    void other.destroy();
  });

  it("refuses a value changed on its way to a parameter, which the template would freeze", () => {
    const template = queryTemplate<Tables, Values>();
    expect(() =>
      template(db, "sliced", { before: "2026-02-15", limit: 1 }, (v) =>
        db.selectFrom("items").select("id").where("due_on", "<", v.before.slice(1)).limit(v.limit).compile(),
      ),
    ).toThrow(/changed before it became a parameter/);
    expect(() =>
      template(db, "added", { before: "2026-02-15", limit: 1 }, (v) =>
        db
          .selectFrom("items")
          .select("id")
          .where("due_on", "<", v.before)
          .limit(v.limit + 1)
          .compile(),
      ),
    ).toThrow(/changed before it became a parameter/);
  });

  it("refuses a value written into the SQL text", () => {
    const template = queryTemplate<Tables, Values>();
    expect(() =>
      template(db, "inlined", { before: "2026-02-15", limit: 1 }, (v) =>
        db
          .selectFrom("items")
          .select("id")
          .where(sql<boolean>`due_on < ${sql.lit(v.before)}`)
          .limit(v.limit)
          .compile(),
      ),
    ).toThrow(/written into the SQL text/);
  });
});
