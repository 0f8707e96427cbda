/**
 * The production server: migrates and seeds the database, serves the Remix build with security headers
 * and a per-request CSP nonce, and runs the outbox sender and the periodic jobs.
 *
 * WEB_CONCURRENCY=1 (the default) does all of it in one process. With more, this process (the primary)
 * migrates, seeds and runs the outbox sender and the jobs, and forks that many workers that only serve
 * requests on the shared port (node:cluster): one Node event loop per core instead of one for the machine.
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { SameOriginExports } from "./app/utils/same-origin.server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, sqlitePathOf } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { withStartupLock } from "./db/lock";
import { seed, DEMO_STAFF } from "./db/seed/index";
import { ConfigError, getEnv, publicUrl, resetEnvCache, serverStartCheck, trustProxySetting, workerCount, type Env } from "./app/utils/env.server";
import { startBackgroundWork } from "./app/jobs.server";
import { answer503WhileDatabaseIsAway } from "./app/utils/database-outage.server";
import { sweepAfterCrash } from "./app/utils/upload-sweep.server";

const here = path.dirname(fileURLToPath(import.meta.url));

function securityHeaders(nonce: string, production: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

type Db = ReturnType<typeof createDb>;

/** Migrations and seeding: once per start, in one process. */
async function prepare(env: Env) {
  const db = createDb(env.DATABASE_URL);
  const demo = env.SEED_DEMO === "yes" || (env.SEED_DEMO === "auto" && env.NODE_ENV !== "production");
  // Several instances may start together on one PostgreSQL database: one at a time migrates and seeds.
  const { applied, demoSeeded } = await withStartupLock(db, async () => {
    const applied = await migrateToLatest(db);
    return { applied, ...(await seed(db, { demo, demoPassword: env.DEMO_PASSWORD })) };
  });
  // Before listening or forking: what a killed server left in the data folder (docs/decisions/017-crash-durability.md).
  const swept = await sweepAfterCrash(db, path.resolve(env.DATA_DIR));
  if (swept.temporary || swept.orphans) console.log(`  removed after a crash: ${swept.temporary} temporary upload(s), ${swept.orphans} stored file(s) without a row`);
  return { db, applied, demo, demoSeeded };
}

