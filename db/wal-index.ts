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
 * page cache's hit path about a quarter of its CPU; reading 96 bytes of the file is one system call. Anything this
 * cannot vouch for (no -shm file: another journal mode or exclusive locking; a header being written; one never
 * initialised) counts as a change, so the caller reads the database as before.
 */
import fs from "node:fs";

const HEADER = 48;
/** WalIndexHdr.isInit: the header has been written at least once. */
const IS_INIT = 12;

export interface WalIndexWatch {
  /** True unless the header is exactly the one seen by the previous call (so the first call is always true). */
  changed(): boolean;
  /** The caller could not read what changed (a busy or failing database): the next call reports a change again. */
  forget(): void;
  close(): void;
}

/**
 * Watches `file`'s WAL index. Open it after a connection of the caller's has read the database, so the -shm file
 * exists and is held open (SQLite only truncates it when its last connection closes); null when it cannot be read.
 */
export function watchWalIndex(file: string): WalIndexWatch | null {
  let fd: number;
  try {
    fd = fs.openSync(`${file}-shm`, "r");
  } catch {
    return null;
  }
  const both = Buffer.alloc(2 * HEADER);
  const seen = Buffer.alloc(HEADER);
  let known = false;
  return {
    changed() {
      let n = 0;
      try {
        n = fs.readSync(fd, both, 0, both.length, 0);
      } catch {
        // unreadable: a change, below
      }
      const consistent = n === both.length && both[IS_INIT] === 1 && both.compare(both, HEADER, 2 * HEADER, 0, HEADER) === 0;
      if (!consistent) {
        known = false;
        return true;
      }
      if (known && seen.compare(both, 0, HEADER) === 0) return false;
      both.copy(seen, 0, 0, HEADER);
      known = true;
      return true;
    },
    forget() {
      known = false;
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
