/**
 * Which addresses reach the file server for public/ (app/utils/public-files.server.ts): its files by any spelling
 * the file server itself would resolve to them, and nothing else — a page's address never costs a file lookup.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isPublicFilePath, publicFileNames } from "~/utils/public-files.server";

describe("public/'s files", () => {
  const names = new Set(["styles.css", "favicon.svg", "fonts"]);

  it("are its names, as written, encoded, or reached through //, . and ..", () => {
    for (const p of [
      "/styles.css",
      "/favicon%2Esvg",
      "/%73tyles.css",
      "//styles.css",
      "/./styles.css",
      "/x/../styles.css",
      "/fonts/a.woff2",
    ])
      expect(isPublicFilePath(names, p), p).toBe(true);
  });

  it("are not a page's address, the home page, an unknown name, a name above the root or a broken escape", () => {
    for (const p of [
      "/",
      "",
      "/initiatives",
      "/staff/initiatives/SK-2025-000001",
      "/nothing-here.css",
      "/styles.css2",
      "/../styles.css/..",
      "/%E0%A4%A",
      "/styles.css/..",
    ])
      expect(isPublicFilePath(names, p), p).toBe(false);
  });

  it("are read from the folder at start, without the mounts of their own; no folder, no files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sk-public-"));
    fs.writeFileSync(path.join(dir, "styles.css"), "");
    fs.mkdirSync(path.join(dir, "build"));
    expect([...publicFileNames(dir, ["build"])]).toEqual(["styles.css"]);
    expect(publicFileNames(path.join(dir, "missing")).size).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});
