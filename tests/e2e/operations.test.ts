/**
 * The server process as an operator meets it: timeouts sized for slow uploads, a SIGTERM that lets an upload
 * under way finish, one-line refusals of what cannot work, the sweep of litter a crash left, readiness and the
 * request log.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { startServer, startupRefusal as refusal, type RunningServer } from "../setup/server";
import { onPostgres } from "../setup/db";
import { newSubmitKey, pdfBytes, VALID } from "../integration/submit-fixtures";
import type { OutboxStatus } from "../../app/domain/vocabulary";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The valid form with one PDF of about `size` bytes, as multipart bytes. */
async function multipart(size: number): Promise<{ body: Buffer; type: string }> {
  const fd = new FormData();
  fd.set("submitKey", newSubmitKey());
  for (const [k, v] of Object.entries(VALID)) fd.append(k, v);
  const pdf = Buffer.concat([pdfBytes("chậm"), Buffer.alloc(size)]);
  fd.append("attachments", new File([new Uint8Array(pdf)], "chậm.pdf", { type: "application/pdf" }));
  const res = new Response(fd);
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get("Content-Type")! };
}

/**
 * A POST /submit on a raw socket whose body the test sends piece by piece, as a weak connection does.
 * `answer` resolves with the status line once it arrives, or rejects if the connection closes without one.
 */
async function slowPost(url: string, body: Buffer, type: string) {
  const u = new URL("/submit", url);
  const socket = net.connect(Number(u.port), u.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = Buffer.alloc(0);
  const answer = new Promise<number>((resolve, reject) => {
    socket.on("data", (d: Buffer) => {
      received = Buffer.concat([received, d]);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(received.toString("latin1"));
      if (m) resolve(Number(m[1]));
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("closed without an answer")));
  });
  answer.catch(() => {});
  const write = (data: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (socket.destroyed) return reject(new Error("socket closed"));
      socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  await write(
    Buffer.from(`POST /submit HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`, "latin1"),
  );
  /** Sends body[from, to) in `pieces` writes spread over `ms`. */
  const trickle = async (from: number, to: number, pieces: number, ms: number) => {
    const step = Math.ceil((to - from) / pieces);
    for (let at = from; at < to; at += step) {
      await write(body.subarray(at, Math.min(at + step, to)));
      await sleep(ms / pieces);
    }
  };
  return { socket, answer, trickle, location: () => /\r\nlocation: *(\S+)/i.exec(received.toString("latin1"))?.[1] };
}

function exited(server: RunningServer): Promise<number | null> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function connectRefused(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname);
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });
}

async function initiativeCount(databaseUrl: string): Promise<number> {
  const db = createDb(databaseUrl);
  try {
    const r = await db
      .selectFrom("initiatives")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await db.destroy();
  }
}

describe("request timeouts (lowered to seconds for the test)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "no", REQUEST_TIMEOUT_MS: "4000", HEADERS_TIMEOUT_MS: "2000" });
  });
  afterAll(() => server?.stop());

  it("by default allow a full 52 MB form at 20 KB/s, far beyond Node's 5 minutes, and say so at start", async () => {
    const defaults = await startServer({ SEED_DEMO: "no" });
    try {
      // startServer resolves on the address line; the lines after it may come in a later chunk.
      for (let i = 0; i < 50 && !/shutdown \d+ s/.test(defaults.output()); i++) await sleep(100);
      const m = /timeouts: request (\d+) s, headers (\d+) s, keep-alive (\d+) s, shutdown (\d+) s/.exec(defaults.output());
      expect(m, defaults.output()).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(Math.ceil((52 * 1024 * 1024) / (20 * 1024)));
    } finally {
      await defaults.stop();
    }
  });

  it("an upload sent slowly but within REQUEST_TIMEOUT_MS completes", async () => {
    const before = await initiativeCount(server.databaseUrl);
    const { body, type } = await multipart(200 * 1024);
    const post = await slowPost(server.url, body, type);
    await post.trickle(0, body.length, 10, 2500);
    expect(await post.answer).toBe(302);
    expect(post.location()).toBe("/submit/received");
    post.socket.destroy();
    expect(await initiativeCount(server.databaseUrl)).toBe(before + 1);
  });

  it("an upload still arriving after REQUEST_TIMEOUT_MS is cut with 408, and nothing is kept", async () => {
    const before = await initiativeCount(server.databaseUrl);
    const { body, type } = await multipart(200 * 1024);
    const post = await slowPost(server.url, body, type);
    const sending = post.trickle(0, body.length - 10, 20, 7000).catch(() => {});
    const status = await post.answer.catch(() => "closed");
    expect([408, "closed"]).toContain(status);
    await sending;
    post.socket.destroy();
    await sleep(500);
    expect(await initiativeCount(server.databaseUrl)).toBe(before);
    const tmp = path.join(server.dataDir, "tmp");
    expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
  });
});

