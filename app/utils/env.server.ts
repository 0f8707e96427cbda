/**
 * The environment, parsed once. Safe defaults make `npm start` work on a fresh clone;
 * production refuses to start without the values that must not be guessed.
 */
import net from "node:net";
import os from "node:os";
import { z } from "zod";

const DATABASE_URL_SCHEME = /^(file:|postgres(ql)?:\/\/)/;

/** Signing secrets shorter than this can be guessed offline from one signed cookie. */
export const MIN_SESSION_SECRET_BYTES = 32;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z
      .string()
      .default("file:./data/app.sqlite")
      // Anything else used to become a SQLite file named after the URL, with a fresh demo in it. Only the scheme
      // is repeated in the message: the rest may hold a password.
      .refine(
        (v) => DATABASE_URL_SCHEME.test(v),
        (v) => ({
          message: `must start with file: (SQLite) or postgres:// (PostgreSQL), not ${JSON.stringify(/^[^:/]*:?/.exec(v)?.[0] ?? "")}`,
        }),
      ),
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
    JOBS_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(60 * 60 * 1000),
    /** Server processes sharing the port: 1 (one process), a number, or `auto` (one per core). */
    WEB_CONCURRENCY: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default(1),
    /** `1` lets development mode listen on a non-loopback HOST (it exposes /dev/mail and stack traces). */
    ALLOW_DEV_ON_NETWORK: z.enum(["0", "1"]).default("0"),
    /** Outbox messages in flight at once (each its own SMTP connection), per sending process. */
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
    /** Derives the private tracking links (HMAC of code and link version); comma-separated to rotate. */
    TRACKING_SECRET: z.string().optional(),
    /** A folder for attachment contents shared by every instance (e.g. a network mount); unset: the database on PostgreSQL, DATA_DIR/files on SQLite. */
    FILES_DIR: z
      .string()
      .optional()
      .transform((v) => v?.trim() || undefined),
    /** SQLite's `synchronous` in WAL mode, FULL in production, NORMAL elsewhere: NORMAL survives a killed process, FULL also a power cut (decision 017). */
    SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL", "normal", "full"]).optional(),
    /** Longest a request may take to arrive, body included; default: the largest form at 20 KB/s (serverTimeouts). */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).optional(),
    /** Longest the request line and headers may take to arrive. */
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
    /** How long an idle keep-alive connection stays open; above the proxy's own idle timeout when there is one. */
    KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
    /** After SIGTERM, how long requests under way may take to finish before their connections are closed. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
    /** `1`: one JSON line per request on stdout (method, route id, status, milliseconds; nothing personal). */
    LOG_REQUESTS: z.enum(["0", "1"]).default("0"),
    /** Memory for rendered public pages, per process, in megabytes (docs/decisions/033); 0 turns the cache off. */
    PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
    /** `1` lets production start on a database that has the demo staff accounts (published password). */
    ALLOW_DEMO_ACCOUNTS: z.enum(["0", "1"]).default("0"),
    /**
     * The personal-data controller named on /privacy: the city body that runs the service. The defaults are
     * placeholders for the demo; the city sets its own before going live (README, "Personal data").
     */
    PRIVACY_CONTROLLER_NAME: z.string().trim().min(1).default("Sở Nội vụ Thành phố Hà Nội"),
    PRIVACY_CONTROLLER_ADDRESS: z.string().trim().min(1).default("Thành phố Hà Nội"),
    PRIVACY_CONTACT_EMAIL: z.string().trim().email().default("dulieucanhan@sangkien.hanoi.example"),
    /** Left out of the notice when unset. */
    PRIVACY_CONTACT_PHONE: z
      .string()
      .optional()
      .transform((v) => v?.trim() || undefined),
    /** Months after a rejection before its people are anonymised by the retention job; 0 never (docs/decisions/027). */
    RETENTION_REJECTED_MONTHS: z.coerce.number().int().min(0).max(1200).default(24),
    /** Months after a withdrawal before its people are anonymised. */
    RETENTION_WITHDRAWN_MONTHS: z.coerce.number().int().min(0).max(1200).default(24),
    /** Months after a "not recognised" decision before the files the submitter sent are deleted. */
    RETENTION_NOT_RECOGNISED_FILES_MONTHS: z.coerce.number().int().min(0).max(1200).default(24),
    /**
     * The official identity every page shows (Nghị định 42/2022/NĐ-CP: managing body, address, phone, email, the
     * person responsible). The managing body is the one named by PRIVACY_CONTROLLER_NAME and _ADDRESS: the body that
     * runs the service is the data controller. Email and phone are the service's general contact, not the
     * personal-data mailbox. The defaults are placeholders for the demo (README, "An official service").
     */
    SERVICE_AUTHORITY: z.string().trim().min(1).default("Ủy ban nhân dân Thành phố Hà Nội"),
    SERVICE_CONTACT_EMAIL: z.string().trim().email().default("sangkien@sangkien.hanoi.example"),
    SERVICE_CONTACT_PHONE: z.string().trim().min(1).default("024 0000 0000"),
    SERVICE_RESPONSIBLE_PERSON: z.string().trim().min(1).default("Giám đốc Sở Nội vụ Thành phố Hà Nội"),
    /** The licence of the open-data files, named on /open-data and in each file. */
    OPEN_DATA_LICENCE_NAME: z.string().trim().min(1).default("CC BY 4.0"),
    OPEN_DATA_LICENCE_URL: z.string().trim().url().default("https://creativecommons.org/licenses/by/4.0/"),
    /** How alike (0..1) an initiative must be to be shown as similar, on /submit and at screening (docs/decisions/036). */
    DUPLICATE_SIMILARITY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.4),
    /** Working days from a submission's receipt within which screening starts (docs/decisions/037). */
    SCREENING_START_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
    if (env.NODE_ENV === "production" && env.SESSION_SECRET) {
      // Every secret verifies cookies, so a short old one left in the rotation list is as weak as a short new one.
      const short = splitSecrets(env.SESSION_SECRET).filter((s) => Buffer.byteLength(s, "utf8") < MIN_SESSION_SECRET_BYTES);
      if (short.length || !splitSecrets(env.SESSION_SECRET).length) {
        ctx.addIssue({
          code: "custom",
          path: ["SESSION_SECRET"],
          message:
            `in production every secret (comma-separated when rotating) must have at least ${MIN_SESSION_SECRET_BYTES} bytes; ` +
            "generate one with: openssl rand -base64 48",
        });
      }
    }
    // The process that sends the outbox cannot work without a mail server; say so before listening, not after.
    if (env.NODE_ENV === "production" && env.OUTBOX_INTERVAL_MS > 0 && !env.SMTP_URL?.trim()) {
      ctx.addIssue({
        code: "custom",
        path: ["SMTP_URL"],
        message: "is required in production (or OUTBOX_INTERVAL_MS=0 where another instance sends the mail)",
      });
    }
    if (env.NODE_ENV === "production" && !env.TRACKING_SECRET?.trim()) {
      ctx.addIssue({ code: "custom", path: ["TRACKING_SECRET"], message: "is required in production" });
    }
    if (env.REQUEST_TIMEOUT_MS !== undefined && env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: "custom", path: ["HEADERS_TIMEOUT_MS"], message: "must not be above REQUEST_TIMEOUT_MS" });
    }
    // A short secret can be guessed offline from one link: every one must carry at least 256 bits.
    for (const secret of splitSecrets(env.TRACKING_SECRET ?? "")) {
      if (Buffer.byteLength(secret, "utf8") < 32) {
        ctx.addIssue({ code: "custom", path: ["TRACKING_SECRET"], message: "each secret must be at least 32 bytes" });
      }
    }
  });

