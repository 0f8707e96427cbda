/**
 * One process at a time through start-up work (migrations, seeding). Several instances started together on an
 * empty PostgreSQL database otherwise race: Kysely's migrator creates its own tables before taking its lock,
 * and two seeders both find the units table empty and insert the same codes. On PostgreSQL a session advisory
 * lock, held on one connection of the pool while the work runs on others, makes the later instance wait and then
 * find everything done. On SQLite there is nothing to do: processes sharing a file are one cluster, whose
 * primary alone runs this (server.ts).
 */
import { sql } from "kysely";
import { engineOf, type DB } from "./client";

// any fixed number: the key of this application's start-up lock among the database's advisory locks
const STARTUP_LOCK = 73_415_001;

export async function withStartupLock<T>(db: DB, fn: () => Promise<T>): Promise<T> {
  if (engineOf(db) !== "postgres") return fn();
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${STARTUP_LOCK})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(${STARTUP_LOCK})`.execute(conn);
    }
  });
}
