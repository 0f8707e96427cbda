/**
 * The submission form: its fields, sections and validation messages (what follows a submission is in `tracking`). Each language is its own module, so a page's script can carry only the reader's
 * (`citizen.page.ts`); this module, for the server, the emails and the tests, has both and registers them, with the
 * messages of the checks only the server makes (`citizen.checks.*.ts`) merged into `validation`.
 */
import { registerSection } from "../registry";
import { vi as pageVi } from "./citizen.vi";
import { en as pageEn } from "./citizen.en";
import { checks as checksVi } from "./citizen.checks.vi";
import { checks as checksEn } from "./citizen.checks.en";

export const vi = { ...pageVi, validation: { ...pageVi.validation, ...checksVi } };
export const en = { ...pageEn, validation: { ...pageEn.validation, ...checksEn } };

registerSection("citizen", vi, en);
