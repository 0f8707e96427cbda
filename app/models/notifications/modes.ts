// Not in the .server module beside it: the page renders this, and a .server module is empty in the browser bundle.

/** How a staff member wants to hear of work: each notice at once, the 08:00 digest, or not at all. */
export const NOTIFY_MODES = ["immediate", "digest", "off"] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];
