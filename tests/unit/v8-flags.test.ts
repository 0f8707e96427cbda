/**
 * The server's V8 settings (app/utils/v8-flags.server.ts): allocation-site pretenuring off unless PRETENURING=1, and
 * set before the server loads anything else; the workers' young generation fixed unless GC_TUNING=0 (that the workers
 * really run with it: tests/e2e/cluster.test.ts). Their effect on the cached pages' tail is measured by the bench.
 */
import fs from "node:fs";
import path from "node:path";
import { v8FlagsFor, workerV8Args } from "~/utils/v8-flags.server";

describe("the server's V8 flags", () => {
  it("turn allocation-site pretenuring off, unless PRETENURING=1 keeps V8's default", () => {
    expect(v8FlagsFor({})).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "0" })).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "1" })).toEqual([]);
  });

  it("give the workers a young generation of fixed size, scavenged by their own thread, unless GC_TUNING=0", () => {
    expect(workerV8Args({})).toEqual(["--min-semi-space-size=16", "--no-parallel-scavenge"]);
    expect(workerV8Args({ GC_TUNING: "1" })).toEqual(["--min-semi-space-size=16", "--no-parallel-scavenge"]);
    expect(workerV8Args({ GC_TUNING: "0" })).toEqual([]);
  });

  it("are set by the server's first import, before any module that allocates", () => {
    const source = fs.readFileSync(path.resolve("server.ts"), "utf8");
    const firstImport = /^import .*$/m.exec(source)?.[0];
    expect(firstImport).toMatch(/ from "\.\/app\/utils\/v8-flags\.server";$|^import "\.\/app\/utils\/v8-flags\.server";$/);
  });
});
