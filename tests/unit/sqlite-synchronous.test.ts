/** SQLite's `synchronous` setting (docs/decisions/017-crash-durability.md). */
import { expect, it } from "vitest";
import { sqliteSynchronous } from "../../db/client";

it("reads SQLITE_SYNCHRONOUS, FULL by default in production and NORMAL elsewhere, and refuses anything else", () => {
  expect(sqliteSynchronous(undefined, true)).toBe("FULL");
  expect(sqliteSynchronous(undefined, false)).toBe("NORMAL");
  expect(sqliteSynchronous("normal", true)).toBe("NORMAL");
  expect(sqliteSynchronous("FULL", false)).toBe("FULL");
  expect(() => sqliteSynchronous("OFF", true)).toThrow(/NORMAL or FULL/);
});
