/**
 * The texts every page shows (header, footer, navigation, errors, the vocabulary's labels). Each language is its own module, so a page's script can carry only the reader's
 * (`common.page.ts`); this module, for the server, the emails and the tests, has both and registers them.
 */
import { registerSection } from "../registry";
import { vi } from "./common.vi";
import { en } from "./common.en";

export { vi, en };

registerSection("common", vi, en);
