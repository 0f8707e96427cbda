/**
 * A real SMTP server on loopback (smtp-server) that parses what it receives with mailparser.
 * Its built-in STARTTLS certificate has expired, so STARTTLS is disabled.
 *
 * A test can make it behave like a real mail server on a bad day: `reject` answers RCPT TO for those
 * addresses with a reply code (550 by default: "no such mailbox"), and `stall` holds the reply to a message
 * for one of those addresses for some milliseconds after its data has arrived, as a slow server does.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** resolves when at least `count` messages have arrived */
  waitFor: (count: number, timeoutMs?: number) => Promise<ParsedMail[]>;
  /** the recipients of the accepted messages, one entry per delivery, in arrival order */
  recipients: () => string[];
  close: () => Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  /** recipient address (lower case) → SMTP reply code for RCPT TO */
  reject?: Record<string, number>;
  /** recipient address (lower case) → milliseconds to hold the reply once the message's data is in */
  stall?: Record<string, number>;
}

export async function startSmtpSink(portOrOptions: number | SmtpSinkOptions = 0): Promise<SmtpSink> {
  const opts: SmtpSinkOptions = typeof portOrOptions === "number" ? { port: portOrOptions } : portOrOptions;
  const messages: ParsedMail[] = [];
  const delivered: string[] = [];
  // held replies, answered with a failure if the sink closes first (so close() need not wait for them)
  const held = new Map<NodeJS.Timeout, (err?: Error) => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = opts.reject?.[address.address.toLowerCase()];
      if (!code) return callback();
      const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: code });
      callback(err);
    },
    onData(stream, session, callback) {
      const rcpts = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
      const hold = Math.max(0, ...rcpts.map((a) => opts.stall?.[a] ?? 0));
      simpleParser(stream)
        .then((mail) => {
          const accept = () => {
            messages.push(mail);
            delivered.push(...rcpts);
            callback();
          };
          if (!hold) return accept();
          const timer = setTimeout(() => {
            held.delete(timer);
            accept();
          }, hold);
          held.set(timer, callback);
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    messages,
    recipients: () => [...delivered],
    async waitFor(count, timeoutMs = 15_000) {
      const start = Date.now();
      while (messages.length < count) {
        if (Date.now() - start > timeoutMs) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [timer, reply] of held) {
          clearTimeout(timer);
          reply(Object.assign(new Error("closing"), { responseCode: 421 }));
        }
        held.clear();
        server.close(() => resolve());
      }),
  };
}
