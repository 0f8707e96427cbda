/**
 * The submission form: its one zod schema (messages in the page's language), the rules a submission passes
 * before anything is stored (honeypot, validation, file problems), the per-address limit, and recording it in
 * one transaction. Reading the request and answering it is app/utils/submission-http.server.ts.
 * Form field names are the schema's paths ("author.email", "coAuthors.0.share"), so an issue's path
 * is the name of the field it belongs to.
 */
import "~/i18n/sections/citizen";
import "~/i18n/sections/campaigns";
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { dictionaryFor, type Lang } from "../../i18n/index";
import { hanoiDate as todayInHanoi } from "../../utils/clock";
import { getEnv } from "../../utils/env.server";
import { HOUR_MS, releaseRateSlot, takeRateSlot, type RateSlot } from "../../utils/rate-limit.server";
import { cleanLine, cleanText, fold } from "../../utils/text";
import { randomToken } from "../../utils/tokens.server";
import { parseForm, type FieldErrors } from "../../utils/forms";
import { LONG_TEXT_MAX, MAX_FILES, SUBMISSION_UPLOAD, type UploadProblem } from "../../utils/upload-limits";
import { createInitiative, type StoredFile, type SubmissionData } from "./initiatives.server";
import { AUTHOR_TYPES, PROCEDURE_DOMAINS, REFORM_AREAS, SCOPE_TYPES, type ProcedureDomain } from "./taxonomy";
import { isOneOf } from "../../domain/vocabulary";
import { findOpenCampaign } from "../campaigns/campaigns.server";

export type ValidationMessages = ReturnType<typeof dictionaryFor>["citizen"]["validation"];

export const LIMITS = {
  titleMin: 10,
  titleMax: 200,
  longMin: 20,
  longMax: LONG_TEXT_MAX,
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
  /** the slug of the campaign the form answers (a hidden field kept through every round), "" for none */
  campaign?: string;
}

/** A submission that was received: a new one with its secret, or a repeat of an earlier one with its code only. */
export type RecordedSubmission =
  | { kind: "created"; code: string; accessToken: string }
  /** the same form with the same content again: its code only, never its secret (see the receipt cookie) */
  | { kind: "duplicate"; code: string };

/**
 * What the person sent, as plain values: the fields as typed, the hidden ones (key, intent, honeypot), and what
 * the upload found wrong with the files (which are kept aside by the caller until the form is found valid).
 */
export interface SubmissionInput {
  values: RawSubmission;
  coAuthorRows: number;
  submitKey: string;
  intent: string;
  honeypot: string;
  fileProblems: UploadProblem[];
  /** files had been chosen (and must be chosen again if the form comes back) */
  hadFiles: boolean;
  /** the campaign's slug from the hidden field, "" for none */
  campaign?: string;
}

/** The form's values and hidden fields from its data; the files' side comes from whoever read them. */
export function submissionInput(form: FormData, files: { problems: UploadProblem[]; count: number }): SubmissionInput {
  const { coAuthorRows, ...values } = rawFromForm(form);
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    values,
    coAuthorRows,
    submitKey: s("submitKey"),
    intent: s("intent"),
    honeypot: s(HONEYPOT_FIELD),
    fileProblems: files.problems,
    hadFiles: files.count > 0 || files.problems.length > 0,
    campaign: s("campaign").trim(),
  };
}

/** The verdict on a submission before anything is stored. */
export type SubmissionCheck =
  | { kind: "add-coauthor"; state: FormState }
  /** the "check for similar initiatives" button without JavaScript: the form comes back filled, nothing is stored */
  | { kind: "check-similar"; state: FormState }
  /** `cutShort`: an oversized file stopped the reading, so only the file is reported */
  | { kind: "invalid"; cutShort: boolean; state: FormState }
  | { kind: "valid"; data: SubmissionData; submitKey: string; state: FormState };

export function submissionRateBucket(ip: string): string {
  return `submit:${ip}`;
}

