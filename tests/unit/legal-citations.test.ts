import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { vi as citizenVi, en as citizenEn } from "~/i18n/sections/citizen";
import { vi as commonVi, en as commonEn } from "~/i18n/sections/common";

/**
 * Since 1 January 2026 personal data is governed by Law 91/2025/QH15 and Decree 356/2025/NĐ-CP, which replaced
 * Decree 13/2023/NĐ-CP. A person must never be told their data is handled under the repealed decree, so no source
 * or template may cite it; docs/domain.md keeps the history.
 */
const root = path.resolve(__dirname, "../..");
const OLD_DECREE = /13\s*\/\s*2023/;

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return /\.(ts|tsx|js|mjs|json|css|html|md|txt)$/.test(e.name) ? [rel] : [];
  });
}

describe("the personal-data law cited", () => {
  it("is never the repealed Decree 13/2023 in app/ or emails/", () => {
    const scanned = [...files("app"), ...files("emails")];
    expect(scanned.length).toBeGreaterThan(50);
    const citing = scanned.filter((f) => OLD_DECREE.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(citing).toEqual([]);
  });

  it("is the 2025 law and its decree in the footer and the consent to processing, in both languages", () => {
    for (const text of [
      commonVi.footer,
      commonEn.footer,
      citizenVi.submit.fields.consentData.label,
      citizenEn.submit.fields.consentData.label,
    ]) {
      expect(text).toContain("91/2025/QH15");
      expect(text).toContain("356/2025/NĐ-CP");
    }
  });
});
