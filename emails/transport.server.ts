/**
 * Where mail goes: SMTP_URL through nodemailer, or, with no SMTP_URL outside production,
 * files in data/mail/ that the development-only page /dev/mail lists.
 */
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { SMTP_TIMEOUTS } from "./timing";

export interface MailTransport {
  send(message: { from: string; to: string; subject: string; html: string; text: string }): Promise<void>;
}

/**
 * SMTP through nodemailer with the timeouts of `timing.ts` (set as URL parameters, which nodemailer reads as
 * transport options; ours replace any in SMTP_URL because the outbox lease depends on them). Each message opens
 * its own connection, so the sender's parallel sends do not queue behind a slow one.
 */
export function smtpTransport(url: string, timeouts: Partial<Record<keyof typeof SMTP_TIMEOUTS, number>> = {}): MailTransport {
  const withTimeouts = new URL(url);
  for (const [key, value] of Object.entries({ ...SMTP_TIMEOUTS, ...timeouts })) withTimeouts.searchParams.set(key, String(value));
  const transporter = nodemailer.createTransport(withTimeouts.toString());
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
  };
}

export function mailDir(dataDir: string): string {
  return path.resolve(dataDir, "mail");
}

export function fileTransport(dir: string): MailTransport {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await stream.sendMail(message);
      await fs.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const base = `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
      await fs.writeFile(path.join(dir, `${base}.eml`), info.message as Buffer);
      await fs.writeFile(
        path.join(dir, `${base}.json`),
        JSON.stringify({ to: message.to, subject: message.subject, text: message.text, at: new Date().toISOString() }, null, 2),
      );
    },
  };
}
