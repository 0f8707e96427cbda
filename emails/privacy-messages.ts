/** The emails of the submitter's rights: a request received and answered, an email address to confirm or changed. */
import type { Lang } from "../app/i18n/index";
import { formatDate } from "../app/utils/dates";
import { renderEmail, type RenderedEmail } from "./layout";

import type { PrivacyRequestKind } from "../app/domain/privacy";

const words = {
  vi: {
    footer: "Thư này được gửi tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội. Vui lòng không trả lời thư này.",
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    open: "Xem hồ sơ của bạn",
    kinds: { erasure: "Yêu cầu xóa dữ liệu", restriction: "Yêu cầu hạn chế xử lý", objection: "Phản đối xử lý dữ liệu" },
    kind: "Yêu cầu",
    due: "Hạn trả lời",
    receivedSubject: (code: string) => `[${code}] Đã nhận yêu cầu về dữ liệu cá nhân`,
    receivedHeading: "Chúng tôi đã nhận yêu cầu của bạn",
    receivedBody: (days: string) =>
      `Yêu cầu về dữ liệu cá nhân của bạn đã được ghi nhận và sẽ được trả lời chậm nhất vào ngày ${days} (2 ngày làm việc). Câu trả lời được gửi qua thư này và hiện trên trang hồ sơ của bạn.`,
    answerSubject: (code: string) => `[${code}] Trả lời yêu cầu về dữ liệu cá nhân`,
    answerHeading: (granted: boolean) => (granted ? "Yêu cầu của bạn được chấp nhận" : "Yêu cầu của bạn không được chấp nhận"),
    decision: "Kết quả",
    granted: "Chấp nhận",
    refused: "Không chấp nhận",
    reasons: "Lý do",
    erased:
      "Họ tên, thư điện tử, số điện thoại và tổ chức của bạn và của các đồng tác giả đã được xóa khỏi hồ sơ. Đây là thư cuối cùng gửi đến địa chỉ này.",
    erasedKept:
      "Họ tên, thư điện tử, số điện thoại và tổ chức của bạn và của các đồng tác giả đã được xóa khỏi hồ sơ. Vì sáng kiến đã được công nhận, quyết định công nhận, giấy chứng nhận và nội dung sáng kiến được lưu giữ theo quy định của pháp luật, không còn gắn với tên bạn. Đây là thư cuối cùng gửi đến địa chỉ này.",
    restricted:
      "Từ nay cán bộ không còn xem hay dùng thông tin liên hệ của bạn, trừ để trả lời yêu cầu; hệ thống chỉ gửi thư cho bạn về yêu cầu này.",
    confirmSubject: (code: string) => `[${code}] Xác nhận địa chỉ thư điện tử mới`,
    confirmHeading: "Xác nhận địa chỉ thư điện tử mới",
    confirmBody: (hours: number) =>
      `Người gửi hồ sơ dưới đây đề nghị dùng địa chỉ này để nhận thư về hồ sơ. Mở đường dẫn trong vòng ${hours} giờ để xác nhận. Nếu bạn không đề nghị, hãy bỏ qua thư này: địa chỉ sẽ không được dùng.`,
    confirm: "Xác nhận địa chỉ này",
    changedSubject: (code: string) => `[${code}] Địa chỉ thư điện tử của hồ sơ đã thay đổi`,
    changedHeading: "Địa chỉ thư điện tử đã thay đổi",
    changedBody: (email: string) =>
      `Từ nay thư về hồ sơ dưới đây được gửi đến ${email}, theo đề nghị từ trang hồ sơ riêng và đã được xác nhận từ địa chỉ mới. Nếu không phải bạn đề nghị, hãy liên hệ cơ quan theo thông tin trên trang Thông báo xử lý dữ liệu cá nhân.`,
  },
  en: {
    footer: "This message was sent automatically by the City of Hà Nội's Sáng kiến CCHC system. Please do not reply.",
    code: "Tracking code",
    title: "Initiative",
    open: "Open your submission",
    kinds: { erasure: "Erasure request", restriction: "Restriction request", objection: "Objection to processing" },
    kind: "Request",
    due: "Answer due by",
    receivedSubject: (code: string) => `[${code}] Your personal data request was received`,
    receivedHeading: "We received your request",
    receivedBody: (days: string) =>
      `Your request about your personal data is recorded and will be answered by ${days} at the latest (2 working days). The answer comes by email and shows on your submission's page.`,
    answerSubject: (code: string) => `[${code}] Answer to your personal data request`,
    answerHeading: (granted: boolean) => (granted ? "Your request is granted" : "Your request is refused"),
    decision: "Decision",
    granted: "Granted",
    refused: "Refused",
    reasons: "Reasons",
    erased:
      "Your and your co-authors' names, emails, phone numbers and organisations have been deleted from the submission. This is the last email sent to this address.",
    erasedKept:
      "Your and your co-authors' names, emails, phone numbers and organisations have been deleted from the submission. As the initiative was recognised, the recognition decision, the certificate and the initiative's content are kept as the law requires, no longer tied to your name. This is the last email sent to this address.",
    restricted:
      "From now on staff no longer see or use your contact details except to answer requests, and the system emails you only about this request.",
    confirmSubject: (code: string) => `[${code}] Confirm your new email address`,
    confirmHeading: "Confirm your new email address",
    confirmBody: (hours: number) =>
      `The submitter of the initiative below asked for this address to receive its emails. Open the link within ${hours} hours to confirm. If it was not you, ignore this email: the address will not be used.`,
    confirm: "Confirm this address",
    changedSubject: (code: string) => `[${code}] The submission's email address has changed`,
    changedHeading: "The email address has changed",
    changedBody: (email: string) =>
      `From now on emails about the submission below go to ${email}, as asked on its private page and confirmed from the new address. If it was not you, contact the city using the details on the personal data notice.`,
  },
} satisfies Record<Lang, unknown>;

