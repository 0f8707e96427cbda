/**
 * The submission form: its one zod schema (messages in the page's language), reading the multipart body,
 * and the whole receive path (limits, honeypot, validation, storage, the one transaction).
 * Form field names are the schema's paths ("author.email", "coAuthors.0.share"), so an issue's path
 * is the name of the field it belongs to.
 */
import "~/i18n/sections/citizen";
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { dictionaryFor, type Lang } from "../../i18n/index";
import { hanoiDate as todayInHanoi } from "../../utils/clock";
import { getEnv } from "../../utils/env.server";
import { RateLimitedError } from "../errors";
import { HOUR_MS, releaseRateSlot, takeRateSlot } from "../../utils/rate-limit.server";
import { cleanLine, cleanText, fold } from "../../utils/text";
import { randomToken } from "../../utils/tokens.server";
import { parseForm, type FieldErrors } from "../../utils/forms";
import { discardBody, MAX_FILES, withUpload, type UploadProblem } from "../../utils/uploads.server";
import { SUBMISSION_UPLOAD } from "../../utils/upload-limits";
import { createInitiative, type SubmissionData } from "./initiatives.server";
import { AUTHOR_TYPES, PROCEDURE_DOMAINS, REFORM_AREAS, SCOPE_TYPES, type ProcedureDomain } from "./taxonomy";
import { isOneOf } from "../../domain/vocabulary";

export type ValidationMessages = ReturnType<typeof dictionaryFor>["citizen"]["validation"];

export const LIMITS = {
  titleMin: 10,
  titleMax: 200,
  longMin: 20,
  longMax: 10_000,
  nameMin: 2,
  nameMax: 120,
  orgMax: 200,
  emailMax: 254,
  maxCoAuthors: 20,
} as const;

export const ATTACHMENT_FIELD = SUBMISSION_UPLOAD.fileFields[0];
export const HONEYPOT_FIELD = "website";
const SUBMIT_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export interface ScopeOptions {
  agencies: { id: number; name: string }[];
  units: { id: number; name: string; name_folded: string }[];
}

export async function listScopeOptions(db: Kysely<Database>): Promise<ScopeOptions> {
  const [agencies, units] = await Promise.all([
    db.selectFrom("agencies").select(["id", "name"]).where("active", "=", 1).orderBy("name").execute(),
    db.selectFrom("units").select(["id", "name", "name_folded"]).where("active", "=", 1).orderBy("name").execute(),
  ]);
  return { agencies, units };
}

/**
 * The unit a person typed: its exact name, the same name without diacritics or case, or the name
 * without its "Phường"/"Xã" prefix, as the field's hint suggests ("Hoàn Kiếm"). The bare name counts
 * only when it names exactly one unit.
 */
export function findUnit<U extends { name: string; name_folded: string }>(units: U[], typed: string): U | undefined {
  const name = cleanLine(typed);
  if (!name) return undefined;
  const folded = fold(name);
  const exact = units.find((u) => u.name === name) ?? units.find((u) => u.name_folded === folded);
  if (exact) return exact;
  const bare = (f: string) => f.replace(/^(?:phuong|xa)\s+/, "");
  const matches = units.filter((u) => bare(u.name_folded) === bare(folded));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Vietnamese numbers: mobiles 03/05/07/08/09 + 8 digits, landlines 02 + 9 digits; +84 or 84 for the 0. */
const VN_PHONE = /^(?:\+84|84|0)((?:3|5|7|8|9)\d{8}|2\d{9})$/;

/** The canonical form of a Vietnamese phone number ("0912345678"), or null when it is not one. */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, "");
  const m = VN_PHONE.exec(compact);
  return m ? `0${m[1]}` : null;
}

/** Today's date in Hà Nội, YYYY-MM-DD (the clock module's). */
export { todayInHanoi };

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= "1900-01-01";
}

const length = (s: string) => [...s].length;

