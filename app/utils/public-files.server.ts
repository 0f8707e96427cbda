/**
 * Which addresses are files of public/ (the stylesheet, the icon): those whose first segment, once decoded and
 * tidied as the file server will tidy it, names an entry of public/ as it was when the server started. Every other
 * address goes straight to the app, so a page's address costs no `stat` of a file that is not there (and no error
 * built for it). A file added to public/ is served after a restart; `/` is the app's home page, never an
 * index.html of public/.
 */
import fs from "node:fs";
import path from "node:path";

/** public/'s top-level names, without those served by a mount of their own (the build). */
export function publicFileNames(dir: string, ownMounts: string[] = []): Set<string> {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return new Set(names.filter((n) => !ownMounts.includes(n)));
}

/** Whether an address (a request's path, still encoded) is one of public/'s files or under one of its folders. */
export function isPublicFilePath(names: Set<string>, requestPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return false;
  }
  // The file server resolves `//`, `.` and `..` itself: the first segment it would look in is what counts.
  const first = path.posix.normalize(`/${decoded}`).slice(1).split("/", 1)[0];
  return first !== "" && names.has(first);
}
