/**
 * The submission form: its fields, sections and validation messages (what follows a submission is in `tracking`). Each language is its own module, so a page's script can carry only the reader's
 * (`citizen.page.ts`); this module, for the server, the emails and the tests, has both and registers them.
 */
import { registerSection } from "../registry";
import { vi } from "./citizen.vi";
import { en } from "./citizen.en";

export { vi, en };

registerSection("citizen", vi, en);
