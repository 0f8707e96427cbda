/** The server-only checks' messages (see `citizen.checks.vi.ts`): English, with exactly its keys. */
import type { Translation } from "../shape";
import type { checks as vi } from "./citizen.checks.vi";

export const checks: Translation<typeof vi> = {
  required: "Please fill in this field.",
  tooShort: (min: number) => `At least ${min} characters.`,
  tooLong: (max: number) => `At most ${max.toLocaleString("en-GB")} characters.`,
  chooseArea: "Please choose a reform area.",
  chooseDomain: "This procedure domain is not valid.",
  chooseScope: "Please choose where the initiative applies.",
  chooseAgency: "Please choose an agency from the list.",
  chooseUnit: "Please choose a commune or ward from the list.",
  chooseAuthorType: "Please choose whom you are submitting as.",
  email: "This email address is not valid, e.g. name@example.com.",
  phone: "This phone number is not valid. Use a Vietnamese number, e.g. 0912345678 or +84912345678.",
  share: "A share must be a whole number from 1 to 100.",
  sharesSum: (sum: number) => `The shares must add up to 100 (they add up to ${sum}).`,
  tooManyCoAuthors: (max: number) => `At most ${max} co-authors.`,
  date: "This date is not valid.",
  dateRequired: "Please enter the date it was first applied.",
  dateFuture: "The date cannot be later than today.",
  consent: "You need to agree to the processing of your personal data to submit.",
  fileType: (name: string) => `The file “${name}” is not a PDF, DOCX, XLSX, PNG or JPEG file (checked by its content).`,
  fileMacro: (name: string) => `The file “${name}” contains macros. Please save it as a plain DOCX or XLSX file without macros.`,
  fileArchive: (name: string) => `The file “${name}” unpacks to more than 100 MB or is compressed abnormally. Please check the file.`,
};
