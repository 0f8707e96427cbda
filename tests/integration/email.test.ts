/**
 * The receipt through a real SMTP server on loopback (smtp-server + mailparser): it carries the code and
 * a working private link; with the SMTP server down the submission still succeeds, the failed attempt
 * is recorded, and the mail goes out once the server is up. Also the development mailbox (/dev/mail).
 */
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "../../db/client";
import { enqueueEmail } from "../../emails/outbox.server";
import { backoffMs, deliverDue, MAX_ATTEMPTS } from "../../app/models/outbox/sender.server";
import { LEASE_MS, SEND_WORST_CASE_MS, SMTP_TIMEOUTS } from "../../emails/timing";
import { createInitiative } from "~/models/initiative/initiatives.server";
import { fileTransport, smtpTransport } from "../../emails/transport.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { startSmtpSink } from "../setup/smtp";
import { submission } from "./review-fixtures";
import { submissionForm, unescapeHtml } from "./submit-fixtures";

let t: TestDb;
let app: TestApp;
let dataDir: string;
const FROM = "Sáng kiến CCHC <no-reply@sangkien.test>";

beforeAll(async () => {
  t = await createTestDb();
  dataDir = path.join(t.dir, "data");
  process.env.DATA_DIR = dataDir;
  app = await createTestApp(t.db);
});
afterAll(() => t.cleanup());

