/**
 * The production server: migrates and seeds the database, serves the Remix build with security headers
 * and a per-request CSP nonce, and runs the outbox sender and the periodic jobs.
 *
 * WEB_CONCURRENCY=1 (the default) does all of it in one process. With more, this process (the primary)
 * migrates, seeds and runs the outbox sender and the jobs, and forks that many workers that only serve
 * requests on the shared port (node:cluster): one Node event loop per core instead of one for the machine.
 */
// First: V8's settings apply to what is allocated after them.
import "./app/utils/v8-flags.server";
import { workerV8Flags } from "./app/utils/v8-flags.server";
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import type { SameOriginExports } from "./app/utils/same-origin.server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDb, isDatabaseUnavailable, sqlitePathOf } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { withStartupLock } from "./db/lock";
import { seed, DEMO_STAFF } from "./db/seed/index";
import {
  ConfigError,
  getEnv,
  publicUrl,
  resetEnvCache,
  serverStartCheck,
  serverTimeouts,
  trustProxySetting,
  workerCount,
  type Env,
} from "./app/utils/env.server";
import { startBackgroundWork } from "./app/jobs.server";
import { sweepUploadLitter } from "./app/utils/sweep.server";
import { answer503WhileDatabaseIsAway } from "./app/utils/database-outage.server";
import { wrapRouteHandlers } from "./app/utils/route-handlers.server";
import { answerDomainErrors } from "./app/utils/domain-errors.server";
import { pageCacheMiddleware, publicPagesVersionReader } from "./app/utils/page-cache-http.server";
import { cspNonce } from "./app/utils/csp-nonce.server";
import { isPublicFilePath, publicFileNames } from "./app/utils/public-files.server";

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

/** public/'s files (app/utils/public-files.server.ts); every other address goes on to the app. */
function publicFiles(dir: string, options: Parameters<typeof express.static>[1]): express.RequestHandler {
  const serve = express.static(dir, options);
  const names = publicFileNames(dir, ["build"]);
  return (req, res, next) => (isPublicFilePath(names, req.path) ? serve(req, res, next) : next());
}

