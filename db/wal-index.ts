/**
 * Whether anything has committed to a WAL-mode SQLite database since the last look, without a transaction.
 *
 * SQLite readers start every read transaction by reading the WAL-index header at the start of the database's -shm
 * file; a commit becomes visible to them exactly when the writer rewrites that header (iChange counts transactions,
 * mxFrame and the checksums move with every commit, the salts with every WAL restart). The layout is SQLite's own
 * documented format (https://www.sqlite.org/walformat.html, "The WAL-Index Header"): two 48-byte copies, written
 * second copy first, so equal copies are a consistent header. The file is mapped shared by SQLite, so a read of it
 * sees what the last commit wrote.
 *
 * A read transaction takes shared-memory locks (fcntl calls) and, with several processes reading at once, cost the
 * page cache's hit path about a quarter of its CPU. So the header is read from a mapping of the file's first bytes
 * (db/native: a memory read, as SQLite's own readers do), or, where the mapping is not to be had, with one `pread`
 * (a system call, which on a virtual machine without PCID costs a cached page a fifth of its throughput). Anything
 * this cannot vouch for (no -shm file: another journal mode or exclusive locking; a header being written; one never
 * initialised) counts as a change, so the caller reads the database as before.
 */
import fs from "node:fs";
import { createRequire } from "node:module";

const HEADER = 48;
/** WalIndexHdr.isInit: the header has been written at least once. */
const IS_INIT = 12;

export interface WalIndexWatch {
  /** How the header is read: from a shared mapping of the file, or with a system call per look. */
  readonly source: "mapping" | "pread";
  /** True unless the header is exactly the one seen by the previous call (so the first call is always true). */
  changed(): boolean;
  /** The caller could not read what changed (a busy or failing database): the next call reports a change again. */
  forget(): void;
  /** At the process's exit only: it closes the watch's descriptor of the -shm file (see watchWalIndex). */
  close(): void;
}

/**
 * Watches `file`'s WAL index. Open it after a connection of the caller's has read the database, so the -shm file
 * exists and the caller's connection holds SQLite's lock on it: SQLite rebuilds (truncates) a -shm file only when a
 * connection opens it and finds no process holding that lock. Null when it cannot be read. `map: false` reads with a
 * system call even where the file could be mapped (to test that way too).
 *
 * The watch keeps its descriptor of the -shm file until `close()`, at the process's exit: closing any descriptor of a
 * file drops every POSIX lock the process holds on it, SQLite's included.
 */
export function watchWalIndex(file: string, options: { map?: boolean } = {}): WalIndexWatch | null {
  const shm = `${file}-shm`;
  let fd: number;
  try {
    fd = fs.openSync(shm, "r");
  } catch {
    return null;
  }
  const mapping = options.map === false ? null : mapHeaders(fd);
  if (mapping) {
    const view = new Uint8Array(mapping);
    return watchHeader("mapping", fd, (into) => {
      into.set(view);
      return true;
    });
  }
  return watchHeader("pread", fd, (into) => {
    try {
      return fs.readSync(fd, into, 0, into.length, 0) === into.length;
    } catch {
      return false; // unreadable: a change
    }
  });
}

const WORDS = HEADER / 4;

/**
 * The watch over either way of reading: `read` takes a snapshot of both header copies (false if it could not), and the
 * checks compare that snapshot in 32-bit words (the header's fields are 32-bit and aligned), so a commit being written
 * meanwhile makes the copies differ (a change) or is not yet seen, as it is not yet for SQLite's readers.
 */
function watchHeader(source: WalIndexWatch["source"], fd: number, read: (into: Uint8Array) => boolean): WalIndexWatch {
  const both = new Uint8Array(2 * HEADER);
  const words = new Int32Array(both.buffer);
  const seen = new Int32Array(WORDS);
  let known = false;
  return {
    source,
    changed() {
      let consistent = read(both) && both[IS_INIT] === 1;
      for (let i = 0; consistent && i < WORDS; i++) consistent = words[WORDS + i] === words[i];
      if (!consistent) {
        known = false;
        return true;
      }
      let same = known;
      for (let i = 0; same && i < WORDS; i++) same = seen[i] === words[i];
      if (same) return false;
      seen.set(words.subarray(0, WORDS));
      known = true;
      return true;
    },
    forget() {
      known = false;
    },
    close() {
      // A mapping itself is released with its buffer, when nothing refers to it any more.
      fs.closeSync(fd);
    },
  };
}

type SharedMap = { mapShared(fd: number, length: number): ArrayBuffer };
let sharedMap: SharedMap | null | undefined;

/** Whether db/native's module is built and loads here (the tests and CI ask; the watch falls back without it). */
export function sharedMapAvailable(): boolean {
  return loadSharedMap() !== null;
}

function loadSharedMap(): SharedMap | null {
  if (sharedMap === undefined) {
    try {
      sharedMap = createRequire(import.meta.url)("./native/build/Release/shared_map.node") as SharedMap;
    } catch {
      sharedMap = null;
    }
  }
  return sharedMap;
}

/**
 * The two header copies of the open file `fd`, mapped shared and read-only (db/native/shared_map.c, built by
 * `npm install`); null where the module is not built (a platform or machine without it) or the file cannot be mapped,
 * and the caller reads instead. The mapping stays readable while the file keeps these bytes: the caller's connection
 * holds SQLite's lock, so no SQLite connection rebuilds the file meanwhile (and SQLite's rebuild leaves 3 bytes,
 * read as zeros: a change). A tool other than SQLite truncating the live file to nothing would make the next read
 * fault; nothing in this project does.
 */
function mapHeaders(fd: number): ArrayBuffer | null {
  const module = loadSharedMap();
  if (!module) return null;
  try {
    return module.mapShared(fd, 2 * HEADER);
  } catch {
    return null;
  }
}