let ip = 0;
async function submit(email: string, lang: "vi" | "en" = "vi") {
  const res = await app.fetch("/submit", {
    method: "POST",
    body: submissionForm({ "author.email": email }),
    ip: `192.0.2.${++ip}`,
    headers: { Cookie: `lang=${lang}` },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return t.db.selectFrom("initiatives").selectAll().where("submit_key", "!=", "").orderBy("id", "desc").executeTakeFirstOrThrow();
}

/** A port nobody listens on (for the "server down" case); released right away, used moments later. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("the receipt email", () => {
  it("arrives with the code, the due date and a private link that works, in the submitter's language", async () => {
    const sink = await startSmtpSink();
    try {
      const row = await submit("receipt@example.com", "en");
      const result = await deliverDue(t.db, smtpTransport(sink.url), FROM);
      expect(result).toEqual({ sent: 1, failed: 0 });
      const [mail] = await sink.waitFor(1);
      expect(mail.to && "text" in mail.to ? mail.to.text : "").toContain("receipt@example.com");
      expect(mail.subject).toBe(`[${row.code}] Receipt for your initiative`);
      expect(mail.text).toContain(row.code);
      expect(mail.html || "").toContain(row.code);
      expect(mail.text).toContain(row.due_on.split("-").reverse().join("/"));
      const link = /https?:\/\/\S+\/track\/SK-\d{4}-\d{6}\?t=[\w-]+/.exec(mail.text ?? "")?.[0];
      expect(link).toBeTruthy();
      const url = new URL(link!);
      expect(url.pathname).toBe(`/track/${row.code}`);
      const page = await app.fetch(url.pathname + url.search);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(row.code);
      const attempts = await t.db.selectFrom("outbox_attempts").selectAll().execute();
      expect(attempts.map((a) => a.ok)).toEqual([1]);
    } finally {
      await sink.close();
    }
  });

  it("survives a dead SMTP server: the submission succeeds, the failure is recorded, the mail goes out later", async () => {
    const port = await closedPort();
    const row = await submit("later@example.com");
    expect(row.status).toBe("submitted");
    const down = await deliverDue(t.db, smtpTransport(`smtp://127.0.0.1:${port}`), FROM);
    expect(down).toEqual({ sent: 0, failed: 1 });
    const pending = await t.db.selectFrom("outbox").selectAll().where("to_address", "=", "later@example.com").executeTakeFirstOrThrow();
    expect(pending.status).toBe("pending");
    expect(pending.attempts).toBe(1);
    expect(pending.last_error).toBeTruthy();
    const failed = await t.db.selectFrom("outbox_attempts").selectAll().where("outbox_id", "=", pending.id).execute();
    expect(failed.map((a) => a.ok)).toEqual([0]);

    const sink = await startSmtpSink(port);
    try {
      // Not before its back-off is over…
      expect(await deliverDue(t.db, smtpTransport(sink.url), FROM)).toEqual({ sent: 0, failed: 0 });
      // …then delivered.
      const later = new Date(Date.now() + 60_000);
      expect(await deliverDue(t.db, smtpTransport(sink.url), FROM, later)).toEqual({ sent: 1, failed: 0 });
      const [mail] = await sink.waitFor(1);
      expect(mail.text).toContain(row.code);
      const sent = await t.db.selectFrom("outbox").selectAll().where("id", "=", pending.id).executeTakeFirstOrThrow();
      expect([sent.status, sent.attempts]).toEqual(["sent", 2]);
    } finally {
      await sink.close();
    }
  });
});

describe("the development mailbox", () => {
  it("lists the mail written to data/mail, newest first, with a detail view", async () => {
    const first = await submit("first@example.com");
    await deliverDue(t.db, fileTransport(path.join(dataDir, "mail")), FROM);
    await new Promise((r) => setTimeout(r, 5));
    const second = await submit("second@example.com");
    await deliverDue(t.db, fileTransport(path.join(dataDir, "mail")), FROM);

    const res = await app.fetch("/dev/mail");
    expect(res.status).toBe(200);
    const html = unescapeHtml(await res.text());
    const i1 = html.indexOf(first.code);
    const i2 = html.indexOf(second.code);
    expect(i1).toBeGreaterThan(-1);
    expect(i2).toBeGreaterThan(-1);
    expect(i2).toBeLessThan(i1);
    expect(html).toContain("second@example.com");
    const id = /href="\/dev\/mail\/([\w-]+)"/.exec(html)![1];
    const detail = await app.fetch(`/dev/mail/${id}`);
    expect(detail.status).toBe(200);
    expect(unescapeHtml(await detail.text())).toContain(`/track/${second.code}?t=${trackingToken(second.code, second.link_version)}`);
    expect((await app.fetch("/dev/mail/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    expect((await app.fetch("/dev/mail/nothing-here")).status).toBe(404);
  });
});

describe("delivering the outbox", () => {
  let o: TestDb;
  beforeAll(async () => {
    o = await createTestDb();
  });
  afterAll(() => o.cleanup());

  async function fresh(addresses: string[]) {
    await o.db.deleteFrom("outbox").execute();
    for (const to of addresses) {
      await enqueueEmail(o.db, { to, subject: `Hello ${to}`, html: `<p>${to}</p>`, text: to, dedupeKey: `t:${to}:${Math.random()}` });
    }
  }
  const rowFor = (to: string) => o.db.selectFrom("outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
  /** until a sender has claimed the row (its lease written), however slow the machine */
  async function claimed(to: string) {
    for (let i = 0; i < 400 && !(await rowFor(to)).lease_owner; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await rowFor(to)).lease_owner).toBeTruthy();
  }
  const attemptsFor = async (to: string) =>
    o.db
      .selectFrom("outbox_attempts")
      .selectAll()
      .where("outbox_id", "=", (await rowFor(to)).id)
      .orderBy("id")
      .execute();

  it("marks a 550 dead at once, logs one line without the mailbox, retries a 450, and delivers the rest", async () => {
    const sink = await startSmtpSink({ reject: { "nobody@example.net": 550, "busy@example.org": 450 } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await fresh(["nobody@example.net", "busy@example.org", "fine@example.com"]);
      expect(await deliverDue(o.db, smtpTransport(sink.url), FROM)).toEqual({ sent: 1, failed: 2 });
      expect(sink.recipients()).toEqual(["fine@example.com"]);

      const dead = await rowFor("nobody@example.net");
      expect([dead.status, dead.attempts, dead.last_error_code]).toEqual(["dead", 1, "550"]);
      expect(dead.last_error).toContain("User unknown");
      const busy = await rowFor("busy@example.org");
      expect([busy.status, busy.attempts, busy.last_error_code]).toEqual(["pending", 1, "450"]);
      expect((await attemptsFor("nobody@example.net")).map((a) => [a.ok, a.error?.slice(0, 4)])).toEqual([[0, "550:"]]);

      const lines = logged.mock.calls.map((c) => c.map(String).join(" "));
      expect(lines).toHaveLength(2);
      const deadLine = lines.find((l) => l.includes(`id=${dead.id} `))!;
      expect(deadLine).toMatch(/^outbox send failed id=\d+ to=\*@example\.net code=550 \(EENVELOPE\) attempt=1\/25 dead: permanent/);
      expect(lines.find((l) => l.includes(`id=${busy.id} `))).toMatch(/code=450 .*retry at /);
      for (const l of lines) {
        expect(l).not.toContain("nobody@");
        expect(l).not.toContain("busy@");
      }
      // Dead is final: a later run does not try it again.
      expect(await deliverDue(o.db, smtpTransport(sink.url), FROM, new Date(Date.now() + 3_600_000))).toEqual({ sent: 0, failed: 1 });
      expect(await attemptsFor("nobody@example.net")).toHaveLength(1);
    } finally {
      logged.mockRestore();
      await sink.close();
    }
  });

  it("backs off 5 s, 10 s, 20 s … up to 15 minutes on its own clock, and gives up after the last attempt", async () => {
    const port = await closedPort();
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await fresh(["later@example.com"]);
      let clock = new Date("2030-01-01T00:00:00.000Z");
      const gaps: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        expect(await deliverDue(o.db, transport, FROM, clock), `attempt ${attempt}`).toEqual({ sent: 0, failed: 1 });
        const row = await rowFor("later@example.com");
        expect(row.attempts).toBe(attempt);
        if (attempt === MAX_ATTEMPTS) {
          expect(row.status).toBe("dead");
          break;
        }
        expect(row.status).toBe("pending");
        const next = new Date(row.next_attempt_at);
        gaps.push(next.getTime() - clock.getTime());
        // not a moment before its time
        expect(await deliverDue(o.db, transport, FROM, new Date(next.getTime() - 1))).toEqual({ sent: 0, failed: 0 });
        clock = next;
      }
      expect(gaps.slice(0, 6)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000]);
      expect(gaps.slice(-3)).toEqual([900_000, 900_000, 900_000]);
      expect(gaps).toEqual(Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1)));
      expect(await attemptsFor("later@example.com")).toHaveLength(MAX_ATTEMPTS);
      expect(await deliverDue(o.db, transport, FROM, new Date("2031-01-01T00:00:00Z"))).toEqual({ sent: 0, failed: 0 });
      const lines = logged.mock.calls.map((c) => c.map(String).join(" "));
      expect(lines).toHaveLength(MAX_ATTEMPTS);
      expect(lines.at(-1)).toMatch(new RegExp(`attempt=${MAX_ATTEMPTS}/${MAX_ATTEMPTS} dead: ${MAX_ATTEMPTS} attempts`));
    } finally {
      logged.mockRestore();
    }
  });

  it("does not let one stalled message hold back the others", async () => {
    const stallMs = 4_000;
    const sink = await startSmtpSink({ stall: { "slow@example.org": stallMs } });
    try {
      const others = Array.from({ length: 9 }, (_, i) => `r${i}@example.com`);
      await fresh(["slow@example.org", ...others]);
      const started = Date.now();
      const run = deliverDue(o.db, smtpTransport(sink.url), FROM);
      await sink.waitFor(9, stallMs);
      expect(Date.now() - started).toBeLessThan(stallMs);
      expect(sink.recipients().sort()).toEqual([...others].sort());
      expect(await run).toEqual({ sent: 10, failed: 0 });
      expect(sink.recipients()).toHaveLength(10);
    } finally {
      await sink.close();
    }
  });

  it("keeps transport timeouts inside the lease, and a server that stops answering is retried, not dropped", async () => {
    expect(SEND_WORST_CASE_MS).toBeLessThan(LEASE_MS);
    expect(SMTP_TIMEOUTS.socketTimeout).toBeLessThan(LEASE_MS);
    const sink = await startSmtpSink({ stall: { "slow@example.org": 5_000 } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await fresh(["slow@example.org"]);
      expect(await deliverDue(o.db, smtpTransport(sink.url, { socketTimeout: 300 }), FROM)).toEqual({ sent: 0, failed: 1 });
      const row = await rowFor("slow@example.org");
      expect([row.status, row.last_error_code]).toEqual(["pending", "ETIMEDOUT"]);
      expect(logged.mock.calls).toHaveLength(1);
    } finally {
      logged.mockRestore();
      await sink.close();
    }
  });

  it("a second sender a minute later, while the first still waits on a slow server, does not send again", async () => {
    const sink = await startSmtpSink({ stall: { "receipt@example.org": 2_000 } });
    try {
      await fresh(["receipt@example.org"]);
      const first = deliverDue(o.db, smtpTransport(sink.url), FROM);
      await claimed("receipt@example.org");
      const second = await deliverDue(o.db, smtpTransport(sink.url), FROM, new Date(Date.now() + 61_000));
      expect(second).toEqual({ sent: 0, failed: 0 });
      expect(await first).toEqual({ sent: 1, failed: 0 });
      expect(sink.recipients()).toEqual(["receipt@example.org"]);
    } finally {
      await sink.close();
    }
  });

  it("two deliveries started at the same moment on two connections send every message once", async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `c${i}@example.com`);
    // every message is slow enough that both senders have claims in flight together
    const sink = await startSmtpSink({ stall: Object.fromEntries(addresses.map((a) => [a, 300])) });
    const other = createDb(o.url);
    try {
      await fresh(addresses);
      const [a, b] = await Promise.all([
        deliverDue(o.db, smtpTransport(sink.url), FROM, { concurrency: 4 }),
        deliverDue(other, smtpTransport(sink.url), FROM, { concurrency: 4 }),
      ]);
      expect(a.sent + b.sent).toBe(addresses.length);
      expect([a.failed, b.failed]).toEqual([0, 0]);
      // both took part, or the test proved nothing about two senders
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      expect(sink.recipients().sort()).toEqual([...addresses].sort());
      const rows = await o.db.selectFrom("outbox").select(["status", "attempts"]).execute();
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    } finally {
      await other.destroy();
      await sink.close();
    }
  });

  it("with an injected clock and maxAttempts=3: retries after 5 s and 10 s, then the message is dead", async () => {
    const port = await closedPort();
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    const lines: string[] = [];
    await fresh(["never@example.com"]);
    let now = new Date("2031-05-01T00:00:00.000Z");
    const options = { now: () => now, maxAttempts: 3, log: (l: string) => lines.push(l) };
    const seen: [string, number, string][] = [];
    for (let i = 0; i < 3; i++) {
      expect(await deliverDue(o.db, transport, FROM, options)).toEqual({ sent: 0, failed: 1 });
      const row = await rowFor("never@example.com");
      seen.push([row.status, row.attempts, row.next_attempt_at]);
      // one millisecond early: nothing is due
      now = new Date(Date.parse(row.next_attempt_at) - 1);
      expect(await deliverDue(o.db, transport, FROM, options)).toEqual({ sent: 0, failed: 0 });
      now = new Date(Date.parse(row.next_attempt_at));
    }
    expect(seen).toEqual([
      ["pending", 1, "2031-05-01T00:00:05.000Z"],
      ["pending", 2, "2031-05-01T00:00:15.000Z"],
      // dead: its next attempt time is left as it was, and no clock brings it back
      ["dead", 3, "2031-05-01T00:00:15.000Z"],
    ]);
    now = new Date("2032-01-01T00:00:00.000Z");
    expect(await deliverDue(o.db, transport, FROM, options)).toEqual({ sent: 0, failed: 0 });
    expect(await attemptsFor("never@example.com")).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/attempt=3\/3 dead: 3 attempts/);
  });

  it("a sender whose lease ran out cannot mark a row another sender has claimed since", async () => {
    const sink = await startSmtpSink({ stall: { "slow@example.org": 1_500 } });
    const other = createDb(o.url);
    const lines: string[] = [];
    try {
      await fresh(["slow@example.org"]);
      // A holds a short lease and, to force the case, never renews it; B claims once it has run out.
      const a = deliverDue(o.db, smtpTransport(sink.url), FROM, { leaseMs: 200, renewMs: 1e9, log: (l) => lines.push(`A ${l}`) });
      await claimed("slow@example.org");
      await new Promise((r) => setTimeout(r, 300));
      const b = deliverDue(other, smtpTransport(sink.url), FROM, { log: (l) => lines.push(`B ${l}`) });
      expect(await a).toEqual({ sent: 1, failed: 0 });
      const between = await rowFor("slow@example.org");
      expect([between.status, between.attempts]).toEqual(["pending", 0]);
      expect(await b).toEqual({ sent: 1, failed: 0 });
      const row = await rowFor("slow@example.org");
      expect([row.status, row.attempts, row.lease_owner]).toEqual(["sent", 1, null]);
      expect(await attemptsFor("slow@example.org")).toHaveLength(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^A outbox lease lost id=\d+ to=\*@example\.org attempt=1/);
    } finally {
      await other.destroy();
      await sink.close();
    }
  });

  it("two sender loops on one database file, leases shorter than a stalled send: every mail delivered exactly once", async () => {
    const sink = await startSmtpSink({ stall: { "slow1@example.org": 1_200, "slow2@example.org": 1_800 } });
    const dbs = [createDb(o.url), createDb(o.url)];
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const addresses = ["slow1@example.org", "slow2@example.org", ...Array.from({ length: 12 }, (_, i) => `m${i}@example.com`)];
      await fresh(addresses);
      let stop = false;
      // Each loop runs like the server's: a call every 20 ms, with a lease far shorter than the slow sends.
      const loop = async (db: (typeof dbs)[number]) => {
        while (!stop) {
          await deliverDue(db, smtpTransport(sink.url), FROM, { leaseMs: 300, concurrency: 2 });
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const loops = dbs.map(loop);
      await sink.waitFor(addresses.length, 10_000);
      // longer than the lease again, for any late duplicate to show
      await new Promise((r) => setTimeout(r, 800));
      stop = true;
      await Promise.all(loops);
      expect(sink.recipients().sort()).toEqual([...addresses].sort());
      const rows = await o.db.selectFrom("outbox").select(["status", "attempts"]).execute();
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
      expect(await o.db.selectFrom("outbox_attempts").select("ok").execute()).toHaveLength(addresses.length);
      expect(logged.mock.calls).toEqual([]);
    } finally {
      logged.mockRestore();
      await Promise.all(dbs.map((d) => d.destroy()));
      await sink.close();
    }
  });
});