export type Env = z.infer<typeof schema>;

/**
 * The largest request the app accepts (MAX_REQUEST_BYTES in uploads.server.ts: five 10 MB files and the form) and
 * the slowest connection it should still take it from: a weak mobile link. Node's own limit of 5 minutes would cut
 * a 10 MB file below 35 KB/s.
 */
const LARGEST_REQUEST_BYTES = 52 * 1024 * 1024;
export const MIN_UPLOAD_BYTES_PER_SECOND = 20 * 1024;

export function serverTimeouts(env: Env = getEnv()) {
  const derived = Math.ceil(LARGEST_REQUEST_BYTES / MIN_UPLOAD_BYTES_PER_SECOND) * 1000 + env.HEADERS_TIMEOUT_MS;
  return {
    requestMs: env.REQUEST_TIMEOUT_MS ?? derived,
    headersMs: env.HEADERS_TIMEOUT_MS,
    keepAliveMs: env.KEEP_ALIVE_TIMEOUT_MS,
    shutdownMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

/** A configuration the operator must fix: printed as a message, without a stack trace. */
export class ConfigError extends Error {}

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new ConfigError(`Invalid environment:\n${lines}`);
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
  return splitSecrets(env.SESSION_SECRET ?? "dev-only-secret-change-me");
}

function splitSecrets(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();
  if (h === "localhost") return true;
  const family = net.isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 6 ? "ipv6" : "ipv4");
}

