import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
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

  it("keeps the statements of each database apart, so the two engines never share one", () => {
    const template = queryTemplate<Tables, Values>();
    // Compiling needs no connection: the pool is never asked for one.
    const postgres = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: {} as never }) });
    const other = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) });
    let builds = 0;
    const run = (k: Kysely<Tables>, v: Values) =>
      template(k, "open", v, (stood) => {
        builds++;
        return direct(k, "open", stood);
      });
    const onSqlite = run(db, { before: "x", limit: 1 });
    const onPostgres = run(postgres, { before: "y", limit: 2 });
    run(other, { before: "z", limit: 3 });
    expect(run(db, { before: "w", limit: 4 }).sql).toBe(onSqlite.sql);
    expect(builds).toBe(3);
    expect(onSqlite.sql).toContain("?");
    expect(onPostgres.sql).toContain("$1");
    expect(onPostgres.parameters).toEqual(["open", "y", 2]);
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
    // Two numbers: arithmetic on one must not land on the other's stand-in (and be filled with the other's value).
    type Two = { first: number; second: number };
    expect(() =>
      queryTemplate<Tables, Two>()(db, "next", { first: 1, second: 2 }, (v) =>
        db
          .selectFrom("items")
          .select("id")
          .where("id", ">", v.first + 1)
          .limit(v.second)
          .compile(),
      ),
    ).toThrow(/changed before it became a parameter/);
    expect(() =>
      template(db, "as text", { before: "2026-02-15", limit: 1 }, (v) =>
        db.selectFrom("items").select("id").where("due_on", "<", v.before).where("status", "=", String(v.limit)).compile(),
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
    expect(() =>
      template(db, "inlined number", { before: "2026-02-15", limit: 1 }, (v) =>
        db.selectFrom("items").select("id").where("due_on", "<", v.before).limit(sql.lit(v.limit)).compile(),
      ),
    ).toThrow(/written into the SQL text/);
    expect(() =>
      template(db, "raw number", { before: "2026-02-15", limit: 1 }, (v) =>
        db
          .selectFrom("items")
          .select("id")
          .where("due_on", "<", v.before)
          .where(sql<boolean>`id > ${sql.raw(String(v.limit - 1))}`)
          .compile(),
      ),
    ).toThrow(/written into the SQL text/);
  });
});
