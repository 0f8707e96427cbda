// Not in the .server module beside it: the page renders this, and a .server module is empty in the browser bundle.
import type { AccessLogTable } from "../../../db/schema";

/** What a row of the access log records: an identity seen, a file opened, an export made. */
export const ACCESS_ACTIONS = ["identity", "file", "export"] as const satisfies readonly AccessLogTable["action"][];
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
