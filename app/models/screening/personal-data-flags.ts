/**
 * Likely personal data in a submission's free text, found at screening so the secretary can make a reviewer copy
 * without it (docs/decisions/028-reviewer-copy-and-access-log.md). Pure: the staff page highlights the same spans the
 * server pre-redacts. It suggests, the secretary decides: a flag that is wrong is one click to keep, a miss is a
 * reviewer who learns who wrote the initiative, so the rules lean towards flagging.
 *
 * Positions are UTF-16 offsets into the text as given (stored text is NFC, app/utils/text.ts).
 */
import { fold } from "../../utils/text";

export type FlagKind = "phone" | "email" | "name" | "organisation" | "address";

export interface Flag {
  kind: FlagKind;
  start: number;
  end: number;
}

/** The people whose names, contacts and organisation the text must not give away. */
export interface KnownPerson {
  fullName?: string | null;
  email?: string | null;
  phone?: string | null;
  organisation?: string | null;
}

/** What a redacted span becomes in the reviewer copy (stored text, read by Vietnamese-speaking reviewers). */
export const REDACTED: Record<FlagKind, string> = {
  phone: "[số điện thoại]",
  email: "[thư điện tử]",
  name: "[họ tên]",
  organisation: "[tổ chức]",
  address: "[địa chỉ]",
};

// ---------------------------------------------------------------------------------------------
// Phones

/**
 * Vietnamese numbers without country code or trunk 0: mobiles 3x/5x/7x/8x/9x + 7 digits (10 digits with the 0),
 * landlines 2 + area code + subscriber, 10 digits (024 3825 1234 for Hà Nội).
 */
const NATIONAL = /^(?:[35789]\d{8}|2\d{9})$/;

/** Between two digit groups of one number: a space, a dot, a dash or brackets ("(024) 3825", "+84 (0) 24"). */
const GROUP_GAP = /^(?:[ \t.-]|\)[ \t]?|[ \t]?\(|[ \t]?\([ \t]?|\)[ \t.-]?)$/;

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

function nationalOf(digits: string, international: boolean): string | null {
  let d: string;
  if (digits.startsWith("0084")) d = digits.slice(4);
  else if (international) {
    if (!digits.startsWith("84")) return null;
    d = digits.slice(2);
  } else if (digits.startsWith("0")) d = digits.slice(1);
  // "84 987 654 321": the country code written without its plus
  else if (digits.startsWith("84") && digits.length >= 11) d = digits.slice(2);
  else return null;
  // "+84 (0) 24 …": the trunk 0 written after the country code
  if (d.length === 10 && d.startsWith("0")) d = d.slice(1);
  return NATIONAL.test(d) ? d : null;
}

function phoneFlags(text: string, known: readonly string[]): Flag[] {
  const groups: DigitGroup[] = [];
  for (const m of text.matchAll(/\d+/g)) groups.push({ start: m.index!, end: m.index! + m[0].length, digits: m[0] });
  const out: Flag[] = [];
  let i = 0;
  while (i < groups.length) {
    // Part of a reference, a date or a code ("16/2023", "SK-2026-000123", "v2"): not the start of a number.
    const before = text[groups[i].start - 1] ?? "";
    if (/[\p{L}/_]/u.test(before)) {
      i++;
      continue;
    }
    let found: { j: number; start: number; end: number } | null = null;
    // The longest chain of groups from here that reads as a number wins: "0987 654 321" over "0987".
    let last = i;
    while (last + 1 < groups.length && last - i < 6 && GROUP_GAP.test(text.slice(groups[last].end, groups[last + 1].start))) last++;
    for (let j = last; j >= i && !found; j--) {
      const after = text[groups[j].end] ?? "";
      if (/[\p{L}/_@]/u.test(after)) continue;
      const digits = groups
        .slice(i, j + 1)
        .map((g) => g.digits)
        .join("");
      const lead = text.slice(Math.max(0, groups[i].start - 2), groups[i].start);
      const plus = /\+[ \t]?$|\(\+$/.test(lead);
      const national = nationalOf(digits, plus);
      const knownHit = known.includes(digits.replace(/^0/, ""));
      if (national || knownHit) {
        let start = groups[i].start;
        if (plus) start = text.lastIndexOf("+", start);
        if (text[start - 1] === "(") start--;
        let end = groups[j].end;
        if (text[end] === ")" && text.slice(start, end).includes("(")) end++;
        found = { j, start, end };
      }
    }
    if (found) {
      out.push({ kind: "phone", start: found.start, end: found.end });
      i = found.j + 1;
    } else i++;
  }
  return out;
}

/** A known phone's national digits, so a number written without its 0 ("987654321") is still found. */
function knownPhoneDigits(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  const national = nationalOf(digits, /^\s*\+/.test(phone)) ?? digits.replace(/^0/, "");
  return national.length >= 7 ? national : null;
}

// ---------------------------------------------------------------------------------------------
// Emails

const EMAIL =
  /[\p{L}\p{N}._%+-]+\s*(?:@|\(\s*at\s*\)|\[\s*at\s*\]|\[\s*a\s*\]|\(\s*a\s*\))\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\[\s*\.\s*\])\s*[\p{L}\p{N}-]+)+/giu;

function emailFlags(text: string): Flag[] {
  return [...text.matchAll(EMAIL)]
    .filter((m) => /@/.test(m[0]) || /\.\s*[a-z]{2,}$|dot/i.test(m[0]))
    .map((m) => ({ kind: "email" as const, start: m.index!, end: m.index! + m[0].length }));
}

// ---------------------------------------------------------------------------------------------
// Names and organisations: folded whole words, however they are separated or run together

