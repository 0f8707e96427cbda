/**
 * Imported first by run.ts, before React or the app build load: the bench process renders in production mode
 * (as the server does) and reads the server's sessions with the same secret.
 */
export const BENCH_SECRET = "bench-session-secret-of-32-bytes-or-more";
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET = BENCH_SECRET;
export const BENCH_TRACKING_SECRET = "bench-tracking-secret-of-at-least-32-bytes";
process.env.TRACKING_SECRET = BENCH_TRACKING_SECRET;
// The bench process sends no mail; production's check (SMTP_URL or OUTBOX_INTERVAL_MS=0) would refuse its env.
process.env.OUTBOX_INTERVAL_MS = "0";
