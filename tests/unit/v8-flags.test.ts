/**
 * The server's V8 settings (app/utils/v8-flags.server.ts): allocation-site pretenuring off unless PRETENURING=1, and
 * set before the server loads anything else; the workers' young generation at least 16 MB unless GC_TUNING=0 (that the workers
 * really run with it: tests/e2e/cluster.test.ts). Their effect on the cached pages' tail is measured by the bench.
 */
import fs from "node:fs";
import path from "node:path";
import { v8FlagsFor, workerV8Flags } from "~/utils/v8-flags.server";

describe("the server's V8 flags", () => {
  it("turn allocation-site pretenuring off, unless PRETENURING=1 keeps V8's default", () => {
    expect(v8FlagsFor({})).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "0" })).toEqual(["--no-allocation-site-pretenuring"]);
    expect(v8FlagsFor({ PRETENURING: "1" })).toEqual([]);
  });

  it("give the workers a young generation of at least 16 MB, scavenged by their own thread, unless GC_TUNING=0", () => {
    expect(workerV8Flags({})).toEqual(["--min-semi-space-size=16", "--no-parallel-scavenge"]);
    expect(workerV8Flags({ GC_TUNING: "1" })).toEqual(["--min-semi-space-size=16", "--no-parallel-scavenge"]);
    expect(workerV8Flags({ GC_TUNING: "0" })).toEqual([]);
  });

  it("leave a flag the server was started with as given", () => {
    expect(workerV8Flags({}, ["--import", "tsx", "--min-semi-space-size=64"])).toEqual(["--no-parallel-scavenge"]);
    expect(workerV8Flags({}, ["--no-parallel-scavenge"])).toEqual(["--min-semi-space-size=16"]);
  });

  it("are set by the server's first import, before any module that allocates", () => {
    const source = fs.readFileSync(path.resolve("server.ts"), "utf8");
    const firstImport = /^import .*$/m.exec(source)?.[0];
    // A side-effect import: one that only names bindings is dropped by the compiler once they go unused.
    expect(firstImport).toBe('import "./app/utils/v8-flags.server";');
  });
});
