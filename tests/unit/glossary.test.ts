/**
 * Every string of every dictionary section, in both languages, uses the domain's words (app/i18n/glossary.ts), not a
 * synonym: a section added later is read too, and a function's text is read by calling it with sample arguments.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GLOSSARY } from "~/i18n/glossary";

const SECTIONS = path.resolve(__dirname, "../../app/i18n/sections");

/** Every string in a dictionary value, with its key path; functions are called with numbers, then with words. */
function strings(value: unknown, at: string, out: { at: string; text: string }[] = []) {
  if (typeof value === "string") out.push({ at, text: value });
  else if (typeof value === "function") {
    const fn = value as (...args: unknown[]) => unknown;
    for (const sample of [2, "SK2026000001"]) {
      try {
        strings(fn(...Array.from({ length: Math.max(fn.length, 1) }, () => sample)), `${at}()`, out);
      } catch {
        // a function that needs an argument of another kind: the other sample covers it
      }
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, `${at}.${k}`, out);
  return out;
}

async function dictionaries() {
  const files = fs.readdirSync(SECTIONS).filter((f) => f.endsWith(".ts"));
  const loaded = await Promise.all(
    files.map(async (f) => ({
      name: f.replace(/\.ts$/, ""),
      module: (await import(path.join(SECTIONS, f))) as { vi: unknown; en: unknown },
    })),
  );
  return {
    vi: loaded.flatMap((s) => strings(s.module.vi, s.name)),
    en: loaded.flatMap((s) => strings(s.module.en, s.name)),
  };
}

function findings(texts: { at: string; text: string }[], lang: "vi" | "en") {
  const found: string[] = [];
  for (const { at, text } of texts) {
    const lower = text.normalize("NFC").toLowerCase();
    for (const entry of GLOSSARY) {
      for (const pattern of lang === "vi" ? entry.avoidVi : entry.avoidEn) {
        const m = pattern.exec(lower);
        if (m) found.push(`${at}: "${m[0]}" where the glossary says "${lang === "vi" ? entry.vi : entry.en}" (${entry.concept})`);
      }
    }
  }
  return [...new Set(found)];
}

describe("the glossary", () => {
  it("reads every section, in both languages", async () => {
    const { vi, en } = await dictionaries();
    expect(vi.length).toBeGreaterThan(1000);
    expect(en.length).toBe(vi.length);
    // the control: the preferred words are there to be found
    for (const entry of GLOSSARY) {
      if (entry.concept === "campaign") continue; // no campaign screen yet
      expect(
        vi.some((s) => s.text.toLowerCase().includes(entry.vi.split(",")[0])),
        entry.vi,
      ).toBe(true);
      expect(
        en.some((s) => s.text.toLowerCase().includes(entry.en)),
        entry.en,
      ).toBe(true);
    }
  });

  it("finds the synonyms it is meant to find", () => {
    const probe = (text: string, lang: "vi" | "en") => findings([{ at: "probe", text }], lang).length;
    expect(probe("Nhập mã tra cứu của bạn", "vi")).toBe(1);
    expect(probe("Chống vận động chọn người chấm", "vi")).toBe(1);
    expect(probe("Người này còn 2 phiếu chấm chưa xong", "vi")).toBe(1);
    expect(probe("Người này còn 2 phiếu chấm điểm chưa xong", "vi")).toBe(0);
    expect(probe("Nhập mã hồ sơ", "vi")).toBe(0);
    expect(probe("Only case SK1", "en")).toBe(1);
    expect(probe("Lower-case letters; in case of doubt", "en")).toBe(0);
    expect(probe("Share an idea", "en")).toBe(1);
  });

  it.each(["vi", "en"] as const)("finds no synonym of a glossary word in the %s dictionaries", async (lang) => {
    const all = await dictionaries();
    expect(findings(all[lang], lang)).toEqual([]);
  });
});