/** The raw shape of the form: every value a string or a checkbox flag. */
export interface RawSubmission {
  title: string;
  reformArea: string;
  procedureDomain: string;
  scope: { type: string; agencyId: string; unitName: string };
  problem: string;
  solution: string;
  benefit: string;
  applied: { before: boolean; at: string };
  confidential: string;
  author: { type: string; fullName: string; email: string; phone: string; organisation: string; share: string };
  /** each co-author's email is optional; their consent to be named is theirs, given through the submitter */
  coAuthors: { fullName: string; share: string; email?: string; consentPublishName?: boolean }[];
  consentData: boolean;
  consentPublishName: boolean;
}

function parseShare(value: string): number | null {
  return /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : null;
}

/** The form's one schema. `options` are the agencies and units a scope may name; `today` bounds dates. */
export function submissionSchema(m: ValidationMessages, options: ScopeOptions, today: string) {
  const text = (opts: { min: number; max: number; required: boolean; multiline?: boolean }) =>
    z.string().transform((v, ctx) => {
      const value = opts.multiline ? cleanText(v).trim() : cleanLine(v);
      if (!value) {
        if (opts.required) ctx.addIssue({ code: "custom", message: m.required });
        return value;
      }
      if (length(value) < opts.min) ctx.addIssue({ code: "custom", message: m.tooShort(opts.min) });
      if (length(value) > opts.max) ctx.addIssue({ code: "custom", message: m.tooLong(opts.max) });
      return value;
    });
  const oneOf = <T extends string>(values: readonly T[], message: string) => z.string().refine((v): v is T => isOneOf(values, v), message);
  const share = z.string().transform((v, ctx) => {
    const n = parseShare(v);
    if (n === null || n < 1 || n > 100) {
      ctx.addIssue({ code: "custom", message: v.trim() ? m.share : m.required });
      return z.NEVER;
    }
    return n;
  });

  const fields = z.object({
    title: text({ min: LIMITS.titleMin, max: LIMITS.titleMax, required: true }),
    reformArea: oneOf(REFORM_AREAS, m.chooseArea),
    procedureDomain: z
      .string()
      .refine((v): v is "" | ProcedureDomain => v === "" || isOneOf(PROCEDURE_DOMAINS, v), m.chooseDomain)
      .transform((v) => (v === "" ? null : v)),
    scope: z.object({ type: oneOf(SCOPE_TYPES, m.chooseScope), agencyId: z.string(), unitName: z.string() }).transform((s, ctx) => {
      let agencyId: number | null = null;
      let unitId: number | null = null;
      if (s.type === "agency") {
        agencyId = options.agencies.find((a) => String(a.id) === s.agencyId.trim())?.id ?? null;
        if (agencyId === null) ctx.addIssue({ code: "custom", path: ["agencyId"], message: m.chooseAgency });
      } else if (s.type === "unit") {
        unitId = findUnit(options.units, s.unitName)?.id ?? null;
        if (unitId === null) ctx.addIssue({ code: "custom", path: ["unitName"], message: m.chooseUnit });
      }
      return { scopeType: s.type, agencyId, unitId };
    }),
    problem: text({ min: LIMITS.longMin, max: LIMITS.longMax, required: true, multiline: true }),
    solution: text({ min: LIMITS.longMin, max: LIMITS.longMax, required: true, multiline: true }),
    benefit: text({ min: LIMITS.longMin, max: LIMITS.longMax, required: true, multiline: true }),
    applied: z.object({ before: z.boolean(), at: z.string() }).transform((a, ctx) => {
      if (!a.before) return { before: false, at: null };
      const at = a.at.trim();
      const message = !at ? m.dateRequired : !isRealDate(at) ? m.date : at > today ? m.dateFuture : null;
      if (message) ctx.addIssue({ code: "custom", path: ["at"], message });
      return { before: true, at };
    }),
    confidential: text({ min: 0, max: LIMITS.longMax, required: false, multiline: true }),
    author: z
      .object({
        type: oneOf(AUTHOR_TYPES, m.chooseAuthorType),
        fullName: text({ min: LIMITS.nameMin, max: LIMITS.nameMax, required: true }),
        email: z.string().transform((v, ctx) => {
          // One message per problem: an empty field is "required", not also "not a valid email".
          const value = cleanLine(v);
          const message = !value
            ? m.required
            : length(value) > LIMITS.emailMax
              ? m.tooLong(LIMITS.emailMax)
              : !z.string().email().safeParse(value).success
                ? m.email
                : null;
          if (message) ctx.addIssue({ code: "custom", message });
          return value;
        }),
        phone: z.string().transform((v, ctx) => {
          const value = cleanLine(v);
          if (!value) return null;
          const phone = normalisePhone(value);
          if (!phone) ctx.addIssue({ code: "custom", message: m.phone });
          return phone;
        }),
        organisation: text({ min: LIMITS.nameMin, max: LIMITS.orgMax, required: false }),
        share,
      })
      .superRefine((a, ctx) => {
        if (a.type !== "individual" && !a.organisation) ctx.addIssue({ code: "custom", path: ["organisation"], message: m.required });
      })
      .transform((a) => ({ ...a, organisation: a.type === "individual" ? null : a.organisation })),
    coAuthors: z
      .array(
        z
          .object({
            fullName: z.string(),
            share: z.string(),
            email: z.string().default(""),
            consentPublishName: z.boolean().default(false),
          })
          .transform((row, ctx) => {
            const name = cleanLine(row.fullName);
            const email = cleanLine(row.email);
            if (!name && !row.share.trim() && !email && !row.consentPublishName) return null; // an unused row
            if (!name) ctx.addIssue({ code: "custom", path: ["fullName"], message: m.required });
            else if (length(name) < LIMITS.nameMin)
              ctx.addIssue({ code: "custom", path: ["fullName"], message: m.tooShort(LIMITS.nameMin) });
            else if (length(name) > LIMITS.nameMax)
              ctx.addIssue({ code: "custom", path: ["fullName"], message: m.tooLong(LIMITS.nameMax) });
            const n = parseShare(row.share);
            if (n === null || n < 1 || n > 99) {
              ctx.addIssue({ code: "custom", path: ["share"], message: row.share.trim() ? m.share : m.required });
            }
            const emailMessage = !email
              ? null
              : length(email) > LIMITS.emailMax
                ? m.tooLong(LIMITS.emailMax)
                : !z.string().email().safeParse(email).success
                  ? m.email
                  : null;
            if (emailMessage) ctx.addIssue({ code: "custom", path: ["email"], message: emailMessage });
            return { fullName: name, share: n ?? 0, email: email || null, consentPublishName: row.consentPublishName };
          }),
      )
      .max(LIMITS.maxCoAuthors, m.tooManyCoAuthors(LIMITS.maxCoAuthors))
      .transform((rows) => rows.filter((r): r is NonNullable<typeof r> => r !== null)),
    consentData: z.boolean().refine((v) => v, m.consent),
    consentPublishName: z.boolean(),
  });

  // The shares rule looks only at the shares, so it is reported together with every other error
  // (a refinement on the whole object would wait until everything else is valid).
  const sharesAddUp = z
    .object({
      author: z.object({ share: z.string() }).passthrough(),
      coAuthors: z.array(z.object({ share: z.string() }).passthrough()),
    })
    .passthrough()
    .superRefine((v, ctx) => {
      const shares = [v.author.share, ...v.coAuthors.map((c) => c.share)].filter((s) => s.trim() !== "").map(parseShare);
      if (shares.some((s) => s === null)) return;
      const sum = (shares as number[]).reduce((a, b) => a + b, 0);
      if (sum !== 100) ctx.addIssue({ code: "custom", path: ["author", "share"], message: m.sharesSum(sum) });
    })
    .transform(() => ({}));

  return fields.and(sharesAddUp);
}

