/** The submission form: its fields, sections and validation messages (what follows a submission is in `tracking`): English, with exactly the keys of `citizen.vi.ts` (a missing or extra key is a type error). */
import type { Translation } from "../shape";
import type { vi } from "./citizen.vi";

export const en: Translation<typeof vi> = {
  fields: {
    required: "required",
    optional: "optional",
    errorPrefix: "Error:",
  },
  submit: {
    title: "Submit an administrative reform initiative",
    intro:
      "You do not need an account. After sending you get a tracking code and a private link to follow your submission, send more information or withdraw it.",
    requiredNote: "Fields marked (required) must be filled in.",
    sections: {
      initiative: "Initiative",
      scope: "Where it applies",
      content: "Content",
      applied: "Trial",
      author: "Author",
      coAuthors: "Co-authors and shares of contribution",
      files: "Attachments",
      consents: "Consent",
    },
    fields: {
      title: { label: "Title of the initiative", hint: "Name the essence of the solution (10–200 characters)." },
      reformArea: { label: "Reform area", choose: "— Choose an area —" },
      procedureDomain: { label: "Procedure domain", none: "— No specific domain —" },
      scopeType: { label: "Where does it apply?" },
      agency: { label: "City agency", choose: "— Choose an agency —" },
      unit: { label: "Commune or ward", hint: "Type part of the name to find one of the 126 communes and wards (e.g. Hoàn Kiếm)." },
      problem: { label: "The problem today", hint: "What makes things hard for citizens, businesses or the administration?" },
      solution: { label: "The solution", hint: "What changes, the steps, the conditions needed." },
      benefit: { label: "Expected benefit", hint: "Time, cost and visits saved; who benefits." },
      appliedBefore: { label: "The initiative has been applied or trialled" },
      appliedAt: { label: "Date first applied", hint: "Not later than today." },
      confidential: {
        label: "Information to keep confidential",
        hint: "Anything that must never be published (optional). Only the staff handling the submission can see it.",
      },
      authorType: { label: "You are submitting as" },
      fullName: { label: "Full name" },
      email: { label: "Email", hint: "The receipt and notifications are sent to this address." },
      phone: { label: "Phone number", hint: "For example 0912345678 or +84912345678." },
      organisation: { label: "Name of the organisation or business", hint: "Required when submitting as an organisation or business." },
      authorShare: { label: "Your share of contribution (%)", hint: "Your share and the co-authors' shares must add up to 100." },
      coAuthorName: (n: number) => `Co-author ${n}: full name`,
      coAuthorShare: (n: number) => `Co-author ${n}: share of contribution (%)`,
      coAuthorsHint: "Leave unused rows empty.",
      attachments: {
        label: "Attachments",
        hint: "Up to 5 files (PDF, DOCX, XLSX, PNG or JPEG), 10 MB each at most.",
      },
      consentData: {
        label:
          "I agree that my personal data is processed to consider this initiative (Personal Data Protection Law 91/2025/QH15, Decree 356/2025/NĐ-CP).",
      },
      consentPublishName: { label: "I agree that my name is published if the initiative is recognised." },
      honeypot: "Leave this field empty",
    },
    addCoAuthor: "Add a co-author",
    send: "Submit the initiative",
    sending: "Sending…",
    progressLabel: "Upload progress",
    progress: (pct: number) => `${pct}% uploaded`,
    filesNote: "For your safety, the files you chose are not kept after an error. Please choose them again before sending.",
    errorSummaryTitle: "Your submission was not sent",
    errorSummaryIntro: (n: number) => (n === 1 ? "Please fix this problem:" : `Please fix these ${n} problems:`),
    honeypotFilled: "The submission could not be sent. Reload the page and try again.",
    networkError: "The connection was lost while sending. Check your network and try again.",
    rateLimited: "Too many submissions from this network address in the last hour. Please try again later.",
    requestTooLarge: "What you sent is larger than 52 MB. Send fewer or smaller files.",
  },
  /** What the browser checks itself before sending; the server's other checks are in `citizen.checks.en.ts`. */
  validation: {
    fileTooLarge: (name: string) => `The file “${name}” is larger than 10 MB.`,
    tooManyFiles: (max: number) => `You can attach at most ${max} files.`,
  },
  privacyLinks: {
    consent: "Which data is used, who sees it, how long it is kept and your rights:",
    reply: "Your answer and files are handled like the original submission:",
    notice: "Personal data notice",
    newTab: "(opens in a new tab)",
  },
  coAuthorFields: {
    email: (n: number) => `Co-author ${n}: email`,
    emailHint: "Optional. Only to contact them about the initiative; never published, never passed to reviewers.",
    consent: (n: number) => `Co-author ${n} agrees that their name is published if the initiative is recognised.`,
    consentHint: "Tick only if the co-author has agreed themselves; unticked, their name is not published.",
  },
  longForm: {
    limit: (max: number) => `At most ${max.toLocaleString("en-GB")} characters.`,
    count: (n: number, max: number) => `${n.toLocaleString("en-GB")} of ${max.toLocaleString("en-GB")} characters`,
    over: (n: number) => `${n.toLocaleString("en-GB")} characters too many`,
    draftRestored: (time: string) =>
      `Your draft saved in this browser at ${time} has been restored. Attached files are not kept in the draft.`,
    discardDraft: "Discard draft",
    draftDiscarded: "The draft has been discarded.",
    draftNote: "The initiative's content is kept as a draft in this browser (no personal details, no files) until you send it.",
  },
  similar: {
    title: "There may already be a similar initiative",
    intro: "These published initiatives are close to yours. Have a look before sending; you may still send yours.",
    none: "No similar published initiative found yet.",
    check: "Check for similar initiatives",
    checking: "Looking for similar initiatives…",
    found: (n: number) => `${n} similar published initiative${n === 1 ? "" : "s"} found.`,
    score: (pct: number) => `${pct}% alike`,
  },
  campaign: {
    banner: (title: string) => `You are submitting to the campaign: ${title}`,
    notOpen:
      "This campaign is not accepting initiatives. You can still submit an initiative outside any campaign from the submission page.",
    closedNotice: (title: string) =>
      `The campaign “${title}” is not accepting initiatives. An initiative sent from this page belongs to no campaign.`,
  },
};
