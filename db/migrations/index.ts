// Every migration, in order. Imported statically so the bundled server and the CLI see the same list.
import type { Migration } from "kysely";
import * as m0001 from "./0001_init";
import * as m0003 from "./0003_staff_a";
import * as m0005 from "./0005_public";
import * as m0006 from "./0006_bench_indexes";
import * as m0009 from "./0009_counters";
import * as m0009s from "./0009_search_words";

export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0003_staff_a": m0003,
  "0005_public": m0005,
  "0006_bench_indexes": m0006,
  "0009_counters": m0009,
  "0009_search_words": m0009s,
};
