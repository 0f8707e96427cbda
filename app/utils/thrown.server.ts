/**
 * Turning a model's thrown `httpError` back into data, so an action can show the message on the form
 * (with the same status) instead of leaving the page for the error boundary.
 */
import { isResponse } from "./http.server";

export interface ThrownError {
  status: number;
  code: string;
  extra: Record<string, unknown>;
}

/** The status and code of a thrown httpError with one of the given statuses; anything else is rethrown. */
export async function caught(err: unknown, statuses: readonly number[]): Promise<ThrownError> {
  if (!isResponse(err) || !statuses.includes(err.status)) throw err;
  let body: Record<string, unknown> = {};
  try {
    body = (await err.clone().json()) as Record<string, unknown>;
  } catch {
    // not one of ours: keep the status, no code
  }
  const { code, ...extra } = body;
  return { status: err.status, code: typeof code === "string" ? code : "error", extra };
}