/** DATA_DIR must take files (uploads, mail in development): found at start, not at the first submission. */
function checkDataDir(env: Env) {
  const dir = path.resolve(env.DATA_DIR);
  try {
    for (const sub of ["tmp", "files"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    const probe = path.join(dir, "tmp", `.write-check-${process.pid}`);
    fs.writeFileSync(probe, "ok");
    fs.rmSync(probe);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`Refusing to start: DATA_DIR=${env.DATA_DIR} cannot be written (${e.code ?? "error"}: ${e.message}).`);
  }
}

/**
 * Demo staff accounts have a published password. A database used in development keeps them after a switch to
 * production unless someone removes them: refused, unless the operator says they are wanted.
 */
async function checkDemoAccounts(env: Env, db: Db) {
  if (env.NODE_ENV !== "production") return;
  const emails = DEMO_STAFF.map((s) => s.email);
  const present = (await db.selectFrom("users").select("email").where("email", "in", emails).execute()).map((r) => r.email);
  if (present.length === 0) return;
  const list = present.join(", ");
  if (env.ALLOW_DEMO_ACCOUNTS === "1" || env.SEED_DEMO === "yes") {
    console.warn(`WARNING: this production database has the demo staff accounts (${list}) with a published password.`);
    return;
  }
  throw new ConfigError(
    `Refusing to start: this production database has the demo staff accounts (${list}), whose password is published; ` +
      "delete them (or set them a new password) before real use, or set ALLOW_DEMO_ACCOUNTS=1 to start anyway.",
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Migrations and seeding: once per start, in one process. */
async function prepare(env: Env) {
  const startedAt = new Date();
  checkDataDir(env);
  const db = createDb(env.DATABASE_URL);
  const demo = env.SEED_DEMO === "yes" || (env.SEED_DEMO === "auto" && env.NODE_ENV !== "production");
  // Several instances may start together on one PostgreSQL database: one at a time migrates and seeds.
  const { applied, demoSeeded } = await withStartupLock(db, async () => {
    const applied = await migrateToLatest(db);
    return { applied, ...(await seed(db, { demo, demoPassword: env.DEMO_PASSWORD })) };
  });
  await checkDemoAccounts(env, db);
  const postgres = sqlitePathOf(env.DATABASE_URL) === null;
  const swept = await sweepUploadLitter(db, {
    dataDir: path.resolve(env.DATA_DIR),
    startedAt,
    // Instances sharing one PostgreSQL database may share DATA_DIR too: leave their uploads under way alone.
    tempMinAgeMs: postgres ? 10 * 60 * 1000 : 0,
    // SQLite: one server (one process group) per file, sweeping before it listens, so nothing of it is under way.
    orphanMinAgeMs: postgres ? 10 * 60 * 1000 : 0,
  });
  if (swept.tempFiles || swept.orphanFiles) {
    console.log(
      `  swept ${plural(swept.tempFiles, "temporary upload file", "temporary upload files")} and ` +
        `${plural(swept.orphanFiles, "stored file", "stored files")} with no record (left by an earlier stop)`,
    );
  }
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
  const t = serverTimeouts(env);
  const s = (ms: number) => Math.round(ms / 1000);
  console.log(
    `  timeouts: request ${s(t.requestMs)} s, headers ${s(t.headersMs)} s, keep-alive ${s(t.keepAliveMs)} s, shutdown ${s(t.shutdownMs)} s`,
  );
  if (demo) {
    // A password is never printed in production, not even the demo one.
    const password = env.NODE_ENV === "production" ? "DEMO_PASSWORD" : env.DEMO_PASSWORD;
    console.log(`  demo staff logins (password: ${password})${demoSeeded ? ", just created" : ""}:`);
    for (const s of DEMO_STAFF) console.log(`    ${s.email.padEnd(24)} ${s.roles.join(", ")}`);
    console.log(`  staff sign-in: ${url}/staff/login`);
  }
}

/**
 * Notes which route answered, for the request log: the deepest route whose loader or action ran (its id, like
 * "routes/track_.$code", never the URL, which can hold a tracking code or an email address).
 */
function noteRouteIds(build: ServerBuild): ServerBuild {
  // A route's depth is fixed: counted once here, not on every request.
  const depths = new Map<string, number>();
  for (const id of Object.keys(build.routes)) {
    let d = 0;
    for (let r = build.routes[id]; r?.parentId; r = build.routes[r.parentId]) d++;
    depths.set(id, d);
  }
  return wrapRouteHandlers(build, (id, fn) => {
    const depth = depths.get(id) ?? 0;
    return (args) => {
      const log = args.context.requestLog as { route?: string; depth: number } | undefined;
      if (log && depth >= log.depth) Object.assign(log, { route: id, depth });
      return fn(args);
    };
  });
}

/** LOG_REQUESTS=1: one JSON line per request, with nothing that names a person (no address, no query, no path). */
function requestLog(req: http.IncomingMessage, res: express.Response, next: () => void) {
  const started = process.hrtime.bigint();
  const log: { route?: string; depth: number } = { depth: -1 };
  // Before express (a hit never reaches it), which keeps the locals it finds.
  res.locals = (res.locals as Record<string, unknown> | undefined) ?? Object.create(null);
  res.locals.requestLog = log;
  res.once("close", () => {
    const ms = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    // pid: which worker answered, when WEB_CONCURRENCY > 1
    const line = {
      at: new Date().toISOString(),
      pid: process.pid,
      method: req.method,
      route: log.route ?? null,
      status: res.statusCode,
      ms,
      complete: res.writableFinished,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
  next();
}

async function listen(env: Env, db: Db, onListening: (port: number) => void): Promise<Server> {
  let build = answerDomainErrors(
    answer503WhileDatabaseIsAway((await import(pathToFileURL(path.join(here, "build/index.js")).href)) as ServerBuild),
  );
  if (env.LOG_REQUESTS === "1") build = noteRouteIds(build);

  const app = express();
  app.disable("x-powered-by");
  // Which X-Forwarded-For entries name the client: only those our own proxies appended (README, "Behind a proxy").
  app.set("trust proxy", trustProxySetting(env.TRUST_PROXY));
  app.use(compression());
  app.use((_req, res, next) => {
    const nonce = cspNonce();
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
  app.use(publicFiles(path.join(here, "public"), { maxAge: "1h" }));
  // Before any route: another site cannot make a browser post here (docs/decisions/010-same-origin-posts.md).
  const { crossSiteRefusal } = build.entry.module as unknown as SameOriginExports;
  app.use((req, res, next) => {
    const refusal = crossSiteRefusal({ method: req.method, headers: { get: (name) => req.get(name) ?? null } });
    if (!refusal) return next();
    res.status(refusal.status).set(Object.fromEntries(refusal.headers));
    void refusal.text().then((text) => res.send(text), next);
  });
  const loadContext = (req: express.Request, res: express.Response) => ({
    cspNonce: res.locals.cspNonce as string,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    db,
    requestLog: res.locals.requestLog as { route?: string; depth: number } | undefined,
    documentRequest: !req.path.endsWith(".data"),
  });
  // Public pages this process already rendered for the same content version (docs/decisions/033-rendered-page-cache.md).
  const pageCache = pageCacheMiddleware({
    build,
    mode: env.NODE_ENV,
    db,
    maxBytes: env.PAGE_CACHE_MB * 1024 * 1024,
    loadContext,
    benchBypass: process.env.BENCH_FLOOR === "1",
    version: publicPagesVersionReader(db, env.DATABASE_URL),
    securityHeaders: (nonce) => securityHeaders(nonce, env.NODE_ENV === "production"),
  });
  app.use(pageCache.middleware);
  app.all(
    "*",
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Remix's express handler catches its own errors and passes them to next()
    createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext: loadContext }),
  );

  // Node's defaults (5 minutes for a whole request) would cut a large upload on a weak connection.
  const t = serverTimeouts(env);
  const server = http.createServer(
    {
      requestTimeout: t.requestMs,
      headersTimeout: t.headersMs,
      keepAliveTimeout: t.keepAliveMs,
      // How often the timeouts are checked (Node: every 30 s): often enough for the headers' limit to hold.
      connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(t.headersMs / 4))),
    },
    // A page already rendered is answered before express (pageCache.serveHit): a map lookup and one write.
    (req, res) => {
      if (env.LOG_REQUESTS === "1") requestLog(req, res as express.Response, () => {});
      pageCache.serveHit(req, res, () => app(req, res));
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const where = `port ${env.PORT} on ${env.HOST}`;
      if (err.code === "EADDRINUSE")
        reject(new ConfigError(`Cannot listen: ${where} is already in use (EADDRINUSE); stop what uses it or set PORT.`));
      else if (err.code === "EACCES")
        reject(new ConfigError(`Cannot listen: ${where} is not allowed for this user (EACCES); use a port above 1023.`));
      else if (err.code === "EADDRNOTAVAIL")
        reject(new ConfigError(`Cannot listen: HOST=${env.HOST} is not an address of this machine (EADDRNOTAVAIL).`));
      else reject(err);
    });
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  onListening(typeof address === "object" && address ? address.port : env.PORT);
  // Under `npm run dev` (remix dev): tells the dev server this build is served, so it can live-reload the browser.
  // It logs its own failure; the server serves all the same.
  if (env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build).catch(() => {});
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

/**
 * SIGTERM: stop accepting connections, let the requests under way finish (an upload on a slow connection
 * included) for up to SHUTDOWN_TIMEOUT_MS, let the outbox sender and the jobs finish the run they are in, then
 * close the database and exit 0. Past the limit the remaining connections are closed.
 */
function closeAndExit(env: Env, server: Server, db: Db, stopBackground: () => Promise<void> = async () => {}) {
  const { shutdownMs } = serverTimeouts(env);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle once its answer is sent: close it then, not after the keep-alive timeout.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const limit = setTimeout(() => {
    console.error(`shutdown: requests still under way after ${Math.round(shutdownMs / 1000)} s (SHUTDOWN_TIMEOUT_MS); closing them`);
    server.closeAllConnections();
  }, shutdownMs);
  // Should the database or a job hang, exit anyway.
  setTimeout(() => process.exit(1), shutdownMs + 10_000).unref();
  void Promise.all([closed, stopBackground()])
    .then(() => {
      clearInterval(idle);
      clearTimeout(limit);
      return db.destroy();
    })
    .then(
      () => process.exit(0),
      (err) => {
        console.error(`shutdown: ${(err as Error)?.message ?? err}`);
        process.exit(1);
      },
    );
}

/** WEB_CONCURRENCY=1: everything in this process. */
async function single(env: Env) {
  const prepared = await prepare(env);
  const { db } = prepared;
  const server = await listen(env, db, (port) => announce(env, adoptPort(env, port), prepared));
  const stopBackground = startBackgroundWork(db, env);
  onSignals(() => closeAndExit(env, server, db, stopBackground));
}

/** A cluster worker: its own database handle, serves requests, nothing else. */
async function worker(env: Env) {
  const db = createDb(env.DATABASE_URL);
  const server = await listen(env, db, (port) => adoptPort(env, port));
  onSignals(() => closeAndExit(env, server, db));
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
  let stopBackground: () => Promise<void> = async () => {};
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

  let background: Promise<void> = Promise.resolve();
  const exitWhenDone = () => void background.then(() => db.destroy()).then(() => process.exit(exitCode));
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) exitWhenDone();
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
    background = stopBackground();
    // Each worker finishes its requests under way (closeAndExit), within SHUTDOWN_TIMEOUT_MS.
    const alive = Object.values(cluster.workers ?? {});
    for (const w of alive) w?.process.kill("SIGTERM");
    if (alive.length === 0) exitWhenDone();
    setTimeout(
      () => {
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
        process.exit(exitCode);
      },
      serverTimeouts(env).shutdownMs + 5000,
    ).unref();
  }
  onSignals(() => stop(0));

  // fork() takes no flags of its own: set here, they also reach a worker started to replace one that died.
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...workerV8Flags(process.env, process.execArgv)] });
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

/** A password in a URL (postgres://user:password@host) is never printed. */
function withoutPasswords(text: string): string {
  return text.replace(/(\w+:\/\/[^\s:/@]*:)[^\s@/]*@/g, "$1***@");
}

/**
 * Why the server cannot start, in one line: a configuration or an environment problem (an unreachable database,
 * a folder or port it cannot use) is the operator's to fix and needs no stack trace; anything else is a bug.
 */
function startupFailure(err: unknown): string | unknown {
  if (err instanceof ConfigError) return withoutPasswords(err.message);
  const e = err as { code?: unknown; message?: unknown; errors?: { message?: unknown }[] } | null;
  // A connection refused on every address of a host comes as an AggregateError with an empty message.
  const message = withoutPasswords(String(e?.message || e?.errors?.[0]?.message || err));
  if (isDatabaseUnavailable(err)) return `Cannot start: the database (DATABASE_URL) cannot be reached: ${message}`;
  // SQLSTATE codes (PostgreSQL: a wrong password, a missing database) and system or SQLite error codes.
  if (typeof e?.code === "string" && e.code !== "") return `Cannot start: ${message} (${e.code})`;
  return err;
}

main().catch((err) => {
  console.error(startupFailure(err));
  process.exit(1);
});
