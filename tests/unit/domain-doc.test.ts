/**
 * docs/domain.md describes the domain the code implements; its checked tables are compared here with
 * the code, so the page cannot drift: change the lifecycle, the permissions or the default rubric and
 * this fails until the page says the same.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { vi as COMMON_VI } from "~/i18n/sections/common";
import { DEFAULT_RUBRIC } from "../../db/seed/reference";
import { FINAL_STATUSES, OPEN_STATUSES, STATUSES, TRANSITIONS } from "~/models/initiative/lifecycle";
import { PERMISSIONS, ROLES } from "~/utils/permissions";
import { isOneOf } from "~/domain/vocabulary";

const doc = fs.readFileSync(path.join(__dirname, "../../docs/domain.md"), "utf8");

/** The body rows of the table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function table(name: string): string[][] {
  const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc);
  expect(m, `docs/domain.md has a "${name}" table`).not.toBeNull();
  return m![1]
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .replace(/^\|/, "")
        .replace(/\|$/, "")
        .split("|")
        .map((c) => c.trim()),
    );
}

describe("docs/domain.md", () => {
  it("lists every transition of lifecycle.ts, in its order, with who may make it", () => {
    const documented = table("transitions").map(([from, to, who]) => ({ from, to, by: who.split(",").map((w) => w.trim()) }));
    expect(documented).toEqual(TRANSITIONS.map((t) => ({ from: t.from, to: t.to, by: [...t.by] })));
  });

  it("lists every status, its Vietnamese name and whether it is open or final", () => {
    const documented = table("statuses").map(([status, vi, kind]) => ({ status, vi, kind }));
    expect(documented).toEqual(
      STATUSES.map((s) => ({
        status: s,
        vi: COMMON_VI.status[s],
        kind: isOneOf(OPEN_STATUSES, s) ? "open" : isOneOf(FINAL_STATUSES, s) ? "final" : "?",
      })),
    );
  });

  it("shows the permission matrix of permissions.ts", () => {
    const rows = table("permissions");
    const header = /<!-- permissions:start -->\n\|([^\n]*)\|/
      .exec(doc)![1]
      .split("|")
      .map((c) => c.trim());
    expect(header).toEqual(["permission", ...ROLES]);
    const documented = Object.fromEntries(rows.map(([permission, ...marks]) => [permission, ROLES.filter((_, i) => marks[i] === "✓")]));
    const actual = Object.fromEntries(
      Object.entries(PERMISSIONS).map(([p, roles]) => [p, ROLES.filter((r) => (roles as readonly string[]).includes(r))]),
    );
    expect(documented).toEqual(actual);
  });

  it("shows the default rubric's criteria and weights", () => {
    const documented = table("rubric").map(([key, label, weight]) => ({ key, label, weight: Number(weight) }));
    expect(documented).toEqual(DEFAULT_RUBRIC.map((c) => ({ key: c.key, label: c.label_vi, weight: c.weight })));
  });

  it("is what the code cites, not a file outside the repository", () => {
    const root = path.join(__dirname, "../..");
    const cited: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx|md)$/.test(e.name) && /(^|[^/])DOMAIN\.md/.test(fs.readFileSync(p, "utf8"))) cited.push(path.relative(root, p));
      }
    };
    for (const dir of ["app", "db", "emails", "tests", "docs"]) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
    expect(cited.filter((p) => p !== "tests/unit/domain-doc.test.ts")).toEqual([]);
  });
});
