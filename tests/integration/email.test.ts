/**
 * The receipt through a real SMTP server on loopback (smtp-server + mailparser): it carries the code and
 * a working private link; with the SMTP server down the submission still succeeds, the failed attempt
 * is recorded, and the mail goes out once the server is up. Also the development mailbox (/dev/mail).
 */
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../emails/sender.server";
import { fileTransport, smtpTransport } from "../../emails/transport.server";
import { trackingToken } from "~/utils/tokens.server";
import { createTestDb, type TestDb } from "../setup/db";
import { createTestApp, type TestApp } from "../setup/app";
import { startSmtpSink } from "../setup/smtp";
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