function localUrl(env: Env, port: number): string {
  return env.PUBLIC_URL ? publicUrl(env) : `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;
}

/** With PORT=0 the real port is known only once listening; links in emails must use it. */
function adoptPort(env: Env, port: number): string {
  const url = localUrl(env, port);
  if (!env.PUBLIC_URL) {
    process.env.PUBLIC_URL = url;
    resetEnvCache();
  }
  return url;
}

function announce(env: Env, url: string, prepared: Awaited<ReturnType<typeof prepare>>) {
  const { applied, demo, demoSeeded } = prepared;
  const where = sqlitePathOf(env.DATABASE_URL) ?? "PostgreSQL";
  console.log(`Sáng kiến CCHC is listening on ${url}`);
  console.log(`  database: ${where}${applied.length ? ` (applied ${applied.join(", ")})` : ""}`);
  if (demo) {
    console.log(`  demo staff logins (password: ${env.DEMO_PASSWORD})${demoSeeded ? ", just created" : ""}:`);
    for (const s of DEMO_STAFF) console.log(`    ${s.email.padEnd(24)} ${s.roles.join(", ")}`);
    console.log(`  staff sign-in: ${url}/staff/login`);
  }
}

async function listen(env: Env, db: Db, onListening: (port: number) => void): Promise<Server> {
  const build = answer503WhileDatabaseIsAway((await import(pathToFileURL(path.join(here, "build/index.js")).href)) as ServerBuild);

  const app = express();
  app.disable("x-powered-by");
  // Which X-Forwarded-For entries name the client: only those our own proxies appended (README, "Behind a proxy").
  app.set("trust proxy", trustProxySetting(env.TRUST_PROXY));
  app.use(compression());
  app.use((_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, env.NODE_ENV === "production"));
    next();
  });
  // A 304 refreshes the headers of the page the browser already holds; that page's scripts carry the nonce of
  // its own CSP, so a 304 must not bring a new one (public pages are revalidated, app/utils/cache.server.ts).
  app.use((_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      if (args[0] === 304) res.removeHeader("Content-Security-Policy");
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  });
  app.use("/build", express.static(path.join(here, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(here, "public"), { maxAge: "1h" }));
  // Before any route: another site cannot make a browser post here (docs/decisions/010-same-origin-posts.md).
  const { crossSiteRefusal } = build.entry.module as unknown as SameOriginExports;
  app.use((req, res, next) => {
    const refusal = crossSiteRefusal({ method: req.method, headers: { get: (name) => req.get(name) ?? null } });
    if (!refusal) return next();
    res.status(refusal.status).set(Object.fromEntries(refusal.headers));
    void refusal.text().then((text) => res.send(text), next);
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        db,
      }),
    }),
  );

  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    onListening(typeof address === "object" && address ? address.port : env.PORT);
  });
  return server;
}

function onSignals(stop: () => void) {
  // Ctrl-C reaches the primary and its workers alike, and the primary then sends SIGTERM too: stop once.
  let stopped = false;
  const once = () => {
    if (stopped) return;
    stopped = true;
    stop();
  };
  process.on("SIGINT", once);
  process.on("SIGTERM", once);
}

function closeAndExit(server: Server, db: Db, stopBackground: () => void = () => {}) {
  stopBackground();
  server.close(() => void db.destroy().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
}

/** WEB_CONCURRENCY=1: everything in this process. */
async function single(env: Env) {
  const prepared = await prepare(env);
  const { db } = prepared;
  const stopBackground = startBackgroundWork(db, env);
  const server = await listen(env, db, (port) => announce(env, adoptPort(env, port), prepared));
  onSignals(() => closeAndExit(server, db, stopBackground));
}

/** A cluster worker: its own database handle, serves requests, nothing else. */
async function worker(env: Env) {
  const db = createDb(env.DATABASE_URL);
  const server = await listen(env, db, (port) => adoptPort(env, port));
  onSignals(() => closeAndExit(server, db));
}

/**
 * The cluster primary. Workers all listen on env.PORT: with PORT=0, node:cluster gives every worker the same
 * port (the primary holds the one socket and hands connections out in turn), so the address of the first is
 * everyone's. It is announced once all workers listen, so a caller that waits for it meets the whole cluster.
 */
async function primary(env: Env, count: number) {
  const prepared = await prepare(env);
  const { db } = prepared;
  const listened = new Set<number>();
  let stopBackground = () => {};
  let announced = false;
  let stopping = false;
  let exitCode = 0;

  cluster.on("listening", (w, address: AddressInfo) => {
    listened.add(w.id);
    if (announced) {
      console.log(`  worker ${w.process.pid} listening on port ${address.port}`);
      return;
    }
    if (listened.size < count) return;
    announced = true;
    const url = adoptPort(env, address.port);
    announce(env, url, prepared);
    const pids = Object.values(cluster.workers ?? {}).map((x) => x?.process.pid);
    console.log(`  ${count} worker processes (WEB_CONCURRENCY=${env.WEB_CONCURRENCY}), pids ${pids.join(", ")}`);
    // One process runs the outbox sender and the jobs: they are lease-safe, but one set of timers is enough.
    stopBackground = startBackgroundWork(db, env);
  });

  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) void db.destroy().then(() => process.exit(exitCode));
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!listened.has(w.id)) {
      // A worker that cannot even start (no build, bad configuration) would fail again at once: stop instead.
      console.error(`worker ${w.process.pid} exited with ${how} before it listened; stopping`);
      stop(1);
      return;
    }
    console.error(`worker ${w.process.pid} exited with ${how}; starting another`);
    cluster.fork();
  });

  function stop(code: number) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    stopBackground();
    const alive = Object.values(cluster.workers ?? {});
    for (const w of alive) w?.process.kill("SIGTERM");
    if (alive.length === 0) void db.destroy().then(() => process.exit(exitCode));
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      process.exit(exitCode);
    }, 5000).unref();
  }
  onSignals(() => stop(0));

  for (let i = 0; i < count; i++) cluster.fork();
}

async function main() {
  const env = getEnv();
  if (cluster.isPrimary) {
    const { error, warning } = serverStartCheck(env);
    if (error) throw new ConfigError(error);
    if (warning) console.warn(warning);
  }
  if (cluster.isWorker) return worker(env);
  const count = workerCount(env);
  return count > 1 ? primary(env, count) : single(env);
}

main().catch((err) => {
  // A configuration problem is a message for the operator, not a stack trace.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
