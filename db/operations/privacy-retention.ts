/**
 * npm run privacy:retention [-- --dry-run]
 *
 * Applies the retention periods now (the server also does it once a day): anonymises the people of rejected and
 * withdrawn submissions and deletes the files of not-recognised ones once their periods (RETENTION_* in the
 * environment) have passed. With --dry-run it prints what it would do and changes nothing.
 * docs/decisions/027-submitter-rights-and-retention.md
 */
import { parseArgs } from "node:util";
import { createDb } from "../client";
import { getEnv } from "../../app/utils/env.server";
import { retentionPolicy, runRetention, type RetentionItem } from "../../app/models/privacy/retention.server";

function line(item: RetentionItem): string {
  const what = item.action === "anonymise" ? "anonymise the people" : `delete ${item.files} file(s) the submitter sent`;
  return `  ${item.code}  ${item.status.padEnd(14)} since ${item.since.slice(0, 10)}  ${what}`;
}

async function main() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { "dry-run": { type: "boolean" } }, strict: true });
  const dryRun = values["dry-run"] === true;
  const env = getEnv();
  const policy = retentionPolicy(env);
  const db = createDb(env.DATABASE_URL);
  try {
    const periods = [
      `rejected ${env.RETENTION_REJECTED_MONTHS || "never"}`,
      `withdrawn ${env.RETENTION_WITHDRAWN_MONTHS || "never"}`,
      `not recognised (files) ${env.RETENTION_NOT_RECOGNISED_FILES_MONTHS || "never"}`,
    ].join(", ");
    console.log(`Retention periods in months: ${periods}`);
    const { planned, done } = await runRetention(db, { dryRun, policy });
    if (dryRun) {
      console.log(planned.length ? `Would do (dry run, nothing changed):` : "Nothing is due (dry run).");
      for (const item of planned) console.log(line(item));
    } else {
      console.log(done.length ? `Done:` : "Nothing was due.");
      for (const item of done) console.log(line(item));
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
