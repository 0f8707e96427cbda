/**
 * The production server with WEB_CONCURRENCY=2: one primary that migrates and seeds and announces once, two
 * workers on one shared port, a sign-in written by one worker and read by whichever answers next, a killed
 * worker replaced, and a clean stop of the whole cluster on SIGTERM.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../setup/server";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's command line (Linux's /proc), where V8 takes the flags that size the heap. */
function commandLine(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
}
const hasProc = fs.existsSync("/proc/self/cmdline");
const WORKER_FLAGS = ["--min-semi-space-size=16", "--no-parallel-scavenge"];

async function waitFor(check: () => boolean, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the server as a cluster (WEB_CONCURRENCY=2)", () => {
  let server: RunningServer;
  let pids: number[] = [];

  beforeAll(async () => {
    server = await startServer({ WEB_CONCURRENCY: "2", SEED_DEMO: "yes", LOG_REQUESTS: "1" });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** The pids that answered a route, from the request log (LOG_REQUESTS=1), in order. */
  function answered(route: string): number[] {
    return server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { pid: number; route: string | null; status: number })
      .filter((l) => l.route === route && l.status < 400)
      .map((l) => l.pid);
  }

  it("announces once, after both workers listen on the printed port", async () => {
    // startServer resolves on the address line; the lines after it may come in a later chunk.
    await waitFor(() => /worker processes .*pids \d+, \d+\n/.test(server.output()), "the workers line", 10_000);
    const out = server.output();
    expect(out.match(/listening on http:\/\//g)).toHaveLength(1);
    expect(out.match(/demo staff logins/g)).toHaveLength(1);
    const m = /2 worker processes \(WEB_CONCURRENCY=2\), pids (\d+), (\d+)/.exec(out);
    expect(m, out).not.toBeNull();
    pids = [Number(m![1]), Number(m![2])];
    expect(new Set([...pids, server.process.pid]).size).toBe(3);
    expect(pids.every(alive)).toBe(true);
  });

  it("answers on the shared port, and a session written by one worker is read by the others", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const login = await fetch(`${server.url}/staff/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "secretary@example.org", password: "demo-password", redirectTo: "/staff" }),
    });
    await login.arrayBuffer();
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    // Fresh connections each time, so the primary hands them to both workers in turn.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/staff`, { headers: { cookie, connection: "close" }, redirect: "manual" });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // The request log names the process that answered: the session was read by a worker that did not write it.
    await waitFor(() => answered("routes/staff._index").length === 4, "the request log lines", 5_000);
    const [writer] = answered("routes/staff.login");
    expect(pids).toContain(writer);
    const readers = new Set(answered("routes/staff._index"));
    expect([...readers].sort()).toEqual([...pids].sort());
    expect([...readers].some((pid) => pid !== writer)).toBe(true);
  });

  it.runIf(hasProc)("forks the workers with their young generation's settings, and the primary without", () => {
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(commandLine(pid)).toEqual(expect.arrayContaining(WORKER_FLAGS));
    for (const flag of WORKER_FLAGS) expect(commandLine(server.process.pid!)).not.toContain(flag);
  });

  it("replaces a worker that dies, on the same port", async () => {
    expect(pids).toHaveLength(2);
    process.kill(pids[0], "SIGKILL");
    // The exit is logged on stderr and the new worker on stdout: either may arrive first.
    const exited = `worker ${pids[0]} exited with signal SIGKILL; starting another`;
    await waitFor(() => /worker \d+ listening on port \d+/.test(server.output()) && server.output().includes(exited), "a new worker");
    const port = new URL(server.url).port;
    expect(server.output()).toMatch(new RegExp(`worker (\\d+) listening on port ${port}`));
    pids[0] = Number(/worker (\d+) listening on port/.exec(server.output())![1]);
    if (hasProc) expect(commandLine(pids[0])).toEqual(expect.arrayContaining(WORKER_FLAGS));
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/healthz`, { headers: { connection: "close" } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  });

  it("stops the primary and every worker on SIGTERM", async () => {
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    await waitFor(() => !pids.some(alive), "the workers to exit", 5_000);
  });
});
