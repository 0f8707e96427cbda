/**
 * What follows a submission: the confirmation, the tracking pages, the development mailbox. Each language is its own module, so a page's script can carry only the reader's
 * (`tracking.page.ts`); this module, for the server, the emails and the tests, has both and registers them.
 */
import { registerSection } from "../registry";
import { vi } from "./tracking.vi";
import { en } from "./tracking.en";

export { vi, en };

registerSection("tracking", vi, en);