export type ParsedSubmission = z.output<ReturnType<typeof submissionSchema>>;
export type { FieldErrors };

/** Reads the raw values from the form data; missing fields become empty strings, files in text fields too. */
export function rawFromForm(form: FormData): RawSubmission & { coAuthorRows: number } {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const flag = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v !== "" && v !== "0" && v !== "false";
  };
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const m = /^coAuthors\.(\d{1,2})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const declaredRows = Math.min(Number(s("coAuthorRows")) || 0, LIMITS.maxCoAuthors + 1);
  const rowCount = Math.max(declaredRows, indexes.size ? Math.max(...indexes) + 1 : 0);
  const coAuthors = Array.from({ length: Math.min(rowCount, 99) }, (_, i) => ({
    fullName: s(`coAuthors.${i}.fullName`),
    share: s(`coAuthors.${i}.share`),
    email: s(`coAuthors.${i}.email`),
    consentPublishName: flag(`coAuthors.${i}.consentPublishName`),
  }));
  return {
    title: s("title"),
    reformArea: s("reformArea"),
    procedureDomain: s("procedureDomain"),
    scope: { type: s("scope.type"), agencyId: s("scope.agencyId"), unitName: s("scope.unitName") },
    problem: s("problem"),
    solution: s("solution"),
    benefit: s("benefit"),
    applied: { before: flag("applied.before"), at: s("applied.at") },
    confidential: s("confidential"),
    author: {
      type: s("author.type"),
      fullName: s("author.fullName"),
      email: s("author.email"),
      phone: s("author.phone"),
      organisation: s("author.organisation"),
      share: s("author.share"),
    },
    coAuthors,
    consentData: flag("consentData"),
    consentPublishName: flag("consentPublishName"),
    coAuthorRows: Math.max(1, coAuthors.length),
  };
}

