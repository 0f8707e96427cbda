/**
 * The page cache's version check on SQLite (db/wal-index.ts): the WAL index says whether anything committed since
 * the last look, so the hit path reads the database only then. Real database files, a writer on another connection
 * and in another process; a missed commit would be a stale page, so every commit is checked to be seen.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sharedMapAvailable, watchWalIndex, watchWalIndex as watchOf } from "../../db/wal-index";
import { createDb } from "../../db/client";
import { publicPagesVersionReader } from "~/utils/page-cache-http.server";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-wal-index-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database with the public version at `version`, in WAL mode or with a rollback journal (no WAL index). */
function database(journal: "WAL" | "DELETE", version = 1) {
  const file = path.join(dir, `${journal}.sqlite`);
  const db = new SQLite(file);
  db.pragma(`journal_mode = ${journal}`);
  db.exec(
    `CREATE TABLE public_state (key TEXT PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO public_state VALUES ('pages', ${version})`,
  );
  return { file, db, bump: () => db.prepare("UPDATE public_state SET version = version + 1 WHERE key = 'pages'").run() };
}
const walDatabase = () => database("WAL");

/** db/native's module is built by `npm install` where a C compiler is at hand; CI insists that it was (.ci/run). */
const mapping = sharedMapAvailable() || process.env.REQUIRE_SHARED_MAP === "1";

describe("the WAL index watch's source", () => {
  it.skipIf(!mapping)("is a shared mapping of the file: no system call per look", () => {
    const { file, db } = walDatabase();
    const watch = watchWalIndex(file)!;
    expect(watch.source).toBe("mapping");
    watch.close();
    const read = watchWalIndex(file, { map: false })!;
    expect(read.source).toBe("pread");
    read.close();
    db.close();
  });

  it("is a read of the file when the caller asks so", () => {
    const { file, db } = walDatabase();
    const watch = watchWalIndex(file, { map: false })!;
    expect(watch.source).toBe("pread");
    watch.close();
    db.close();
  });
});

/**
 * Whether another process could take an exclusive lock on SQLite's "DMS" byte of the -shm file (byte 128 in SQLite's
 * unix VFS), which every open connection holds shared: a process that gets it takes the shared memory for abandoned
 * and rebuilds it under the connections still using it.
 */
function shmLockIsFree(file: string): boolean {
  const script = [
    "import fcntl, os, sys",
    "fd = os.open(sys.argv[1], os.O_RDWR)",
    "try:",
    "    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)",
    "except (BlockingIOError, PermissionError):",
    "    sys.exit(3)",
  ].join("\n");
  const probe = spawnSync("python3", ["-c", script, `${file}-shm`], { encoding: "utf8" });
  // Free (0) or held (3); anything else is a probe that did not run, not an answer.
  if (probe.error || (probe.status !== 0 && probe.status !== 3))
    throw new Error(`the lock probe failed: ${probe.error?.message ?? probe.stderr}`);
  return probe.status === 0;
}

describe.each([{ map: true }, { map: false }])("the WAL index watch (%o)", (options) => {
  const watchWalIndex = (file: string) => {
    const watch = watchOf(file, options);
    if (watch && mapping) expect(watch.source).toBe(options.map ? "mapping" : "pread");
    return watch;
  };

  it("leaves the connection's lock on the -shm file held, while watching and after the watch's first look", () => {
    const { file, db } = walDatabase();
    expect(shmLockIsFree(file)).toBe(false);
    const watch = watchWalIndex(file)!;
    watch.changed();
    expect(shmLockIsFree(file)).toBe(false);
    // The probe can tell: closing any descriptor of the file (the mistake this guards against) frees the lock.
    fs.closeSync(fs.openSync(`${file}-shm`, "r"));
    expect(shmLockIsFree(file)).toBe(true);
    watch.close();
    db.close();
  });

  it("reports a change on its first look, then none while nothing commits, reads included", () => {
    const { file, db } = walDatabase();
    const watch = watchWalIndex(file)!;
    expect(watch).not.toBeNull();
    expect(watch.changed()).toBe(true);
    for (let i = 0; i < 20; i++) {
      db.prepare("SELECT version FROM public_state").get();
      expect(watch.changed()).toBe(false);
    }
    watch.close();
    db.close();
  });

  it("sees every commit of another connection, once", () => {
    const { file, db, bump } = walDatabase();
    const watch = watchWalIndex(file)!;
    watch.changed();
    for (let i = 0; i < 300; i++) {
      bump();
      expect(watch.changed()).toBe(true);
      expect(watch.changed()).toBe(false);
    }
    watch.close();
    db.close();
  });

  it("sees a commit after the WAL was checkpointed and restarted from its beginning", () => {
    const { file, db, bump } = walDatabase();
    const watch = watchWalIndex(file)!;
    db.pragma("wal_checkpoint(TRUNCATE)");
    bump();
    watch.changed();
    // Everything is copied back; the next commit then writes the WAL from frame 1 again, as the one before did:
    // the same frame count, the same size of file.
    db.pragma("wal_checkpoint(PASSIVE)");
    watch.changed();
    for (let i = 0; i < 5; i++) {
      bump();
      expect(watch.changed()).toBe(true);
      db.pragma("wal_checkpoint(PASSIVE)");
      watch.changed();
    }
    watch.close();
    db.close();
  });

  it("sees a commit made by another process", () => {
    const { file, db } = walDatabase();
    const watch = watchWalIndex(file)!;
    watch.changed();
    const script = `const S = require("better-sqlite3"); const d = new S(process.argv[1]);
      d.prepare("UPDATE public_state SET version = version + 1 WHERE key = 'pages'").run(); d.close();`;
    for (let i = 0; i < 3; i++) {
      execFileSync(process.execPath, ["-e", script, file], { cwd: process.cwd() });
      expect(watch.changed()).toBe(true);
      expect(watch.changed()).toBe(false);
    }
    watch.close();
    db.close();
  });

  it("reports a change again after the caller forgets what it saw", () => {
    const { file, db } = walDatabase();
    const watch = watchWalIndex(file)!;
    watch.changed();
    expect(watch.changed()).toBe(false);
    watch.forget();
    expect(watch.changed()).toBe(true);
    watch.close();
    db.close();
  });

  it("cannot watch a database without a WAL index", () => {
    const { file, db } = database("DELETE");
    expect(watchWalIndex(file)).toBeNull();
    db.close();
  });
});

describe("the hit path's version reader on SQLite", () => {
  it("answers each commit's version at the next call", () => {
    const { file, db, bump } = walDatabase();
    const app = createDb(`file:${file}`);
    const read = publicPagesVersionReader(app, `file:${file}`) as () => number;
    expect(read()).toBe(1);
    for (let v = 2; v < 50; v++) {
      bump();
      expect(read()).toBe(v);
    }
    // A write no public page shows still commits: the version is read again and is unchanged.
    db.exec("CREATE TABLE other (x); INSERT INTO other VALUES (1)");
    expect(read()).toBe(49);
    db.close();
    void app.destroy();
  });

  it("reads the version on every call when the database keeps no WAL index", () => {
    const { file, db, bump } = database("DELETE", 5);
    const read = publicPagesVersionReader(null as never, `file:${file}`) as () => number;
    expect(read()).toBe(5);
    bump();
    expect(read()).toBe(6);
    db.close();
  });
});