interface Ref {
  lang: Lang;
  code: string;
  title: string;
}

function facts(w: (typeof words)[Lang], i: Ref): [string, string][] {
  return [
    [w.code, i.code],
    [w.title, i.title],
  ];
}

export function privacyReceivedEmail(i: Ref & { kind: PrivacyRequestKind; dueOn: string; trackUrl: string }): RenderedEmail {
  const w = words[i.lang];
  const due = formatDate(i.dueOn, i.lang);
  return renderEmail({
    lang: i.lang,
    subject: w.receivedSubject(i.code),
    heading: w.receivedHeading,
    paragraphs: [w.receivedBody(due)],
    facts: [...facts(w, i), [w.kind, w.kinds[i.kind]], [w.due, due]],
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

export function privacyAnswerEmail(
  i: Ref & { kind: PrivacyRequestKind; decision: "granted" | "refused"; answer: string; recognised: boolean; trackUrl: string },
): RenderedEmail {
  const w = words[i.lang];
  const granted = i.decision === "granted";
  const erased = granted && i.kind === "erasure";
  const paragraphs = erased ? [i.recognised ? w.erasedKept : w.erased] : granted ? [w.restricted] : [];
  return renderEmail({
    lang: i.lang,
    subject: w.answerSubject(i.code),
    heading: w.answerHeading(granted),
    paragraphs,
    facts: [...facts(w, i), [w.kind, w.kinds[i.kind]], [w.decision, granted ? w.granted : w.refused], [w.reasons, i.answer]],
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

export function emailConfirmEmail(i: Ref & { url: string; hours: number }): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.confirmSubject(i.code),
    heading: w.confirmHeading,
    paragraphs: [w.confirmBody(i.hours)],
    facts: facts(w, i),
    action: { label: w.confirm, url: i.url },
    footer: w.footer,
  });
}

export function emailChangedEmail(i: Ref & { newEmail: string }): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.changedSubject(i.code),
    heading: w.changedHeading,
    paragraphs: [w.changedBody(i.newEmail)],
    facts: facts(w, i),
    footer: w.footer,
  });
}
