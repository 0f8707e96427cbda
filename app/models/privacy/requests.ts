/** The kinds of a data subject's request, shared by the server and the pages (no server imports here). */
export const PRIVACY_REQUEST_KINDS = ["erasure", "restriction", "objection"] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export type PrivacyRequestStatus = "pending" | "granted" | "refused";
