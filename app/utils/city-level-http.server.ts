/**
 * How the city level's pages answer a refusal on their own form: the domain error's status (400, 403, 404, 409,
 * app/utils/domain-errors.server.ts) and its message in the user's language, per field where the model named one.
 */
import "~/i18n/sections/city";
import "~/i18n/sections/review";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { isDomainError } from "~/models/errors";
import { STATUS_OF } from "./domain-errors.server";
import type { FieldErrors } from "./forms";

/** A code as words: the city level's own messages first, then the review and council's (scores, votes). */
export function cityWords(request: Request) {
  const dict = dictionaryFor(langFromRequest(request));
  return (code: string) => labelOf(dict.city.errors, code) ?? labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;
}

/** A DomainError as field errors and its status; anything else is thrown on. */
export function cityRefusal(err: unknown, request: Request): { status: number; errors: FieldErrors } {
  if (!isDomainError(err)) throw err;
  const words = cityWords(request);
  const fields = (err as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
  const errors: FieldErrors = {};
  for (const [field, keys] of Object.entries(fields)) if (keys[0]) errors[field] = [words(keys[0])];
  if (Object.keys(errors).length === 0) errors.form = [words(err.messageKey)];
  return { status: STATUS_OF[err.code] ?? 400, errors };
}