export function parseSubmission(
  raw: RawSubmission,
  m: ValidationMessages,
  options: ScopeOptions,
  today = todayInHanoi(),
): { ok: true; data: ParsedSubmission } | { ok: false; errors: FieldErrors } {
  const result = parseForm(submissionSchema(m, options, today), { ...raw });
  return result.ok ? { ok: true, data: result.value } : { ok: false, errors: result.fieldErrors };
}

export function toSubmissionData(p: ParsedSubmission, lang: Lang): SubmissionData {
  return {
    title: p.title,
    reformArea: p.reformArea,
    procedureDomain: p.procedureDomain,
    scopeType: p.scope.scopeType,
    agencyId: p.scope.agencyId,
    unitId: p.scope.unitId,
    problem: p.problem,
    solution: p.solution,
    benefit: p.benefit,
    appliedBefore: p.applied.before,
    appliedAt: p.applied.at,
    confidential: p.confidential,
    authorType: p.author.type,
    author: {
      fullName: p.author.fullName,
      email: p.author.email,
      phone: p.author.phone,
      organisation: p.author.organisation,
      share: p.author.share,
    },
    coAuthors: p.coAuthors,
    consentData: true,
    consentPublishName: p.consentPublishName,
    lang,
  };
}

/** File problems as field errors, in the page's language. */
export function uploadErrors(problems: UploadProblem[], m: ValidationMessages, maxFiles = MAX_FILES): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const message =
      p.kind === "too_large"
        ? m.fileTooLarge(p.filename)
        : p.kind === "too_many"
          ? m.tooManyFiles(maxFiles)
          : p.kind === "macro"
            ? m.fileMacro(p.filename)
            : p.kind === "zip_bomb"
              ? m.fileArchive(p.filename)
              : m.fileType(p.filename);
    (errors[p.field] ??= []).push(message);
  }
  return errors;
}

/** What the form shows again after a failed attempt (no files: browsers cannot be given them back). */
export interface FormState {
  values: RawSubmission;
  coAuthorRows: number;
  submitKey: string;
  errors: FieldErrors;
  /** files had been chosen and are gone: tell the person to choose them again */
  filesDropped: boolean;
}

export type SubmissionOutcome =
  | { kind: "created"; code: string; accessToken: string }
  /** the same form with the same content again: its code only, never its secret (see receiptCookie) */
  | { kind: "duplicate"; code: string }
  | { kind: "invalid"; status: 400 | 413; state: FormState }
  | { kind: "add-coauthor"; state: FormState };

