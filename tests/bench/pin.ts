/**
 * Each worker process of a server on a core of its own (docs/decisions/007-benchmarks.md, addendum "one core per
 * worker"). The load generator runs on the same cores as the server. Left to itself, Linux sometimes puts both
 * workers on one core and the generator alone on the other, for seconds at a time. Two workers sharing one core
 * then either keep up and sleep between requests, or fall a little behind and take turns in slices of a few
 * milliseconds. A tenth more CPU per request decides which of the two happens, so a round measured in such a spell
 * says more about where the scheduler put the processes than about the server. Pinned, every round of a page and of
 * its floors runs with one worker per core, as a server deployed with one worker per core does; the generator and
 * the single-threaded physical floor are left free to run on either core.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export interface Pinning {
  /** what was done, for the log and the report */
  text: string;
  /** every worker found was pinned */
  ok: boolean;
}

/** The program a process runs (the target of /proc/<pid>/exe), or null once it is gone. */
function programOf(pid: number): string | null {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/**
 * The worker processes of the cluster whose primary is `pid`: its children that run the same program (node:cluster
 * forks with the primary's own executable; a helper such as esbuild's service, which tsx may start, is another
 * program). A server of one process (WEB_CONCURRENCY=1 forks no worker) is itself the worker.
 */
function workersOf(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch (err) {
    // pgrep exits 1 when there are none; anything else (pgrep missing) is a failure to report
    if ((err as { status?: number }).status !== 1) throw err;
    children = [];
  }
  const program = programOf(pid);
  const workers = children.filter((c) => program !== null && programOf(c) === program);
  return workers.length > 0 ? workers : [pid];
}

/**
 * Pins the workers of the cluster whose primary is `primaryPid`, the i-th on core i (modulo the cores), every thread
 * of each. Where `pgrep` or `taskset` is missing or fails, says what was and was not pinned.
 */
export function pinWorkers(primaryPid: number | undefined): Pinning {
  if (!primaryPid) return { text: "not pinned (no process id)", ok: false };
  const cores = os.availableParallelism();
  const placed: string[] = [];
  try {
    const workers = workersOf(primaryPid);
    for (const [i, pid] of workers.entries()) {
      const core = i % cores;
      execFileSync("taskset", ["-a", "-cp", String(core), String(pid)], { stdio: "ignore" });
      placed.push(`${pid}→${core}`);
    }
    const shared = workers.length > cores ? ` (${workers.length} workers on ${cores} cores: some share one)` : "";
    return { text: `workers pinned ${placed.join(" ")}${shared}`, ok: shared === "" };
  } catch (err) {
    const why = (err as Error).message.split("\n")[0];
    return { text: `${placed.length ? `pinned ${placed.join(" ")}, then ` : ""}not pinned (${why})`, ok: false };
  }
}
