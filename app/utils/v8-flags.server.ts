/**
 * V8 settings of the server's processes, set before anything else is loaded (server.ts imports this first).
 *
 * Allocation-site pretenuring off: V8 allocates straight into the old generation the objects of any code whose
 * objects have lately tended to survive. Rendered pages keep node:http's request and response objects alive for
 * tens of milliseconds, so V8 soon pretenures them; cache hits, answered in well under a millisecond from the same
 * code, then put every request's objects in the old generation, where they die, and each young collection keeps
 * what they point to alive: pauses of several milliseconds at every collection, the cached pages' p95 tail
 * (docs/decisions/033-rendered-page-cache.md, last addendum). PRETENURING=1 keeps V8's default, to compare.
 */
import v8 from "node:v8";

/** The flags for an environment; the effect on the cached pages is measured by the bench, not asserted. */
export function v8FlagsFor(env: Record<string, string | undefined>): string[] {
  return env.PRETENURING === "1" ? [] : ["--no-allocation-site-pretenuring"];
}

for (const flag of v8FlagsFor(process.env)) v8.setFlagsFromString(flag);
