/** The kinds of a data subject's request: the domain's vocabulary (app/domain/privacy.ts), here for the models' imports. */
export { PRIVACY_REQUEST_KINDS, type PrivacyRequestKind, type PrivacyRequestStatus } from "../../domain/privacy";
