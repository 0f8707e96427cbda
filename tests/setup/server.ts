/**
 * Starts the production server (`server.ts` over the build) on a free port with its own data folder,
 * for browser tests and benchmarks. Resolves once it prints its address.
 * Its database is a SQLite file in that folder, or with TEST_DATABASE_URL a new PostgreSQL database
 * (dropped by stop()); a DATABASE_URL in `env` wins over both. Tests open it with `createDb(server.databaseUrl)`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trackingSecrets } from "../../app/utils/env.server";
import { createDatabase, dropDatabase, randomDatabaseName, testDatabaseUrl } from "./postgres";

export interface RunningServer {
  url: string;
  dataDir: string;
  databaseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /**
   * Start the server as the leader of its own process group, so `kill(-pid)` reaches the primary and every worker at
   * once, as a power cut or the OOM killer would (tests/e2e/crash-durability.test.ts). stop() then signals the group.
   */
  detached?: boolean;
  /** How long to wait for the address (default 60 s): a bench server opens a database of a million initiatives. */
  startTimeoutMs?: number;
}

export async function startServer(env: Record<string, string> = {}, opts: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "sk-server-"));
  // A server on a database of its own with the demo starts from the run's demo template, as createTestDb() does:
  // migrating and seeding (a memory-hard hash per demo account) at every start was most of a browser test's setup.
  const template = !env.DATA_DIR && !env.DATABASE_URL && (env.SEED_DEMO ?? "yes") === "yes" ? await demoTemplate() : null;
  let dropDb = async () => {};
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl && testDatabaseUrl()) {
    const name = randomDatabaseName("sk_t");
    databaseUrl = await createDatabase(name, template?.postgres);
    dropDb = () => dropDatabase(name);
  }
  if (!databaseUrl && template?.sqlite) fs.copyFileSync(template.sqlite, path.join(dataDir, "app.sqlite"));
  databaseUrl ??= `file:${path.join(dataDir, "app.sqlite")}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.resolve("."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      // Production requires 32 bytes or more.
      SESSION_SECRET: "test-secret-of-at-least-32-bytes-long",
      // The same secret as this process: a link a test derives (createInitiative's token) opens on the server.
      TRACKING_SECRET: trackingSecrets().join(","),
      SEED_DEMO: "yes",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      // Production refuses to send mail without SMTP_URL: without a sink, leave the outbox alone.
      OUTBOX_INTERVAL_MS: env.SMTP_URL ? "200" : "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.detached ?? false,
  });
  const signal = (sig: NodeJS.Signals) => {
    if (opts.detached && child.pid) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is already gone
      }
    } else child.kill(sig);
  };
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), opts.startTimeoutMs ?? 60_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  }).catch(async (err) => {
    await dropDb();
    throw err;
  });
  return {
    url,
    dataDir,
    databaseUrl,
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          signal("SIGTERM");
          setTimeout(() => signal("SIGKILL"), 5000).unref();
        });
      }
      await dropDb();
    },
  };
}

/** Starts the server expecting it to refuse: exit 1 with a message for the operator, not a stack trace. */
export async function startupRefusal(env: Record<string, string>): Promise<string> {
  const err = await startServer(env).then(
    async (s) => {
      await s.stop();
      throw new Error(`the server started:\n${s.output()}`);
    },
    (e: Error) => e,
  );
  // Thrown rather than asserted with vitest: the benchmark imports this module too.
  if (!/server exited with 1\b/.test(err.message)) throw new Error(`expected exit code 1:\n${err.message}`);
  if (/\n\s+at .+:\d+:\d+/.test(err.message)) throw new Error(`expected a message, not a stack trace:\n${err.message}`);
  return err.message;
}

/** The run's migrated demo database (tests/setup/global-sqlite.ts, global-postgres.ts); none outside vitest (the bench). */
async function demoTemplate(): Promise<{ sqlite?: string; postgres?: string } | null> {
  if (!process.env.VITEST) return null;
  const { inject } = await import("vitest");
  if (testDatabaseUrl()) {
    const templates = inject("pgTemplates");
    return templates ? { postgres: templates.demo } : null;
  }
  const templates = inject("sqliteTemplates");
  return templates ? { sqlite: templates.demo } : null;
}
