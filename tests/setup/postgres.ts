/**
 * PostgreSQL for tests (`npm run test:postgres`): TEST_DATABASE_URL names a database the role may connect to,
 * and the role may create and drop databases. Each test gets a database of its own, cloned from a template
 * that globalSetup migrated and seeded once per run (CREATE DATABASE … TEMPLATE copies files: no migration per test).
 */
import crypto from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server tests run against, only in `npm run test:postgres` (its vitest config sets
 * SK_TEST_ENGINE=postgres): a TEST_DATABASE_URL left in the shell does not turn `npm test` into a PostgreSQL run.
 */
export function testDatabaseUrl(): string | null {
  return process.env.SK_TEST_ENGINE === "postgres" ? adminUrl() : null;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("npm run test:postgres needs TEST_DATABASE_URL=postgres://user:password@host/db");
  return url;
}

export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  return `"${name}"`;
};

export function randomDatabaseName(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
}

/** A new database, empty or a copy of `template`; returns its URL. */
export async function createDatabase(name: string, template?: string): Promise<string> {
  await admin(async (c) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
        return;
      } catch (err) {
        // Two clones of one template at the same moment: PostgreSQL may refuse the second while the first copies.
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  });
  return databaseUrl(adminUrl(), name);
}

export async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
      return;
    } catch (err) {
      // FORCE may not end a backend of another role (an autovacuum worker on the database): it leaves soon.
      if (attempt >= 40 || !/member of the role|being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 150));
    }
  }
}

/** Databases left by an earlier run that was killed before its cleanup (names carry the run's prefix). */
export async function dropDatabasesLike(prefix: string): Promise<void> {
  const names = await admin(async (c) => {
    const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
    return r.rows.map((x) => x.datname);
  });
  for (const n of names) await dropDatabase(n);
}