/**
 * Only submissions that create an initiative count toward the per-address limit, so a person who corrects errors
 * several times is never locked out. The slot is taken atomically before the body is read, so concurrent posts
 * cannot all pass the check; the caller gives it back (`releaseSubmissionSlot`) unless an initiative was created.
 * Null when the address has used up its submissions for the hour.
 */
export function takeSubmissionSlot(db: Kysely<Database>, ip: string, now: Date): Promise<RateSlot | null> {
  return takeRateSlot(db, submissionRateBucket(ip), getEnv().SUBMISSION_RATE_LIMIT, HOUR_MS, now);
}

export function releaseSubmissionSlot(db: Kysely<Database>, slot: RateSlot): Promise<void> {
  return releaseRateSlot(db, slot);
}

/**
 * The rules, before anything is stored: one schema, the file problems beside the fields.
 *
 * The honeypot: a filled one is refused with a neutral message and nothing is stored. Pretending success
 * would need a fake code and confirmation page, which only confuses the rare person whose browser
 * autofilled the hidden field.
 */
export async function checkSubmission(
  db: Kysely<Database>,
  input: SubmissionInput,
  opts: { lang: Lang; now: Date },
): Promise<SubmissionCheck> {
  const t = dictionaryFor(opts.lang).citizen;
  const { values, coAuthorRows } = input;
  const submitKey = SUBMIT_KEY.test(input.submitKey) ? input.submitKey : randomToken();
  const state = (errors: FieldErrors, rows = coAuthorRows): FormState => ({
    values,
    coAuthorRows: rows,
    submitKey,
    errors,
    filesDropped: input.hadFiles,
    campaign: input.campaign ?? "",
  });

  if (input.intent === "add-coauthor") {
    return { kind: "add-coauthor", state: state({}, Math.min(coAuthorRows + 1, LIMITS.maxCoAuthors)) };
  }
  if (input.intent === "check-similar") return { kind: "check-similar", state: state({}) };
  if (input.honeypot.trim() !== "") {
    return { kind: "invalid", cutShort: false, state: state({ form: [t.submit.honeypotFilled] }) };
  }

  const options = await listScopeOptions(db);
  const parsed = parseSubmission(values, t.validation, options, todayInHanoi(opts.now));
  const fileErrors = uploadErrors(input.fileProblems, t.validation);
  // Only an open campaign may be named: one that closed while the form was being filled is said so, not dropped.
  const campaign = input.campaign ? await findOpenCampaign(db, input.campaign, todayInHanoi(opts.now)) : null;
  if (input.campaign && !campaign) (fileErrors.form ??= []).push(dictionaryFor(opts.lang).citizen.campaign.notOpen);
  if (input.fileProblems.some((p) => p.kind === "too_large")) {
    // Reading stopped at the oversized file, so the fields after it (the consents) never arrived:
    // judging them would report errors the person did not make. Only the file is reported.
    return { kind: "invalid", cutShort: true, state: state(fileErrors) };
  }
  if (!parsed.ok || Object.keys(fileErrors).length > 0) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...fileErrors };
    return { kind: "invalid", cutShort: false, state: state(errors) };
  }
  return {
    kind: "valid",
    data: { ...toSubmissionData(parsed.data, opts.lang), campaignId: campaign?.id ?? null },
    submitKey,
    state: state({}),
  };
}

/**
 * Records a valid submission with its files, already in storage, in one transaction. A repeated post (same submit
 * key, same content) creates nothing and is told the earlier one's code: the caller does not keep its files.
 */
export async function recordSubmission(
  db: Kysely<Database>,
  valid: { data: SubmissionData; submitKey: string },
  files: StoredFile[],
  opts: { now: Date },
): Promise<RecordedSubmission> {
  const created = await createInitiative(db, valid.data, files, { submitKey: valid.submitKey, now: opts.now });
  if (!created.created) return { kind: "duplicate", code: created.code };
  return { kind: "created", code: created.code, accessToken: created.accessToken };
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

/** The code and due date of a received submission: nothing secret, for the "already received" page. */
export async function findReceivedCode(db: Kysely<Database>, code: string) {
  return db.selectFrom("initiatives").select(["code", "due_on"]).where("code", "=", code).executeTakeFirst();
}
