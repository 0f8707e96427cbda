/**
 * Reading the mail the development file transport wrote to DATA_DIR/mail (see emails/transport.server.ts):
 * one `<stamp>-<random>.json` (to, subject, text, at) and one `.eml` per message.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { mailDir } from "../../emails/transport.server";
import { getEnv } from "./env.server";
import { httpError } from "./http.server";

export interface CapturedMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  at: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,120}$/;

/** The development mailbox does not exist in production: 404, as if there were no such page. */
export function requireDevelopment(): void {
  if (getEnv().NODE_ENV === "production") throw httpError(404, "not_found");
}

async function readMeta(dir: string, id: string): Promise<CapturedMail | null> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), "utf8")) as Partial<CapturedMail>;
    return { id, to: String(json.to ?? ""), subject: String(json.subject ?? ""), text: String(json.text ?? ""), at: json.at ?? null };
  } catch {
    return null;
  }
}

export async function listCapturedMail(limit = 200): Promise<CapturedMail[]> {
  const dir = mailDir(getEnv().DATA_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  // File names start with an ISO time stamp, so the name order is the time order.
  const ids = names
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5))
    .filter((id) => ID.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  const mails = await Promise.all(ids.map((id) => readMeta(dir, id)));
  return mails.filter((m): m is CapturedMail => m !== null);
}

export async function readCapturedMail(id: string): Promise<(CapturedMail & { raw: string | null }) | null> {
  if (!ID.test(id)) return null;
  const dir = mailDir(getEnv().DATA_DIR);
  const meta = await readMeta(dir, id);
  if (!meta) return null;
  const raw = await fs.readFile(path.join(dir, `${id}.eml`), "utf8").catch(() => null);
  return { ...meta, raw };
}
