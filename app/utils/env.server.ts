/**
 * The environment, parsed once. Safe defaults make `npm start` work on a fresh clone;
 * production refuses to start without the values that must not be guessed.
 */
import net from "node:net";
import os from "node:os";
import { z } from "zod";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z.string().default("file:./data/app.sqlite"),
    DATA_DIR: z.string().default("./data"),
    /** Public address of the site, used in emails and feeds. Defaults to http://HOST:PORT. */
    PUBLIC_URL: z.string().url().optional(),
    SESSION_SECRET: z.string().optional(),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default("Sáng kiến CCHC <no-reply@sangkien.hanoi.example>"),
    DEMO_PASSWORD: z.string().min(8).default("demo-password"),
    /** Seeds the demo (about 40 initiatives and six staff accounts) into a new database outside production. */
    SEED_DEMO: z.enum(["auto", "yes", "no"]).default("auto"),
    SUBMISSION_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    /** Proxies in front: 0 none, a hop count, or their addresses/subnets (comma-separated); see trustProxySetting. */
    TRUST_PROXY: z
      .string()
      .default("0")
      .superRefine((v, ctx) => {
        try {
          trustProxySetting(v);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
        }
      }),
    /** Milliseconds between outbox runs; 0 turns the in-process sender off. */
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
    JOBS_INTERVAL_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
    /** Server processes sharing the port: 1 (one process), a number, or `auto` (one per core). */
    WEB_CONCURRENCY: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default(1),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** How many server processes WEB_CONCURRENCY asks for. */
export function workerCount(env: Env = getEnv()): number {
  return env.WEB_CONCURRENCY === "auto" ? os.availableParallelism() : env.WEB_CONCURRENCY;
}

export function publicUrl(env: Env = getEnv()): string {
  // Read live as well: the server sets it once it knows its port (PORT=0), after modules may have parsed the env.
  const configured = env.PUBLIC_URL ?? process.env.PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  return `http://${host}:${env.PORT}`;
}

export function sessionSecrets(env: Env = getEnv()): string[] {
  // Comma-separated: the first signs, all verify, so secrets can be rotated.
  return (env.SESSION_SECRET ?? "dev-only-secret-change-me").split(",").map((s) => s.trim()).filter(Boolean);
}

/** Names that Express (proxy-addr) knows for whole ranges: 127.0.0.0/8 and ::1, link-local, private. */
const PROXY_PRESETS = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY as Express's `trust proxy`: which X-Forwarded-For entries to believe. Each proxy appends the address it
 * received the request from, so only the right-most entries were written by proxies; the rest came from the client.
 * - "0" or empty: no proxy; the client is the connection's address.
 * - a number n: n proxies in front, and the app is reachable only through them; the client is the n-th address
 *   from the right (counting the connection).
 * - addresses, subnets or presets, comma-separated ("10.0.0.5, 172.16.0.0/12", "loopback"): the client is the
 *   right-most address that is not one of them.
 * Trusting everything ("true") would take the left-most entry, which the client writes: refused.
 */
export function trustProxySetting(value: string): false | number | string[] {
  const v = value.trim();
  if (v === "" || v === "0") return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(",").map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split("/");
    const family = net.isIP(address);
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_PRESETS.has(entry) || (family !== 0 && validPrefix && rest.length === 0)) continue;
    throw new Error(
      `"${entry}" is not a hop count, an IP address, a subnet (10.0.0.0/8) or one of ${[...PROXY_PRESETS].join(", ")}`,
    );
  }
  return entries;
}
