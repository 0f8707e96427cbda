/**
 * The privacy notice's version. A consent given on the submission form is a consent to the notice in force at
 * that moment, so the consent records to come store this string next to each consent; change it whenever the
 * notice's content changes (the dictionary `app/i18n/sections/privacy.ts` or the controller's details).
 */
// "2026-11-30.2": consents per person and purpose, co-authors' emails and name consents, withdrawal from the private page.
export const PRIVACY_NOTICE_VERSION = "2026-11-30.2";

/** Working days within which a data subject's request is answered (Law 91/2025/QH15, Decree 356/2025/NĐ-CP). */
export const PRIVACY_REQUEST_WORKING_DAYS = 2;

/** The kinds of a data subject's request, shared by the server, the pages and the emails. */
export const PRIVACY_REQUEST_KINDS = ["erasure", "restriction", "objection"] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export type PrivacyRequestStatus = "pending" | "granted" | "refused";
