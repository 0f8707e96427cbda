/**
 * The production server: migrates and seeds the database, serves the Remix build with security headers
 * and a per-request CSP nonce, and runs the outbox sender and the periodic jobs in the same process.
 */
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createDb, sqlitePathOf } from "./db/client";
import { migrateToLatest } from "./db/migrate";
import { seed, DEMO_STAFF } from "./db/seed/index";
import { getEnv, publicUrl, resetEnvCache } from "./app/utils/env.server";
import { startBackgroundWork } from "./app/jobs.server";

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

async function main() {
  const env = getEnv();
  const db = createDb(env.DATABASE_URL);
  const applied = await migrateToLatest(db);
  const demo = env.SEED_DEMO === "yes" || (env.SEED_DEMO === "auto" && env.NODE_ENV !== "production");
  const { demoSeeded } = await seed(db, { demo, demoPassword: env.DEMO_PASSWORD });

  const build = (await import(pathToFileURL(path.join(here, "build/index.js")).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY === "1") app.set("trust proxy", true);
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

  const stopBackground = startBackgroundWork(db, env);
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = env.PUBLIC_URL ? publicUrl(env) : `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;
    // With PORT=0 the real port is known only now; links in emails must use it.
    if (!env.PUBLIC_URL) {
      process.env.PUBLIC_URL = url;
      resetEnvCache();
    }
    const where = sqlitePathOf(env.DATABASE_URL) ?? "PostgreSQL";
    console.log(`Sáng kiến CCHC is listening on ${url}`);
    console.log(`  database: ${where}${applied.length ? ` (applied ${applied.join(", ")})` : ""}`);
    if (demo) {
      console.log(`  demo staff logins (password: ${env.DEMO_PASSWORD})${demoSeeded ? ", just created" : ""}:`);
      for (const s of DEMO_STAFF) console.log(`    ${s.email.padEnd(24)} ${s.roles.join(", ")}`);
      console.log(`  staff sign-in: ${url}/staff/login`);
    }
  });

  const shutdown = () => {
    stopBackground();
    server.close(() => void db.destroy().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
