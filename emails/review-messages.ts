/**
 * Emails of the review, decision and publication steps. Staff messages are in Vietnamese (staff
 * accounts carry no language); the submitter's are in the language they submitted in.
 * Messages to reviewers never carry the submitter's identity.
 */
import { dictionaryFor, type Lang } from "../app/i18n/index";
import { formatDate } from "../app/utils/dates";
import { renderEmail, type RenderedEmail } from "./layout";

const STAFF_FOOTER =
  "Thư tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội, gửi tới cán bộ được phân công. Vui lòng không trả lời thư này.";

export function reviewerAssignedEmail(i: { code: string; title: string; dueOn: string; reviewUrl: string }): RenderedEmail {
  return renderEmail({
    lang: "vi",
    subject: `[${i.code}] Phân công thẩm định sáng kiến`,
    heading: "Bạn được phân công thẩm định một sáng kiến",
    paragraphs: [
      "Vui lòng chấm điểm theo từng tiêu chí và gửi phiếu trước hạn. Nếu bạn có xung đột lợi ích với sáng kiến này, hãy khai báo trên trang phiếu chấm điểm.",
    ],
    facts: [
      ["Mã hồ sơ", i.code],
      ["Tên sáng kiến", i.title],
      ["Hạn gửi phiếu", formatDate(i.dueOn, "vi")],
    ],
    action: { label: "Mở phiếu chấm điểm", url: i.reviewUrl },
    footer: STAFF_FOOTER,
  });
}

export function reviewReminderEmail(i: {
  kind: "before" | "overdue";
  code: string;
  title: string;
  dueOn: string;
  reviewUrl: string;
}): RenderedEmail {
  const overdue = i.kind === "overdue";
  return renderEmail({
    lang: "vi",
    subject: overdue ? `[${i.code}] Phiếu chấm điểm đã quá hạn` : `[${i.code}] Nhắc hạn gửi phiếu chấm điểm`,
    heading: overdue ? "Phiếu chấm điểm của bạn đã quá hạn" : "Sắp đến hạn gửi phiếu chấm điểm",
    paragraphs: [
      overdue
        ? "Hạn gửi phiếu chấm điểm đã qua. Vui lòng hoàn thành và gửi phiếu sớm nhất, hoặc báo thư ký hội đồng nếu bạn không thể thẩm định."
        : // The job may find an assignment already closer than two days (given a short deadline): no day count here.
          "Sắp đến hạn gửi phiếu chấm điểm cho sáng kiến dưới đây. Vui lòng hoàn thành và gửi phiếu trước hạn.",
    ],
    facts: [
      ["Mã hồ sơ", i.code],
      ["Tên sáng kiến", i.title],
      ["Hạn gửi phiếu", formatDate(i.dueOn, "vi")],
    ],
    action: { label: "Mở phiếu chấm điểm", url: i.reviewUrl },
    footer: STAFF_FOOTER,
  });
}

export function conflictDeclaredEmail(i: { code: string; title: string; reviewerName: string; staffUrl?: string }): RenderedEmail {
  return renderEmail({
    lang: "vi",
    subject: `[${i.code}] Thành viên thẩm định khai báo xung đột lợi ích`,
    heading: "Cần phân công thành viên thẩm định thay thế",
    paragraphs: [`${i.reviewerName} đã khai báo xung đột lợi ích và không còn thẩm định sáng kiến này. Vui lòng phân công người thay thế.`],
    facts: [
      ["Mã hồ sơ", i.code],
      ["Tên sáng kiến", i.title],
    ],
    action: i.staffUrl ? { label: "Mở hồ sơ", url: i.staffUrl } : undefined,
    footer: STAFF_FOOTER,
  });
}

