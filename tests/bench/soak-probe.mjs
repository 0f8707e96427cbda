// Loaded only into the soak benchmark's server (NODE_OPTIONS="--expose-gc --import …"): on SIGUSR2 it collects
// garbage and writes process.memoryUsage() to SOAK_PROBE_FILE. Nothing of it exists in the app or in production.
import fs from "node:fs";

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    globalThis.gc?.();
    fs.writeFileSync(`${file}.part`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    fs.renameSync(`${file}.part`, file);
  });
}