describe("SIGTERM while an upload is under way", () => {
  for (const workers of ["1", "2"]) {
    it(`lets it finish, refuses new connections, then exits 0 (WEB_CONCURRENCY=${workers})`, async () => {
      const server = await startServer({ SEED_DEMO: "no", WEB_CONCURRENCY: workers });
      try {
        const { body, type } = await multipart(300 * 1024);
        const post = await slowPost(server.url, body, type);
        await post.trickle(0, body.length / 2, 5, 500);
        server.process.kill("SIGTERM");
        // Longer than any fixed grace of a few seconds: the upload is still on its way.
        await sleep(4000);
        expect(await connectRefused(server.url)).toBe(true);
        await post.trickle(body.length / 2, body.length, 5, 500);
        expect(await post.answer).toBe(302);
        expect(post.location()).toBe("/submit/received");
        post.socket.destroy();
        expect(await exited(server)).toBe(0);
        expect(await initiativeCount(server.databaseUrl)).toBe(1);
      } finally {
        await server.stop();
      }
    }, 60_000);
  }
});

describe("startup refuses what cannot work, in one line, without a password", () => {
  it("a DATABASE_URL of an unknown scheme (postgre://, mysql://) instead of creating a file named after it", async () => {
    for (const url of ["postgre://u:secretpw@db.example/app", "mysql://u:secretpw@db.example/app"]) {
      const out = await refusal({ DATABASE_URL: url });
      expect(out).toMatch(/DATABASE_URL: .*file:.*postgres:\/\//);
      expect(out).not.toContain("secretpw");
      expect(fs.existsSync(url)).toBe(false);
      expect(fs.existsSync(path.resolve(url.replace(/^\w+:/, "")))).toBe(false);
    }
  }, 60_000);

  it("an unreachable PostgreSQL", async () => {
    const out = await refusal({ DATABASE_URL: "postgres://u:secretpw@127.0.0.1:1/app" });
    expect(out).toMatch(/database/i);
    expect(out).toMatch(/ECONNREFUSED/);
    expect(out).not.toContain("secretpw");
  }, 60_000);

  it("a DATA_DIR that cannot be written (a path under a regular file: refused even to root)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-ops-"));
    const file = path.join(dir, "not-a-folder");
    fs.writeFileSync(file, "x");
    const out = await refusal({ DATA_DIR: path.join(file, "data"), DATABASE_URL: `file:${path.join(dir, "app.sqlite")}` });
    expect(out).toMatch(/DATA_DIR/);
    expect(out).toMatch(/ENOTDIR/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("the port in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      for (const workers of ["1", "2"]) {
        const out = await refusal({ PORT: String(port), SEED_DEMO: "no", WEB_CONCURRENCY: workers });
        expect(out).toMatch(new RegExp(`port ${port} .*in use`));
      }
    } finally {
      blocker.close();
    }
  }, 60_000);

  // SQLite only: the test reopens the first server's database, and on PostgreSQL startServer drops it at stop().
  it.skipIf(onPostgres)(
    "demo accounts in a production database, unless ALLOW_DEMO_ACCOUNTS=1",
    async () => {
      // A database that was used in development: it has the demo staff with the published password.
      const dev = await startServer({ NODE_ENV: "development", SEED_DEMO: "yes" });
      await dev.stop();
      const env = { DATA_DIR: dev.dataDir, DATABASE_URL: dev.databaseUrl, SEED_DEMO: "auto" };
      const out = await refusal(env);
      expect(out).toContain("admin@example.org");
      expect(out).toContain("ALLOW_DEMO_ACCOUNTS=1");
      expect(out).not.toContain("demo-password");
      const allowed = await startServer({ ...env, ALLOW_DEMO_ACCOUNTS: "1" });
      try {
        expect(allowed.output()).toMatch(/WARNING: .*demo staff accounts/);
        expect(allowed.output()).not.toContain("demo-password");
      } finally {
        await allowed.stop();
      }
    },
    60_000,
  );
});

