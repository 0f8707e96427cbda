/**
 * How long a send may take, and how long a sender's claim on an outbox row lasts: one place, because they
 * only work together. A row is claimed with a lease; if the lease ran out while the message was still on its
 * way, a second sender (another process or instance) would claim it and deliver it again. So the longest a
 * single SMTP conversation can last with these timeouts must stay below the lease, and on top of that the
 * sender renews the lease while a message is in flight (LEASE_RENEW_MS), so even a send that somehow outlives
 * its timeouts is not claimed twice. nodemailer's own defaults (2 minutes to connect, 10 minutes of socket
 * silence) were longer than the old 60-second lease: a slow server delivered the same receipt twice.
 */

/** nodemailer SMTP timeouts, in milliseconds (passed on every transport built from SMTP_URL). */
export const SMTP_TIMEOUTS = {
  /** resolving the server's name */
  dnsTimeout: 10_000,
  /** TCP (and TLS) connection established */
  connectionTimeout: 15_000,
  /** the server's 220 greeting after connecting */
  greetingTimeout: 15_000,
  /** silence on the socket at any later step (each command's reply, the end of the message) */
  socketTimeout: 30_000,
} as const;

/**
 * Replies a sender waits for after the greeting: EHLO, AUTH (up to two round trips), MAIL FROM, RCPT TO,
 * DATA, end of message. Each may use up a whole socketTimeout.
 */
const ROUND_TRIPS = 7;

/** The longest one message can take with the timeouts above: 10 + 15 + 15 + 7 × 30 = 250 s. */
export const SEND_WORST_CASE_MS =
  SMTP_TIMEOUTS.dnsTimeout + SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + ROUND_TRIPS * SMTP_TIMEOUTS.socketTimeout;

/** A sender's claim on a row: longer than the worst send, short enough that a crashed sender's rows go out soon. */
export const LEASE_MS = 5 * 60_000;

/** While a message is in flight its lease is pushed forward this often (three renewals per lease). */
export const LEASE_RENEW_MS = LEASE_MS / 3;

if (SEND_WORST_CASE_MS >= LEASE_MS) throw new Error("outbox lease must outlast the slowest SMTP send");
