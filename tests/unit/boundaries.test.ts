import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The arrows between the top-level parts point one way: models enqueue mail through `emails/`, which may read
 * `app/i18n`, `app/utils`, `app/domain` and `db/` but never `app/models`; models never reach into routes; the
 * vocabulary imports nothing, so every layer can read it.
 */
const root = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

/** Every module a file imports or re-exports (static or dynamic), resolved against the repository root. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/gms),
    ...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  return specifiers.map((s) => {
    if (s.startsWith("~/")) return path.join("app", s.slice(2));
    if (s.startsWith(".")) return path.normalize(path.join(path.dirname(file), s));
    return s;
  });
}

function offending(files: string[], forbidden: RegExp): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .filter((i) => forbidden.test(i))
      .map((i) => `${f} → ${i}`),
  );
}

describe("import boundaries", () => {
  it("reads imports the way the checks below need (a self-check of the scanner)", () => {
    const models = importsOf("app/models/initiative/lifecycle.server.ts");
    expect(models).toContain(path.normalize("emails/outbox.server"));
    expect(models).toContain(path.normalize("app/domain/vocabulary"));
  });

  it("keeps emails/ away from app/models", () => {
    const files = sourceFiles("emails");
    expect(files.length).toBeGreaterThan(0);
    expect(offending(files, /^app[\\/]models([\\/]|$)/)).toEqual([]);
  });

  it("keeps app/models away from app/routes", () => {
    const files = sourceFiles("app/models");
    expect(files.length).toBeGreaterThan(0);
    expect(offending(files, /^app[\\/]routes([\\/]|$)/)).toEqual([]);
  });

  it("keeps the vocabulary free of imports", () => {
    expect(importsOf("app/domain/vocabulary.ts")).toEqual([]);
  });

  it("lets db/schema.ts import only types, and from the vocabulary alone in the app", () => {
    const text = fs.readFileSync(path.join(root, "db/schema.ts"), "utf8");
    const appImports = importsOf("db/schema.ts").filter((i) => i.startsWith("app"));
    expect(appImports).toEqual([path.normalize("app/domain/vocabulary")]);
    expect(text).not.toMatch(/^import\s+(?!type\b)/m);
  });
});
