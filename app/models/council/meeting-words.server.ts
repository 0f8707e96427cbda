/** A meeting refusal's code in the reader's words: the meetings section first, then the decision's own (the vote rules). */
import type { Dictionary } from "../../i18n/index";
import { labelOf } from "../../i18n/index";
import "../../i18n/sections/meetings";
import "../../i18n/sections/review";

export function meetingWords(d: Dictionary) {
  return (code: string) => labelOf(d.meetings.errors, code) ?? labelOf(d.review.errors, code) ?? d.meetings.errors.invalid;
}
