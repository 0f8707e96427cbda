/**
 * The one way a form is validated: a zod schema parses what the browser sent, and a failure becomes one
 * shape, `FieldErrors` (field name → messages, "form" for what belongs to no field), that the field kit
 * (`~/components/form-fields`) ties to each field and lists in the error summary.
 *
 * Field names are the schema's paths joined with dots ("author.email", "coAuthors.0.share", "2.weight"),
 * so an issue's path is the name, and the id, of the field it belongs to.
 *
 * Messages come from the schema in the user's language: a schema built from the dictionary
 * (`schemaFor(t)`) says the words itself; a schema shared with the browser or the models says a code
 * ("reason_short"), and `messages` turns the code into words. Only types are taken from zod here, so a
 * page that imports this module carries no zod into the browser.
 *
 * Why not Conform (the Epic Stack's choice): every form here posts a plain HTML form and is answered by the
 * server, and the one enhanced form (the submission) sends through XMLHttpRequest for upload progress;
 * Conform's gain is client-side validation and field metadata, which would add a dependency and weight to
 * the submission page's tight script budget for behaviour these forms do not use.
 */
import type { ZodIssue, ZodType, ZodTypeDef } from "zod";

/** Field name → its messages, in the order the schema found them; "form" holds what belongs to no field. */
export type FieldErrors = Record<string, string[]>;

export const FORM_ERROR = "form";

/** Turns a message code into words; an unknown code is kept as it is. */
export type Messages = ((code: string) => string | undefined) | Record<string, string>;

function say(messages: Messages | undefined, code: string): string {
  if (!messages) return code;
  const words = typeof messages === "function" ? messages(code) : messages[code];
  return words ?? code;
}

/** Every issue under its field's name; one message once per field. */
export function issuesToFieldErrors(issues: readonly ZodIssue[], messages?: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || FORM_ERROR;
    const list = (errors[key] ??= []);
    const message = say(messages, issue.message);
    if (!list.includes(message)) list.push(message);
  }
  return errors;
}

/**
 * A model's own checks that answer a code per field (the review form against its rubric) as field errors
 * in the user's language.
 */
export function codesToFieldErrors(codes: Record<string, string | undefined>, messages: Messages): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, code] of Object.entries(codes)) if (code) errors[field] = [say(messages, code)];
  return errors;
}

/**
 * The errors of one of several forms on a page under that form's scope ("name" of scope "u12" →
 * "u12.name"), which is the id the field kit gave the field; "form" stays as it is.
 */
export function scopedErrors(errors: FieldErrors, scope: string): FieldErrors {
  if (!scope) return errors;
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === FORM_ERROR ? k : `${scope}.${k}`, v]));
}

/** Adds messages to a field (the rules a schema cannot see: a taken email, a file problem). */
export function addFieldError(errors: FieldErrors, field: string, message: string): FieldErrors {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((list) => list.length > 0);
}

/** What was typed, to fill the form again: the text of each field (the last one of a repeated name). */
export function formValues(input: FormData | URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of input.entries()) if (typeof value === "string") values[key] = value;
  return values;
}

/**
 * The object a schema parses from the form: each field's text under its name; a name sent several times
 * (checkboxes of one group) gives a list. Files are left out: they go through the upload helper.
 * With `fields`, only those names are read, so a field the schema does not know is never parsed.
 */
export function formObject(input: FormData | URLSearchParams, fields?: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const keys = fields ?? [...new Set(input.keys())];
  for (const key of keys) {
    const all = input.getAll(key).filter((v): v is string => typeof v === "string");
    if (all.length === 0) continue;
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

export type ParsedForm<T> =
  { ok: true; value: T; values: Record<string, string> } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/**
 * Parses a form with its schema. `input` is the request's form data (or a plain object already read from
 * it, for a form with a shape of its own such as the submission's nested fields). On failure: every
 * field's messages in the user's language and the values as typed, to show the form again.
 */
export function parseForm<Out, In>(
  schema: ZodType<Out, ZodTypeDef, In>,
  input: FormData | URLSearchParams | Record<string, unknown> | readonly unknown[],
  opts: { messages?: Messages; fields?: readonly string[] } = {},
): ParsedForm<Out> {
  const isForm = typeof FormData !== "undefined" && input instanceof FormData;
  const isParams = input instanceof URLSearchParams;
  const raw = isForm || isParams ? formObject(input as FormData | URLSearchParams, opts.fields) : input;
  const values =
    isForm || isParams
      ? formValues(input as FormData | URLSearchParams)
      : Array.isArray(input)
        ? {}
        : textValues(input as Record<string, unknown>);
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data, values };
  return { ok: false, fieldErrors: issuesToFieldErrors(result.error.issues, opts.messages), values };
}

function textValues(input: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) if (typeof v === "string") values[k] = v;
  return values;
}
