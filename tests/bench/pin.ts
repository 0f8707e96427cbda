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
import os from "node:os";

/** The child processes of `pid` (a cluster primary's workers). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none
    return [];
  }
}

/**
 * Pins the workers of the cluster whose primary is `primaryPid`, the i-th on core i (modulo the cores), every thread
 * of each; a server of one process (WEB_CONCURRENCY=1 forks no worker) is itself the worker. Returns what was done,
 * for the log; where `taskset` is missing, says so and leaves them unpinned.
 */
export function pinWorkers(primaryPid: number | undefined, firstCore = 0): string {
  if (!primaryPid) return "not pinned (no process id)";
  const children = childrenOf(primaryPid);
  const workers = children.length > 0 ? children : [primaryPid];
  const cores = os.availableParallelism();
  try {
    const placed = workers.map((pid, i) => {
      const core = (firstCore + i) % cores;
      execFileSync("taskset", ["-a", "-cp", String(core), String(pid)], { stdio: "ignore" });
      return `${pid}→${core}`;
    });
    return `workers pinned ${placed.join(" ")}`;
  } catch (err) {
    return `not pinned (taskset: ${(err as Error).message.split("\n")[0]})`;
  }
}
