/**
 * The environment, parsed once. Safe defaults make `npm start` work on a fresh clone;
 * production refuses to start without the values that must not be guessed.
 */
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
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    /** Milliseconds between outbox runs; 0 turns the in-process sender off. */
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
    JOBS_INTERVAL_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
    /** Server processes sharing the port: 1 (one process), a number, or `auto` (one per core). */
    WEB_CONCURRENCY: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default(1),
    /** Derives the private tracking links (HMAC of code and link version); comma-separated to rotate. */
    TRACKING_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
    if (env.NODE_ENV === "production" && !env.TRACKING_SECRET?.trim()) {
      ctx.addIssue({ code: "custom", path: ["TRACKING_SECRET"], message: "is required in production" });
    }
    // A short secret can be guessed offline from one link: every one must carry at least 256 bits.
    for (const secret of splitSecrets(env.TRACKING_SECRET ?? "")) {
      if (Buffer.byteLength(secret, "utf8") < 32) {
        ctx.addIssue({ code: "custom", path: ["TRACKING_SECRET"], message: "each secret must be at least 32 bytes" });
      }
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

function splitSecrets(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Outside production only: every development database derives the same links from it. */
const DEV_TRACKING_SECRET = "dev-only-tracking-secret-change-me-0123456789";

export function trackingSecrets(env: Env = getEnv()): string[] {
  // Comma-separated: the first derives the links sent from now on, all are accepted, so a secret can be rotated.
  const secrets = splitSecrets(env.TRACKING_SECRET ?? "");
  return secrets.length > 0 ? secrets : [DEV_TRACKING_SECRET];
}