/**
 * Whether the server may start with this environment. Development mode publishes every private tracking link at
 * /dev/mail, shows stack traces and has demo accounts with a known password: fine on this machine, not on a
 * network, unless the operator says so explicitly (and then is warned).
 */
export function serverStartCheck(env: Env): { error?: string; warning?: string } {
  if (env.NODE_ENV === "production" || isLoopbackHost(env.HOST)) return {};
  const risks = [
    "  - /dev/mail lists every email sent, with each submitter's private tracking link;",
    "  - error pages show stack traces;",
    "  - the demo staff accounts have a published password.",
  ];
  if (env.ALLOW_DEV_ON_NETWORK !== "1") {
    return {
      error: [
        `Refusing to start: NODE_ENV=${env.NODE_ENV} (development mode) with HOST=${env.HOST}, which other machines can reach.`,
        "In development mode:",
        ...risks,
        "Use HOST=127.0.0.1 for local use, NODE_ENV=production (with SESSION_SECRET and SMTP_URL) for real use,",
        "or set ALLOW_DEV_ON_NETWORK=1 to serve development mode on this network anyway.",
      ].join("\n"),
    };
  }
  const rule = "!".repeat(100);
  return {
    warning: [
      rule,
      `!! WARNING: development mode (NODE_ENV=${env.NODE_ENV}) is listening on HOST=${env.HOST} (ALLOW_DEV_ON_NETWORK=1).`,
      "!! Anyone who can reach this address can read what development mode exposes:",
      ...risks.map((r) => "!!" + r.slice(1)),
      "!! Never use it for real submissions; set NODE_ENV=production for that.",
      rule,
    ].join("\n"),
  };
}

/** Outside production only: every development database derives the same links from it. */
const DEV_TRACKING_SECRET = "dev-only-tracking-secret-change-me-0123456789";

export function trackingSecrets(env: Env = getEnv()): string[] {
  // Comma-separated: the first derives the links sent from now on, all are accepted, so a secret can be rotated.
  const secrets = splitSecrets(env.TRACKING_SECRET ?? "");
  return secrets.length > 0 ? secrets : [DEV_TRACKING_SECRET];
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
  const entries = v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split("/");
    const family = net.isIP(address);
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_PRESETS.has(entry) || (family !== 0 && validPrefix && rest.length === 0)) continue;
    throw new Error(`"${entry}" is not a hop count, an IP address, a subnet (10.0.0.0/8) or one of ${[...PROXY_PRESETS].join(", ")}`);
  }
  return entries;
}

/** The personal-data controller and its contact, as the privacy notice shows them. */
export function privacyController(env: Env = getEnv()) {
  return {
    name: env.PRIVACY_CONTROLLER_NAME,
    address: env.PRIVACY_CONTROLLER_ADDRESS,
    email: env.PRIVACY_CONTACT_EMAIL,
    phone: env.PRIVACY_CONTACT_PHONE ?? null,
  };
}

/** The managing body and its contacts, shown in every page's header and footer (Nghị định 42/2022/NĐ-CP). */
export function serviceIdentity(env: Env = getEnv()) {
  return {
    authority: env.SERVICE_AUTHORITY,
    body: env.PRIVACY_CONTROLLER_NAME,
    address: env.PRIVACY_CONTROLLER_ADDRESS,
    phone: env.SERVICE_CONTACT_PHONE,
    email: env.SERVICE_CONTACT_EMAIL,
    responsible: env.SERVICE_RESPONSIBLE_PERSON,
  };
}

export type ServiceIdentity = ReturnType<typeof serviceIdentity>;

/** The open-data licence: its short name and the address of its text. */
export function openDataLicence(env: Env = getEnv()) {
  return { name: env.OPEN_DATA_LICENCE_NAME, url: env.OPEN_DATA_LICENCE_URL };
}