describe("startup sweeps what a crash left behind", () => {
  it("removes .part files older than the start and stored files no row refers to, and says how many", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-ops-"));
    const tmp = path.join(dataDir, "tmp");
    const files = path.join(dataDir, "files");
    fs.mkdirSync(tmp);
    fs.mkdirSync(files);
    const old = new Date(Date.now() - 60 * 60 * 1000);
    for (let i = 0; i < 3; i++) {
      // Old as well as from before the start: on PostgreSQL, where instances may share DATA_DIR, both are required.
      fs.writeFileSync(path.join(tmp, `1-${i}.part`), "partial");
      fs.utimesSync(path.join(tmp, `1-${i}.part`), old, old);
    }
    const orphan = path.join(files, "a".repeat(64));
    const recentOrphan = path.join(files, "b".repeat(64));
    fs.writeFileSync(orphan, "no row");
    fs.writeFileSync(recentOrphan, "maybe another instance's upload under way");
    fs.utimesSync(orphan, old, old);
    const server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: "no" });
    try {
      // SQLite: one server per file sweeps before it listens, so even a recent orphan is litter. PostgreSQL: instances
      // may share DATA_DIR, so a recent one may be another instance's upload under way and stays.
      const swept = onPostgres ? "1 stored file" : "2 stored files";
      expect(server.output()).toMatch(new RegExp(`swept 3 temporary upload files and ${swept} with no record`));
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(fs.existsSync(orphan)).toBe(false);
      expect(fs.existsSync(recentOrphan)).toBe(onPostgres);
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("observing it", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "no", LOG_REQUESTS: "1" });
  });
  afterAll(() => server?.stop());

  it("/healthz answers without the database; /readyz reports the database and the outbox as JSON", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const db = createDb(server.databaseUrl);
    try {
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      const message = (status: OutboxStatus, minutesAgo: number) => ({
        to_address: "x@example.org",
        subject: "s",
        html: "h",
        text: "t",
        created_at: at(minutesAgo),
        status,
        next_attempt_at: at(minutesAgo),
      });
      await db
        .insertInto("outbox")
        .values([message("pending", 20), message("pending", 1), message("dead", 90), message("sent", 200)])
        .execute();
    } finally {
      await db.destroy();
    }
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("Cache-Control")).toBe("no-store");
    const body = await ready.json();
    expect(body.database).toBe("ok");
    expect(body.outbox.dead).toBe(1);
    expect(body.outbox.oldestPendingSeconds).toBeGreaterThanOrEqual(20 * 60 - 5);
    expect(body.outbox.oldestPendingSeconds).toBeLessThan(21 * 60);
  });

  it("LOG_REQUESTS=1 writes one JSON line per request: method, route, status, duration; no query, no address", async () => {
    await (await fetch(`${server.url}/track?code=SK-2026-000001&email=secret%40example.org`)).arrayBuffer();
    await sleep(200);
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const track = lines.find((l) => l.route === "routes/track");
    expect(track, server.output()).toBeDefined();
    expect(track).toMatchObject({ method: "GET", route: "routes/track", status: 200 });
    expect(typeof track!.ms).toBe("number");
    expect(server.output()).not.toMatch(/secret(@|%40)example/);
    expect(server.output()).not.toContain("SK-2026-000001");
    expect(server.output()).not.toMatch(/127\.0\.0\.1"/);
  });
});
