/**
 * The server's V8 settings (app/utils/v8-flags.server.ts): allocation-site pretenuring off unless PRETENURING=1, and
 * set before the server loads anything else. Their effect on the cached pages' tail is measured by the bench.
 */
import fs from "node:fs";
import path from "node:path";
import { v8FlagsFor } from "~/utils/v8-flags.server";

describe("the server's V8 flags", () => {
  it("turn allocation-site pretenuring off, unless PRETENURING=1 keeps V8's default", () => {
    expect(v8FlagsFor({})).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "0" })).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "1" })).toEqual([]);
  });

  it("are set by the server's first import, before any module that allocates", () => {
    const source = fs.readFileSync(path.resolve("server.ts"), "utf8");
    const firstImport = /^import .*$/m.exec(source)?.[0];
    expect(firstImport).toBe('import "./app/utils/v8-flags.server";');
  });
});
