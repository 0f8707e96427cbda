/**
 * PostgreSQL only (several app servers share one database only on PostgreSQL; SQLite serves one machine): two
 * real servers, each with its own data folder, on one database and one mail server that answers slowly.
 * Submissions go through both; every receipt arrives exactly once; an attachment sent through one is
 * downloaded through the other; a staff session from one is valid on the other; the hourly submission limit
 * counts across both.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { onPostgres } from "../setup/db";
import { startServer, type RunningServer } from "../setup/server";
import { startSmtpSink, type SmtpSink } from "../setup/smtp";
import { newSubmitKey, pdfBytes, VALID } from "../integration/submit-fixtures";

const LIMIT = 6;
const address = (i: number) => `nguoi.gui.${i}@example.com`;

describe.skipIf(!onPostgres)("two servers on one PostgreSQL database", () => {
  let a: RunningServer;
  let b: RunningServer;
  let sink: SmtpSink;
  // Several megabytes: many chunks in the database, and a file neither server has on its disk.
  const attachment = Buffer.concat([pdfBytes("nhiều máy chủ"), crypto.randomBytes(3 * 1024 * 1024 + 12345)]);

  beforeAll(async () => {
    // A slow mail server: each receipt's reply is held, as a busy server does, while both instances send.
    sink = await startSmtpSink({ stall: Object.fromEntries(Array.from({ length: LIMIT }, (_, i) => [address(i), 1500])) });
    const env = { SMTP_URL: sink.url, OUTBOX_INTERVAL_MS: "100", SUBMISSION_RATE_LIMIT: String(LIMIT), SEED_DEMO: "yes" };
    a = await startServer(env);
    b = await startServer({ ...env, DATABASE_URL: a.databaseUrl });
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await sink?.close();
    for (const s of [a, b]) if (s) fs.rmSync(s.dataDir, { recursive: true, force: true });
  });

  function submit(server: RunningServer, i: number, withFile = false) {
    const fd = new FormData();
    fd.set("submitKey", newSubmitKey());
    for (const [k, v] of Object.entries({ ...VALID, "author.email": address(i) })) fd.append(k, v);
    if (withFile) fd.append("attachments", new File([new Uint8Array(attachment)], "số liệu.pdf", { type: "application/pdf" }));
    else fd.append("attachments", new File([], ""), "");
    return fetch(`${server.url}/submit`, { method: "POST", body: fd, redirect: "manual" });
  }

  it("takes submissions through both, mails every receipt exactly once, and counts the limit across both", async () => {
    const answers = await Promise.all(Array.from({ length: LIMIT }, (_, i) => submit(i % 2 ? b : a, i, i === 0)));
    expect(answers.map((r) => r.status)).toEqual(Array(LIMIT).fill(302));
    await Promise.all(answers.map((r) => r.arrayBuffer()));
    // The limit is rows in the shared database: the next one is refused on either server.
    for (const s of [a, b]) {
      const over = await submit(s, 99);
      await over.arrayBuffer();
      expect(over.status).toBe(429);
    }
    // The demo's own mail goes out too: wait for these receipts by their addresses.
    const receipts = () => sink.recipients().filter((r) => r.startsWith("nguoi.gui."));
    const until = Date.now() + 45_000;
    while (new Set(receipts()).size < LIMIT && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    // Long enough for a second send of any of them to have arrived (each reply is held 1.5 s).
    await new Promise((r) => setTimeout(r, 4000));
    expect(receipts().sort()).toEqual(Array.from({ length: LIMIT }, (_, i) => address(i)).sort());
    const db = createDb(a.databaseUrl);
    try {
      const rows = await db.selectFrom("outbox").select(["to_address", "status"]).where("to_address", "like", "nguoi.gui.%").execute();
      expect(rows.map((r) => r.status)).toEqual(Array(LIMIT).fill("sent"));
    } finally {
      await db.destroy();
    }
  }, 90_000);

  it("serves a file sent through one server from the other, to a staff session signed in on the first", async () => {
    const db = createDb(a.databaseUrl);
    let url: string;
    try {
      const file = await db
        .selectFrom("attachments")
        .innerJoin("initiatives", "initiatives.id", "attachments.initiative_id")
        .select(["attachments.id", "attachments.sha256", "initiatives.code"])
        .where("attachments.filename", "=", "số liệu.pdf")
        .executeTakeFirstOrThrow();
      expect(file.sha256).toBe(crypto.createHash("sha256").update(attachment).digest("hex"));
      // Neither server keeps it on its disk: the bytes are in the database.
      for (const s of [a, b]) expect(fs.existsSync(`${s.dataDir}/files/${file.sha256}`)).toBe(false);
      url = `/staff/initiatives/${file.code}/files/${file.id}`;
    } finally {
      await db.destroy();
    }
    const login = await fetch(`${a.url}/staff/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "secretary@example.org", password: "demo-password", redirectTo: "/staff" }),
    });
    await login.arrayBuffer();
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect((await fetch(`${b.url}${url}`, { redirect: "manual" })).status).not.toBe(200);
    const res = await fetch(`${b.url}${url}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Length")).toBe(String(attachment.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(attachment)).toBe(true);
  }, 60_000);
});
