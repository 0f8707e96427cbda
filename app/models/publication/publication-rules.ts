/** Limits and paths of the public version, shared by the server and the publication page. */
import type { Role } from "../../utils/permissions";
import { fold } from "../../utils/text";
import { findTransition } from "../initiative/lifecycle";

export const TITLE_MAX = 300;
export const TEXT_MAX = 20000;

export function publicationPath(slug: string): string {
  return `/initiatives/${encodeURIComponent(slug)}`;
}

/** The roles that may publish (lifecycle.ts, recognised → published); the history names the one that did. */
export type Publisher = "secretary" | "chair";

/**
 * The role a user publishes as: the first of the lifecycle's publishers they hold, in the table's order
 * (so a secretary who is also chair publishes as secretary), or null when they hold none.
 */
export function publicationActor(roles: readonly Role[]): Publisher | null {
  const by = findTransition("recognised", "published")?.by ?? [];
  const actor = by.find((a): a is Publisher => (a === "secretary" || a === "chair") && (roles as readonly string[]).includes(a));
  return actor ?? null;
}

/** One author's (or co-author's) personal data, as far as it is known and not consented to publish. */
export interface PersonalData {
  fullName?: string | null;
  email?: string | null;
  phone?: string | null;
  organisation?: string | null;
}

export type PersonalDataKind = "name" | "organisation" | "email" | "phone";

/** Folded letter-and-digit words: "Nguyễn-Văn Bí.Mật" → ["nguyen", "van", "bi", "mat"]. */
function words(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether the words of `secret` appear in `text` as consecutive whole words, however they are separated
 * or run together: "Nguyen-Van-Bi-Mat", "nguyen van bi mat" and "NguyenVanBiMat" all carry
 * "Nguyễn Văn Bí Mật". Whole words only, so "Văn bản" or "Bình" do not.
 */
function findWords(text: string[], secret: string[], minLength: number): [number, number] | null {
  const target = secret.join("");
  if (target.length < minLength) return null;
  for (let i = 0; i < text.length; i++) {
    let run = "";
    for (let j = i; j < text.length; j++) {
      run += text[j];
      if (run === target) return [i, j];
      if (!target.startsWith(run)) break;
    }
  }
  return null;
}

const hasWords = (text: string[], secret: string[], minLength: number) => findWords(text, secret, minLength) !== null;

/** Blanks out every occurrence of an allowed name, so its words do not count as another secret's. */
function without(text: string[], allowed: string): string[] {
  const out = [...text];
  const secret = words(allowed);
  for (let found = findWords(out, secret, 1); found; found = findWords(out, secret, 1)) {
    // "-" is no word character: no secret's run can go through it
    for (let k = found[0]; k <= found[1]; k++) out[k] = "-";
  }
  return out;
}

/**
 * A phone number's national digits: the country code (+84, 0084, 84) or the trunk 0 dropped, so
 * "0987 654 321", "+84 987.654.321" and "84987654321" are one number, "987654321".
 */
function nationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (/^\+\s*84|^0084/.test(phone.trim())) return digits.replace(/^(?:00)?84/, "");
  if (digits.startsWith("84") && digits.length >= 11) return digits.slice(2);
  return digits.replace(/^0/, "");
}

/** Runs of digits that only spaces, dots, dashes, slashes, brackets or a plus keep apart. */
function digitRuns(text: string): string[] {
  return (text.match(/\d(?:[\s.\-/()+]*\d)*/g) ?? []).map((r) => r.replace(/\D/g, ""));
}

/**
 * What personal data of these people a public text carries, or null. Names, organisations and the local
 * part of email addresses are compared as folded word sequences (case, diacritics, đ and separators do
 * not matter), phone numbers as digit sequences without country code or trunk 0. The `allowed` names
 * (an author who consented to be named) are taken out first, so an email like "bimat@…" does not
 * catch the consented "Nguyễn Văn Bí Mật". Pure, so the publication page could warn before posting;
 * the server is the check.
 */
export function personalDataIn(text: string, people: readonly PersonalData[], allowed: readonly string[] = []): PersonalDataKind | null {
  const textWords = allowed.reduce(without, words(text));
  const runs = digitRuns(text);
  for (const p of people) {
    if (p.fullName && hasWords(textWords, words(p.fullName), 4)) return "name";
    if (p.organisation && hasWords(textWords, words(p.organisation), 5)) return "organisation";
    const local = p.email?.split("@")[0];
    if (local && hasWords(textWords, words(local), 4)) return "email";
    const national = p.phone ? nationalDigits(p.phone) : "";
    if (national.length >= 7 && runs.some((r) => r.includes(national))) return "phone";
  }
  return null;
}
