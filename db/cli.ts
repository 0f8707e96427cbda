/**
 * Database commands for operators:
 *   npm run db:migrate
 *   npm run db:seed [-- --demo]
 *   npm run staff:create -- --email a@b.vn --role admin [--role secretary] [--name "Họ Tên"]
 *   npm run staff:unlock -- --email a@b.vn
 * staff:create prints a one-time password (or takes STAFF_PASSWORD from the environment); the account must
 * change it at the first sign-in. It migrates first, so it works on a new production database.
 */
import { parseArgs } from "node:util";
import { createDb } from "./client";
import { migrateToLatest } from "./migrate";
import { withStartupLock } from "./lock";
import { seed } from "./seed/index";
import { getEnv } from "../app/utils/env.server";
import { createUser, EmailTakenError, normaliseEmail } from "../app/models/staff/users.server";
import { isRole, ROLES } from "../app/utils/permissions";
import { passwordProblem, passwordProblemMessage } from "../app/utils/password-policy.server";
import { dictionaryFor } from "../app/i18n/index";
import "../app/i18n/sections/staff";
import { clearFailedAttempts } from "../app/models/staff/login-attempts.server";
import { audit } from "../app/models/audit/audit.server";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const env = getEnv();
  const db = createDb(env.DATABASE_URL);
  try {
    switch (command) {
      case "migrate": {
        const applied = await withStartupLock(db, () => migrateToLatest(db));
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Already up to date.");
        break;
      }
      case "seed": {
        const { values } = parseArgs({ args: rest, options: { demo: { type: "boolean", default: false } } });
        const demo = values.demo || env.SEED_DEMO === "yes";
        if (demo && env.NODE_ENV === "production") fail("Refusing to load the demo into a production database.");
        const { demoSeeded } = await withStartupLock(db, async () => {
          await migrateToLatest(db);
          return seed(db, { demo, demoPassword: env.DEMO_PASSWORD });
        });
        console.log(demoSeeded ? "Reference data and demo loaded." : "Reference data loaded.");
        break;
      }
      case "staff:create": {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: "string" },
            role: { type: "string", multiple: true },
            name: { type: "string" },
          },
        });
        const email = values.email ? normaliseEmail(values.email) : "";
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail("--email is required and must be an email address.");
        const roles = values.role ?? [];
        if (!roles.length) fail(`--role is required (one or more of: ${ROLES.join(", ")}).`);
        const bad = roles.filter((r) => !isRole(r));
        if (bad.length) fail(`Unknown role: ${bad.join(", ")} (use ${ROLES.join(", ")}).`);
        const password = process.env.STAFF_PASSWORD;
        const problem = password === undefined ? null : passwordProblem(password);
        if (problem) fail(`STAFF_PASSWORD is refused: ${passwordProblemMessage(problem, dictionaryFor("en").staff)}`);
        await migrateToLatest(db);
        try {
          const created = await createUser(db, {
            email,
            name: values.name?.trim() || email,
            roles: roles.filter(isRole),
            password,
            actorUserId: null,
          });
          console.log(`Created staff account ${email} (${roles.join(", ")}), id ${created.id}.`);
          if (password === undefined) console.log(`One-time password (shown once, must be changed at first sign-in): ${created.password}`);
        } catch (err) {
          if (err instanceof EmailTakenError) fail(`An account for ${email} already exists.`);
          throw err;
        }
        break;
      }
      case "staff:unlock": {
        // Lifts every sign-in lock of one account (its failed attempts, from all addresses), e.g. for an
        // administrator locked out by someone guessing from many addresses.
        const { values } = parseArgs({ args: rest, options: { email: { type: "string" } } });
        const email = values.email ? normaliseEmail(values.email) : "";
        if (!email) fail("--email is required.");
        await migrateToLatest(db);
        const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
        if (!user) fail(`There is no account for ${email}.`);
        const removed = await clearFailedAttempts(db, email);
        await audit(db, { actorUserId: null, action: "user.unlock", targetType: "user", targetId: user.id, details: { email, removed } });
        console.log(`Sign-in locks of ${email} lifted (${removed} failed attempts forgotten).`);
        break;
      }
      default:
        fail(
          "Usage: tsx db/cli.ts migrate | seed [--demo] | staff:create --email … --role … [--role …] [--name …] | staff:unlock --email …",
        );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  // A configuration or input problem is a message for the operator, not a stack trace.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