describe("the statutory due date in the receipt", () => {
  // Submitted at a given instant through the model (the route takes the real clock), mailed through SMTP.
  async function receiptAt(iso: string, email: string) {
    const created = await createInitiative(
      t.db,
      submission({ author: { fullName: "Lê Văn Hạn", email, phone: "0912345678", organisation: "", share: 100 }, coAuthors: [] }),
      [],
      { submitKey: `clock-${iso}`, now: new Date(iso) },
    );
    const sink = await startSmtpSink();
    try {
      const due = new Date(Math.max(Date.now(), Date.parse(iso)) + 1000);
      expect(await deliverDue(t.db, smtpTransport(sink.url), FROM, due)).toEqual({ sent: 1, failed: 0 });
      const [mail] = await sink.waitFor(1);
      return {
        row: await t.db.selectFrom("initiatives").select(["code", "due_on"]).where("id", "=", created.id).executeTakeFirstOrThrow(),
        mail,
      };
    } finally {
      await sink.close();
    }
  }

  it("counts three months from the Hà Nội date: 06:30 on 1 March is due on 1 June", async () => {
    const { row, mail } = await receiptAt("2026-02-28T23:30:00Z", "sang-som@example.com");
    expect(row.due_on).toBe("2026-06-01");
    expect(row.code).toMatch(/^SK-2026-/);
    expect(mail.text).toContain("01/06/2026");
    expect(mail.text).not.toContain("28/05/2026");
  });

  it("moves the due date at Hà Nội midnight (17:00 UTC), not at UTC midnight", async () => {
    const before = await receiptAt("2026-03-31T16:59:59Z", "truoc-nua-dem@example.com");
    expect(before.row.due_on).toBe("2026-06-30");
    expect(before.mail.text).toContain("30/06/2026");
    const after = await receiptAt("2026-03-31T17:00:00Z", "sau-nua-dem@example.com");
    expect(after.row.due_on).toBe("2026-07-01");
    expect(after.mail.text).toContain("01/07/2026");
  });

  it("numbers a submission of 06:30 on 1 January in Hà Nội in the new year", async () => {
    const { row } = await receiptAt("2026-12-31T23:30:00Z", "nam-moi@example.com");
    expect(row.code).toMatch(/^SK-2027-/);
    expect(row.due_on).toBe("2027-04-01");
  });
});
