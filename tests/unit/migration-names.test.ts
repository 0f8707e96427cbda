/** New migrations are named for what they do (docs/decisions/021-layout-and-naming.md). */
import { describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";

/** Names given before the rule; deployed databases record them, so they stay. */
const LAST_GRANDFATHERED = 12;

const VAGUE = /_(?:[a-z]|\d+|misc|fix|fixes|update|updates|changes|stuff|temp|tmp)$/;

export function isDescriptive(name: string): boolean {
  const m = /^(\d{4})_([a-z0-9_]+)$/.exec(name);
  if (!m) return false;
  return !VAGUE.test(name);
}

describe("migration names", () => {
  it("tells vague names from descriptive ones", () => {
    for (const bad of ["0013_staff_a", "0014_misc", "0015_review_b", "0016_fixes", "0018_public_2", "0019 spaces"]) {
      expect(isDescriptive(bad), bad).toBe(false);
    }
    for (const good of ["0013_review_due_reminders", "0012_file_blobs", "0011_search_words", "0014_retention"])
      expect(isDescriptive(good), good).toBe(true);
  });

  it("names every migration after 0012 for what it does", () => {
    const later = Object.keys(migrations).filter((n) => Number(n.slice(0, 4)) > LAST_GRANDFATHERED);
    for (const name of later) expect(isDescriptive(name), name).toBe(true);
  });

  it("keeps the migrations in order with unique numbers", () => {
    const numbers = Object.keys(migrations).map((n) => Number(n.slice(0, 4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
