import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { seedReference } from "./reference";
import { seedDemo } from "./demo";
import { rebuildStatistics } from "../../app/models/public/statistics.server";
import { rebuildCounters } from "../../app/models/initiative/numbering.server";
import { rebuildServiceTimes } from "../../app/models/service-targets/targets.server";

export { DEMO_STAFF } from "./demo";

/** Fills reference data, and the demo when asked and the database has no initiatives and no staff yet. */
export async function seed(db: Kysely<Database>, opts: { demo: boolean; demoPassword: string }): Promise<{ demoSeeded: boolean }> {
  await seedReference(db);
  if (!opts.demo) return { demoSeeded: false };
  const users = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const initiatives = await db
    .selectFrom("initiatives")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(users.n) > 0 || Number(initiatives.n) > 0) return { demoSeeded: false };
  await seedDemo(db, opts.demoPassword);
  // The demo writes its certificate numbers directly: the counters continue after them.
  await rebuildCounters(db);
  // The demo writes later statuses directly, past the lifecycle: recount the public statistics once.
  await rebuildStatistics(db);
  // And the dates the on-time figures are measured on (service-targets/targets.server.ts).
  await rebuildServiceTimes(db);
  return { demoSeeded: true };
}