const submitterWords = {
  vi: {
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    outcome: "Kết quả",
    reason: "Lý do",
    votes: "Biểu quyết",
    votesText: (present: number, f: number, a: number, ab: number) =>
      `${present} thành viên có mặt: ${f} tán thành, ${a} không tán thành, ${ab} không biểu quyết`,
    commendation: "Hình thức khen thưởng",
    certificate: "Số giấy chứng nhận",
    documents: "Văn bản kèm theo",
    documentsHint: "Bạn có thể tải văn bản quyết định từ trang theo dõi hồ sơ.",
    open: "Xem hồ sơ của bạn",
    decisionSubject: (code: string, outcome: string) => `[${code}] Quyết định của hội đồng: ${outcome}`,
    decisionHeading: "Hội đồng sáng kiến đã xét sáng kiến của bạn",
    recognisedBody: "Hội đồng sáng kiến đã biểu quyết công nhận sáng kiến của bạn. Sáng kiến sẽ được công bố trên Cổng thông tin.",
    notRecognisedBody:
      "Hội đồng sáng kiến đã xét và không công nhận sáng kiến của bạn. Lý do được nêu dưới đây. Cảm ơn bạn đã đóng góp cho công cuộc cải cách hành chính của Thành phố.",
    publishedSubject: (code: string) => `[${code}] Sáng kiến của bạn đã được công bố`,
    publishedHeading: "Sáng kiến của bạn đã được công bố",
    publishedBody: "Sáng kiến của bạn đã được công bố trên Cổng thông tin Sáng kiến CCHC của Thành phố Hà Nội.",
    publicPage: "Xem trang công bố",
    footer: "Thư này được gửi tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội. Vui lòng không trả lời thư này.",
  },
  en: {
    code: "Tracking code",
    title: "Initiative",
    outcome: "Outcome",
    reason: "Reason",
    votes: "Vote",
    votesText: (present: number, f: number, a: number, ab: number) =>
      `${present} members present: ${f} for, ${a} against, ${ab} abstaining`,
    commendation: "Commendation",
    certificate: "Certificate number",
    documents: "Documents",
    documentsHint: "You can download the decision documents from your tracking page.",
    open: "Open your submission",
    decisionSubject: (code: string, outcome: string) => `[${code}] Council decision: ${outcome}`,
    decisionHeading: "The initiatives council has decided on your initiative",
    recognisedBody: "The initiatives council voted to recognise your initiative. It will be published on the portal.",
    notRecognisedBody:
      "The initiatives council considered your initiative and did not recognise it. The reason is given below. Thank you for contributing to the city's administrative reform.",
    publishedSubject: (code: string) => `[${code}] Your initiative has been published`,
    publishedHeading: "Your initiative has been published",
    publishedBody: "Your initiative has been published on the City of Hà Nội's administrative reform initiatives portal.",
    publicPage: "Open the public page",
    footer: "This message was sent automatically by the City of Hà Nội's Sáng kiến CCHC system. Please do not reply.",
  },
} satisfies Record<Lang, unknown>;

export interface DecisionEmailInput {
  lang: Lang;
  code: string;
  title: string;
  trackUrl: string;
  outcome: "recognised" | "not_recognised";
  reason: string;
  votes: { present: number; for: number; against: number; abstain: number };
  commendation: string | null;
  certificateNumber: string | null;
  documents: string[];
}

export function decisionEmail(i: DecisionEmailInput): RenderedEmail {
  const w = submitterWords[i.lang];
  const outcome = dictionaryFor(i.lang).common.status[i.outcome];
  const facts: [string, string][] = [
    [w.code, i.code],
    [w.title, i.title],
    [w.outcome, outcome],
    [w.reason, i.reason],
    [w.votes, w.votesText(i.votes.present, i.votes.for, i.votes.against, i.votes.abstain)],
  ];
  if (i.commendation) facts.push([w.commendation, i.commendation]);
  if (i.certificateNumber) facts.push([w.certificate, i.certificateNumber]);
  if (i.documents.length > 0) facts.push([w.documents, i.documents.join("\n")]);
  return renderEmail({
    lang: i.lang,
    subject: w.decisionSubject(i.code, outcome),
    heading: w.decisionHeading,
    paragraphs: [i.outcome === "recognised" ? w.recognisedBody : w.notRecognisedBody, ...(i.documents.length > 0 ? [w.documentsHint] : [])],
    facts,
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

export function publishedEmail(i: { lang: Lang; code: string; title: string; trackUrl: string; publicUrl: string }): RenderedEmail {
  const w = submitterWords[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.publishedSubject(i.code),
    heading: w.publishedHeading,
    paragraphs: [w.publishedBody, `${w.open}: ${i.trackUrl}`],
    facts: [
      [w.code, i.code],
      [w.title, i.title],
    ],
    action: { label: w.publicPage, url: i.publicUrl },
    footer: w.footer,
  });
}
