/**
 * The physical floor: plain node:http in a worker thread of the bench process (its own event loop, so the
 * load generator in the main thread does not stall it), running the very SQL statements the measured page ran
 * (captured from the app's loaders) as prepared better-sqlite3 statements, and rendering their rows as tables
 * with React's renderToString. Nothing else: no router, no middleware, no layout, no serialised loader data.
 */
import { Worker } from "node:worker_threads";

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

export interface PhysicalFloor {
  url: string;
  stop: () => Promise<void>;
}

/** Starts a floor server for one page's queries; resolves with its address. */
export function startPhysicalFloor(dbFile: string, queries: CapturedQuery[], title: string): Promise<PhysicalFloor> {
  const worker = new Worker(new URL("./physical-floor.worker.mjs", import.meta.url), { workerData: { dbFile, queries, title } });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (msg: { url: string }) => {
      resolve({ url: msg.url, stop: () => worker.terminate().then(() => undefined) });
    });
  });
}
