/**
 * The limits of every upload, in one module that the server (uploads.server.ts, which enforces them) and the
 * browser (the submission form's checks before sending, the file inputs' `accept`) both import: a limit
 * changed here changes on both sides at once. Plain numbers and strings only, so the browser bundle stays small.
 */

/** Files per file field of one form. */
export const MAX_FILES = 5;
/** One file's size. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Five full files plus the form's text: anything above is refused before a byte is read. */
export const MAX_REQUEST_BYTES = 52 * 1024 * 1024;

/** For the file inputs' `accept` (a hint for the browser's picker only: the server looks at the bytes). */
export const ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg";
/** The submission form also names the MIME types, which some phone pickers need. */
export const SUBMISSION_ACCEPT = `${ACCEPT_ATTRIBUTE},application/pdf,image/png,image/jpeg`;
/** A council decision is a signed document: PDF only. */
export const DECISION_ACCEPT = ".pdf,application/pdf";
export const DECISION_MIME = "application/pdf";

/** The file limits of one form, as the upload helper takes them. */
export interface UploadLimits {
  /** the names of the form's file inputs */
  fileFields: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** when set, only these detected types are kept (the rest is reported as a wrong type) */
  mimes?: readonly string[];
}

export const SUBMISSION_UPLOAD: UploadLimits = { fileFields: ["attachments"], maxFiles: MAX_FILES, maxFileBytes: MAX_FILE_BYTES };
export const REPLY_UPLOAD: UploadLimits = { fileFields: ["files"], maxFiles: MAX_FILES, maxFileBytes: MAX_FILE_BYTES };
export const DECISION_UPLOAD: UploadLimits = {
  fileFields: ["documents"],
  maxFiles: MAX_FILES,
  maxFileBytes: MAX_FILE_BYTES,
  mimes: [DECISION_MIME],
};

/**
 * What was wrong with one of the files sent, reported next to its field: the upload helper finds these, the forms'
 * rules turn them into messages. "too_large" also means the reading stopped at that file.
 */
export type UploadProblem =
  | { kind: "too_large"; field: string; filename: string }
  | { kind: "too_many"; field: string }
  | { kind: "bad_type"; field: string; filename: string }
  | { kind: "macro"; field: string; filename: string }
  | { kind: "zip_bomb"; field: string; filename: string };

/** The longest of the submission's text areas, in characters: the server's rule and the form's counters. */
export const LONG_TEXT_MAX = 10_000;
