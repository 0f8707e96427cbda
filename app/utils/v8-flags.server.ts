/**
 * V8 settings of the server's processes, set before anything else is loaded (server.ts imports this first).
 *
 * Allocation-site pretenuring off: V8 allocates straight into the old generation the objects of any code whose
 * objects have lately tended to survive. Rendered pages keep node:http's request and response objects alive for
 * tens of milliseconds, so V8 soon pretenures them; cache hits, answered in well under a millisecond from the same
 * code, then put every request's objects in the old generation, where they die, and each young collection keeps
 * what they point to alive: pauses of several milliseconds at every collection, the cached pages' p95 tail
 * (docs/decisions/033-rendered-page-cache.md, addendum "pretenuring"). PRETENURING=1 keeps V8's default, to compare.
 *
 * The cluster's workers also get a young generation of at least 16 MB, scavenged by their own thread. V8 takes these
 * only on the command line (the heap is sized at start), so the primary forks the workers with them:
 * - a minimum semi-space of 16 MB (the size rendered traffic grows it to, and Node's default maximum): otherwise V8
 *   shrinks the young generation to 1 MB when a worker looks idle for a while, and a worker answering only cache
 *   hits, whose objects die at once, never grows it back, so it collects five times as often;
 * - no parallel scavenge: with one worker per core, a scavenge's helper thread only takes a core from a sibling
 *   worker, and the scavenge waits for it (pauses of 2.2–2.8 ms instead of 1.0–1.7 on two cores).
 * GC_TUNING=0 keeps V8's defaults for both, to compare; a flag the server was started with is left as given.
 */
import v8 from "node:v8";

/** MB per semi-space: the young generation holds two, so a worker keeps 32 MB for it. */
const WORKER_SEMI_SPACE_MB = 16;

/** The flags for an environment; the effect on the cached pages is measured by the bench, not asserted. */
export function v8FlagsFor(env: Record<string, string | undefined>): string[] {
  return env.PRETENURING === "1" ? [] : ["--no-allocation-site-pretenuring"];
}

/** The flags the cluster's workers are forked with, besides `own` (the server's own command-line flags). */
export function workerV8Flags(env: Record<string, string | undefined>, own: readonly string[] = []): string[] {
  if (env.GC_TUNING === "0") return [];
  const named = (flag: string) => own.some((o) => o.split("=")[0] === flag.split("=")[0]);
  return [`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`, "--no-parallel-scavenge"].filter((f) => !named(f));
}

for (const flag of v8FlagsFor(process.env)) v8.setFlagsFromString(flag);
