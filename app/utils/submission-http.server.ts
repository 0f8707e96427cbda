/**
 * The submission as it arrives over HTTP, shared by the page's action (no JavaScript) and the upload endpoint
 * (with it): the per-address slot before the body is read, the multipart body streamed through the one upload
 * sequence, the model's verdict, and the receipt cookies of the confirmation page. The rules themselves are the
 * model's (app/models/initiative/submission.server.ts), which sees only plain values and stored files.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Lang } from "../i18n/index";
import { isDomainError, RateLimitedError } from "../models/errors";
import { submitCampaign } from "../models/campaigns/campaigns.server";
import { findSimilarPublished } from "../models/duplicates/similar.server";
import {
  checkSubmission,
  emptyFormState,
  listScopeOptions,
  recordSubmission,
  releaseSubmissionSlot,
  submissionInput,
  takeSubmissionSlot,
  type FormState,
  type RecordedSubmission,
} from "../models/initiative/submission.server";
import { getEnv } from "./env.server";
import { SUBMISSION_UPLOAD } from "./upload-limits";
import { discardBody, withUpload } from "./uploads.server";

export type SubmissionOutcome =
  | RecordedSubmission
  | { kind: "invalid"; status: 400 | 413; state: FormState }
  | { kind: "add-coauthor"; state: FormState }
  | { kind: "check-similar"; state: FormState };

/**
 * Limits before reading; files streamed to temporary storage; the model's rules; files stored only after the
 * form is found valid and before the transaction; on any failure nothing stays behind. The slot is given back
 * unless an initiative was created (a correction or a repeated post never uses one up).
 */
export async function receiveSubmission(
  db: Kysely<Database>,
  request: Request,
  opts: { lang: Lang; ip: string; now?: Date },
): Promise<SubmissionOutcome> {
  const now = opts.now ?? new Date();
  const slot = await takeSubmissionSlot(db, opts.ip, now);
  if (!slot) {
    // Read the body first: answering while the browser still sends resets the connection and loses the page.
    await discardBody(request);
    throw new RateLimitedError();
  }
  let outcome: SubmissionOutcome | undefined;
  try {
    outcome = await withUpload(db, request, SUBMISSION_UPLOAD, async (received, commit): Promise<SubmissionOutcome> => {
      const input = submissionInput(received.form, { problems: received.problems, count: received.files.length });
      const checked = await checkSubmission(db, input, { lang: opts.lang, now });
      if (checked.kind === "add-coauthor" || checked.kind === "check-similar") return checked;
      if (checked.kind === "invalid") return { kind: "invalid", status: checked.cutShort ? 413 : 400, state: checked.state };
      // A repeated post (same submit key, same content) creates nothing: its files are not kept.
      return commit(
        (stored) => recordSubmission(db, checked, stored, { now }),
        (result) => result.kind === "created",
      );
    });
    return outcome;
  } finally {
    if (outcome?.kind !== "created") await releaseSubmissionSlot(db, slot);
  }
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
export function submissionCookies(request: Request, outcome: RecordedSubmission): Headers {
  const headers = new Headers();
  if (outcome.kind === "created") {
    headers.append("Set-Cookie", receiptCookie(request, outcome.code, outcome.accessToken));
    headers.append("Set-Cookie", `${DUPLICATE_COOKIE}=; ${receiptAttributes(request, 0)}`);
  } else {
    headers.append("Set-Cookie", `${DUPLICATE_COOKIE}=${encodeURIComponent(outcome.code)}; ${receiptAttributes(request)}`);
  }
  return headers;
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

/*
 * What the submit page reads besides the submission, gathered here: its route module then names one server module,
 * and the page's script (which has a budget, tests/integration/public.test.ts) carries no stub per model.
 */
export { emptyFormState, findSimilarPublished, listScopeOptions, submitCampaign };

/** The campaign a posted form names: null when there is no such campaign (the form then says so, 400). */
export async function postedCampaign(db: Kysely<Database>, slug: string | undefined) {
  return submitCampaign(db, slug || null).catch((err) => {
    if (isDomainError(err) && err.code === "not_found") return null;
    throw err;
  });
}