interface Word {
  folded: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((m) => ({ folded: fold(m[0]), start: m.index!, end: m.index! + m[0].length }));
}

function foldedTarget(value: string): string {
  return fold(value).replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Every run of consecutive words whose folded letters are the target's: "Nguyen-Van-A", "NguyenVanA", "nguyễn văn a". */
function wordRuns(words: readonly Word[], target: string, kind: FlagKind): Flag[] {
  const out: Flag[] = [];
  if (!target) return out;
  for (let i = 0; i < words.length; i++) {
    let run = "";
    for (let j = i; j < words.length; j++) {
      run += words[j].folded;
      if (run === target) {
        out.push({ kind, start: words[i].start, end: words[j].end });
        i = j;
        break;
      }
      if (!target.startsWith(run)) break;
    }
  }
  return out;
}

/** A company's legal form, then its name in capitals: "Công ty TNHH Minh Phát", "HTX Nông nghiệp Xanh". */
const COMPANY =
  /(?<![\p{L}\p{N}])(?:[Cc]ông ty|CÔNG TY|[Cc]ty|[Tt]ập đoàn|[Hh]ợp tác xã|HTX|[Dd]oanh nghiệp tư nhân|DNTN)(?:\s+(?:TNHH|CP|[Cc]ổ phần|MTV|[Mm]ột thành viên|[Hh]ai thành viên trở lên|[Tt]rách nhiệm hữu hạn))*(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'-]*|\d+))+/gu;

function companyFlags(text: string): Flag[] {
  return [...text.matchAll(COMPANY)].map((m) => ({
    kind: "organisation" as const,
    start: m.index!,
    end: m.index! + m[0].trimEnd().length,
  }));
}

// ---------------------------------------------------------------------------------------------
// Street addresses

const N = String.raw`\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)*`;
const CAP_WORDS = String.raw`\p{Lu}[\p{L}\p{N}]*(?:\s+(?:\p{Lu}[\p{L}\p{N}]*|\d+))*`;
const HOUSE_STRONG = String.raw`(?:[Ss]ố nhà|[Nn]hà số|SỐ NHÀ)\s*${N}`;
const HOUSE_WEAK = String.raw`(?:[Ss]ố\s*)?${N}`;
const LANE = String.raw`(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|NGÕ|NGÁCH|HẺM)\s+(?:số\s+)?${N}`;
const STREET = String.raw`(?:[Đđ]ường|[Pp]hố|ĐƯỜNG|PHỐ)\s+${CAP_WORDS}`;
const SEP = String.raw`\s*,?\s*`;
const TAIL = String.raw`(?:${SEP}(?:${LANE}|${STREET}))*`;
const ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}/])(?:${HOUSE_STRONG}${TAIL}|(?:${HOUSE_WEAK}${SEP})?${LANE}${TAIL}|${HOUSE_WEAK}${SEP}${STREET}${TAIL})`,
  "gu",
);

function addressFlags(text: string): Flag[] {
  return [...text.matchAll(ADDRESS)].map((m) => ({ kind: "address" as const, start: m.index!, end: m.index! + m[0].length }));
}

// ---------------------------------------------------------------------------------------------

/**
 * The spans of likely personal data in `text`, in order and without overlaps (a longer span absorbs the shorter
 * ones it touches: "Công ty ABC" found as organisation and as the author's organisation is one flag).
 */
export function findPersonalData(text: string, people: readonly KnownPerson[] = []): Flag[] {
  if (!text) return [];
  const words = wordsOf(text);
  const flags: Flag[] = [...emailFlags(text), ...addressFlags(text), ...companyFlags(text)];
  const knownPhones: string[] = [];
  for (const p of people) {
    // Short names ("An") would flag every sentence that uses the word: a name needs 4 letters, an organisation 5.
    const name = p.fullName ? foldedTarget(p.fullName) : "";
    if (name.length >= 4) flags.push(...wordRuns(words, name, "name"));
    const org = p.organisation ? foldedTarget(p.organisation) : "";
    if (org.length >= 5) flags.push(...wordRuns(words, org, "organisation"));
    const local = p.email?.split("@")[0];
    const localTarget = local ? foldedTarget(local) : "";
    if (localTarget.length >= 4) flags.push(...wordRuns(words, localTarget, "email"));
    const phone = p.phone ? knownPhoneDigits(p.phone) : null;
    if (phone) knownPhones.push(phone);
  }
  flags.push(...phoneFlags(text, knownPhones));
  return merge(flags);
}

function merge(flags: Flag[]): Flag[] {
  const sorted = [...flags].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Flag[] = [];
  for (const f of sorted) {
    const prev = out[out.length - 1];
    if (prev && f.start < prev.end) {
      if (f.end > prev.end) {
        // overlapping: one span, of the kind of the longer part
        if (f.end - f.start > prev.end - prev.start) prev.kind = f.kind;
        prev.end = f.end;
      }
      continue;
    }
    out.push({ ...f });
  }
  return out;
}

/** The text with each flagged span replaced by its placeholder. */
export function redact(text: string, flags: readonly Flag[]): string {
  let out = "";
  let at = 0;
  for (const f of flags) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + REDACTED[f.kind];
    at = f.end;
  }
  return out + text.slice(at);
}

/** The text cut into plain and flagged pieces, for a page to highlight. */
export function segments(text: string, flags: readonly Flag[]): { text: string; kind: FlagKind | null }[] {
  const out: { text: string; kind: FlagKind | null }[] = [];
  let at = 0;
  for (const f of flags) {
    if (f.start < at) continue;
    if (f.start > at) out.push({ text: text.slice(at, f.start), kind: null });
    out.push({ text: text.slice(f.start, f.end), kind: f.kind });
    at = f.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), kind: null });
  return out;
}