export function submissionRateBucket(ip: string): string {
  return `submit:${ip}`;
}

/**
 * The whole receive path, shared by the page's action (no JavaScript) and the upload endpoint (with it).
 * Limits before reading; files streamed to temporary storage; one schema; files stored only after
 * validation and before the transaction; on any failure nothing stays behind.
 *
 * Only submissions that create an initiative count toward the per-address limit, so a person who
 * corrects errors several times is never locked out; the slot is taken before the body is read.
 *
 * The honeypot: a filled one gets a 400 with a neutral message and nothing is stored. Pretending success
 * would need a fake code and confirmation page, which only confuses the rare person whose browser
 * autofilled the hidden field.
 */
export async function receiveSubmission(
  db: Kysely<Database>,
  request: Request,
  opts: { lang: Lang; ip: string; now?: Date },
): Promise<SubmissionOutcome> {
  const now = opts.now ?? new Date();
  // The slot is taken atomically before the body is read, so concurrent posts cannot all pass the check;
  // it is given back unless an initiative was created (a correction or a repeated post never uses one up).
  const slot = await takeRateSlot(db, submissionRateBucket(opts.ip), getEnv().SUBMISSION_RATE_LIMIT, HOUR_MS, now);
  if (!slot) {
    // Read the body first: answering while the browser still sends resets the connection and loses the page.
    await discardBody(request);
    throw new RateLimitedError();
  }
  let outcome: SubmissionOutcome | undefined;
  try {
    outcome = await receiveWithinSlot(db, request, { ...opts, now });
    return outcome;
  } finally {
    if (outcome?.kind !== "created") await releaseRateSlot(db, slot);
  }
}

async function receiveWithinSlot(
  db: Kysely<Database>,
  request: Request,
  opts: { lang: Lang; ip: string; now: Date },
): Promise<SubmissionOutcome> {
  const now = opts.now;
  const t = dictionaryFor(opts.lang).citizen;

  return withUpload(db, request, SUBMISSION_UPLOAD, async (received, commit): Promise<SubmissionOutcome> => {
    const raw = rawFromForm(received.form);
    const submitKeyRaw = received.form.get("submitKey");
    const submitKey = typeof submitKeyRaw === "string" && SUBMIT_KEY.test(submitKeyRaw) ? submitKeyRaw : randomToken();
    const { coAuthorRows, ...values } = raw;
    const hadFiles = received.files.length > 0 || received.problems.length > 0;
    const state = (errors: FieldErrors, rows = coAuthorRows): FormState => ({
      values,
      coAuthorRows: rows,
      submitKey,
      errors,
      filesDropped: hadFiles,
    });

    if (received.form.get("intent") === "add-coauthor") {
      return { kind: "add-coauthor", state: state({}, Math.min(coAuthorRows + 1, LIMITS.maxCoAuthors)) };
    }
    const honeypot = received.form.get(HONEYPOT_FIELD);
    if (typeof honeypot === "string" && honeypot.trim() !== "") {
      return { kind: "invalid", status: 400, state: state({ form: [t.submit.honeypotFilled] }) };
    }

    const options = await listScopeOptions(db);
    const parsed = parseSubmission(values, t.validation, options, todayInHanoi(now));
    const fileErrors = uploadErrors(received.problems, t.validation);
    if (received.problems.some((p) => p.kind === "too_large")) {
      // Reading stopped at the oversized file, so the fields after it (the consents) never arrived:
      // judging them would report errors the person did not make. Only the file is reported.
      return { kind: "invalid", status: 413, state: state(fileErrors) };
    }
    if (!parsed.ok || Object.keys(fileErrors).length > 0) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...fileErrors };
      return { kind: "invalid", status: 400, state: state(errors) };
    }

    // A repeated post (same submit key, same content) creates nothing: its files are not kept.
    const created = await commit(
      (stored) => createInitiative(db, toSubmissionData(parsed.data, opts.lang), stored, { submitKey, now }),
      (result) => result.created,
    );
    if (!created.created) return { kind: "duplicate", code: created.code };
    return { kind: "created", code: created.code, accessToken: created.accessToken };
  });
}

