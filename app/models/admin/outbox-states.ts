// Not in the .server module beside it: the page renders this, and a .server module is empty in the browser bundle.

/** pending: not tried yet; failed: tried, will be retried; dead: will not be tried again without an administrator */
export const OUTBOX_STATES = ["dead", "failed", "pending"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
