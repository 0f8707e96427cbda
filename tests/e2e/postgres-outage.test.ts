/**
 * PostgreSQL only (it terminates PostgreSQL backends and refuses connections; SQLite has no server to lose):
 * the production server as a cluster (WEB_CONCURRENCY=2) under load while its database connections are
 * killed (pg_terminate_backend, as a restart, failover or idle timeout does) and while the database refuses
 * connections. Every answer is a page or a 503 with a message, never a crash; no process exits; once the
 * database is back the same processes answer 200 again.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "../setup/db";
import { testDatabaseUrl } from "../setup/postgres";
import { startServer, type RunningServer } from "../setup/server";

const PATHS = ["/", "/initiatives?q=th%E1%BB%A7%20t%E1%BB%A5c", "/statistics", "/open-data/initiatives.csv"];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function statusOf(url: string): Promise<{ status: number; body: string }> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "manual" });
  } catch (err) {
    // no answer at all: the process serving it died
    return { status: 0, body: String(err) };
  }
  try {
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: -1, body: String(err) };
  }
}

/**
 * The open-data CSV streams its rows from the database after its loader has returned (and compression may hold back
 * even the status line): a connection lost mid-file can only cut that one response short, so no client mistakes half
 * a file for the whole. Known limit, not a crash: the process goes on, which the test checks separately.
 */
const cutMidStream = (s: { path: string; status: number }) => s.path.endsWith(".csv") && (s.status === 0 || s.status === -1);

describe.skipIf(!onPostgres)("PostgreSQL connections lost under load", () => {
  let server: RunningServer;
  let admin: pg.Client;
  let dbName: string;
  let pids: number[] = [];

  beforeAll(async () => {
    // Without the page cache: this test is about the database connections under Remix's handler; the cache's own
    // behaviour while backends are terminated is not yet proven here (one stray answer in three runs; see decision 033).
    server = await startServer({ WEB_CONCURRENCY: "2", SEED_DEMO: "yes", PAGE_CACHE_MB: "0" });
    dbName = new URL(server.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: testDatabaseUrl()! });
    await admin.connect();
    const until = Date.now() + 10_000;
    while (!/pids \d+, \d+\n/.test(server.output()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const m = /pids (\d+), (\d+)/.exec(server.output());
    pids = [server.process.pid!, Number(m![1]), Number(m![2])];
  }, 90_000);

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${dbName}" CONNECTION LIMIT -1`).catch(() => {});
    await admin?.end();
    await server?.stop();
  });

  const terminate = () =>
    // the app's own connections: an autovacuum worker on the database belongs to the superuser and is not ours to end
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND usename = current_user`,
      [dbName],
    );

  async function load(ms: number, during?: () => Promise<unknown>) {
    const seen: { path: string; status: number; body: string }[] = [];
    const until = Date.now() + ms;
    const clients = Array.from({ length: 8 }, async (_, i) => {
      for (let n = i; Date.now() < until; n++) {
        const path = PATHS[n % PATHS.length];
        seen.push({ path, ...(await statusOf(server.url + path)) });
      }
    });
    const killer = (async () => {
      while (during && Date.now() < until) {
        await during();
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    await Promise.all([...clients, killer]);
    return seen;
  }

  it("answers 200 or 503, never 500 or a dropped connection, while its backends are terminated mid-load", async () => {
    const seen = await load(4000, terminate);
    expect(seen.length).toBeGreaterThan(8);
    const bad = seen.filter((s) => s.status !== 200 && s.status !== 503 && !cutMidStream(s));
    expect(bad.map((b) => `${b.path} ${b.status} ${b.body.slice(0, 200)}`)).toEqual([]);
    expect(pids.every(alive), server.output()).toBe(true);
    expect(server.output()).not.toMatch(/exited with/);
  }, 60_000);

  it("answers 503 with a message while the database refuses connections, and 200 again once it is back, without a restart", async () => {
    await admin.query(`ALTER DATABASE "${dbName}" CONNECTION LIMIT 0`);
    await terminate();
    const away = await load(1500);
    expect(away.map((s) => `${s.path} ${s.status}`)).toEqual(away.map((s) => `${s.path} 503`));
    const page = away.find((s) => s.path === "/")!;
    expect(page.body).toContain("Hệ thống tạm thời không kết nối được cơ sở dữ liệu");
    const csv = away.find((s) => s.path.endsWith(".csv"))!;
    expect(csv.body).toContain("The database is temporarily unreachable");
    expect((await statusOf(`${server.url}/readyz`)).status).toBe(503);
    // Liveness does not depend on the database: restarting the process would not bring it back.
    expect((await statusOf(`${server.url}/healthz`)).status).toBe(200);

    await admin.query(`ALTER DATABASE "${dbName}" CONNECTION LIMIT -1`);
    const until = Date.now() + 15_000;
    let back = await load(300);
    while (back.some((s) => s.status !== 200) && Date.now() < until) back = await load(300);
    expect(back.map((s) => `${s.path} ${s.status}`)).toEqual(back.map((s) => `${s.path} 200`));
    expect(pids.every(alive), server.output()).toBe(true);
    expect(server.output()).not.toMatch(/exited with/);
  }, 60_000);
});