/** An empty form for the page's first visit. */
export function emptyFormState(): FormState {
  return {
    values: {
      title: "",
      reformArea: "",
      procedureDomain: "",
      scope: { type: "city", agencyId: "", unitName: "" },
      problem: "",
      solution: "",
      benefit: "",
      applied: { before: false, at: "" },
      confidential: "",
      author: { type: "individual", fullName: "", email: "", phone: "", organisation: "", share: "100" },
      coAuthors: [],
      consentData: false,
      consentPublishName: false,
    },
    coAuthorRows: 1,
    submitKey: randomToken(),
    errors: {},
    filesDropped: false,
  };
}

/*
 * The confirmation page after the redirect (POST/redirect/GET) must show the private link, but the
 * secret must not sit in that page's URL, where it would stay in the browser history, in proxy logs
 * and in any Referer. It travels instead in a cookie that is httpOnly, SameSite=Strict, limited to the
 * confirmation page's path, and gone after 15 minutes; the page checks it against the database in
 * constant time. A reload within those minutes shows the page again; after that the receipt email
 * (or /track) has the link.
 *
 * A post that repeats an earlier submission (same submit key, same content) gets that submission's code
 * in a second cookie and no secret: the confirmation page shows the link only when the browser also holds
 * the first post's receipt; anyone else (someone replaying a captured form) is told the link was emailed.
 */
const RECEIPT_COOKIE = "sk_receipt";
const DUPLICATE_COOKIE = "sk_duplicate";
export const RECEIPT_PATH = "/submit/received";

function receiptAttributes(request: Request, maxAge = 900): string {
  // As the session cookie: behind a TLS proxy the app may see http, and this cookie opens the private page.
  const secure = getEnv().NODE_ENV === "production" || new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `Path=${RECEIPT_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

export function receiptCookie(request: Request, code: string, accessToken: string): string {
  return `${RECEIPT_COOKIE}=${encodeURIComponent(`${code}~${accessToken}`)}; ${receiptAttributes(request)}`;
}

/**
 * The Set-Cookie headers after a submission: a new one carries its receipt (and forgets an earlier
 * duplicate notice); a duplicate carries only its code and leaves the browser's receipt, if any, alone.
 */
export function submissionCookies(request: Request, outcome: Extract<SubmissionOutcome, { kind: "created" | "duplicate" }>): Headers {
  const headers = new Headers();
  if (outcome.kind === "created") {
    headers.append("Set-Cookie", receiptCookie(request, outcome.code, outcome.accessToken));
    headers.append("Set-Cookie", `${DUPLICATE_COOKIE}=; ${receiptAttributes(request, 0)}`);
  } else {
    headers.append("Set-Cookie", `${DUPLICATE_COOKIE}=${encodeURIComponent(outcome.code)}; ${receiptAttributes(request)}`);
  }
  return headers;
}

/** The code and due date of a received submission: nothing secret, for the "already received" page. */
export async function findReceivedCode(db: Kysely<Database>, code: string) {
  return db.selectFrom("initiatives").select(["code", "due_on"]).where("code", "=", code).executeTakeFirst();
}

/** The code of the submission a duplicate post repeated, if the browser was told of one. */
export function readDuplicateCookie(request: Request): string | null {
  const m = /(?:^|;\s*)sk_duplicate=(SK-\d{4}-\d{6})(?:;|$)/.exec(request.headers.get("Cookie") ?? "");
  return m ? m[1] : null;
}

export function readReceiptCookie(request: Request): { code: string; token: string } | null {
  const m = new RegExp(`(?:^|;\\s*)${RECEIPT_COOKIE}=([^;]+)`).exec(request.headers.get("Cookie") ?? "");
  if (!m) return null;
  let value: string;
  try {
    value = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  const [code, token] = value.split("~");
  return code && token ? { code, token } : null;
}
