/**
 * The content of each email the app sends, in the recipient's language.
 * Add a function per kind of message; each returns a rendered email for the outbox.
 */
import { dictionaryFor, type Lang } from "../app/i18n/index";
import { formatDate } from "../app/utils/dates";
import type { Status } from "../app/domain/vocabulary";
import { renderEmail, type RenderedEmail } from "./layout";
import { RATE_INVITE } from "./rating-messages";
import { isRatable } from "../app/domain/ratings";

const words = {
  vi: {
    footer: "Thư này được gửi tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội. Vui lòng không trả lời thư này.",
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    due: "Hạn trả lời",
    status: "Trạng thái",
    open: "Xem hồ sơ của bạn",
    receiptSubject: (code: string) => `[${code}] Giấy biên nhận hồ sơ sáng kiến`,
    receiptHeading: "Giấy biên nhận hồ sơ sáng kiến",
    receiptBody:
      "Thành phố Hà Nội đã tiếp nhận sáng kiến cải cách hành chính của bạn. Hãy giữ mã hồ sơ và đường dẫn riêng dưới đây để theo dõi, bổ sung thông tin hoặc rút hồ sơ. Không chia sẻ đường dẫn này với người khác.",
    linkSubject: (code: string) => `[${code}] Đường dẫn theo dõi hồ sơ`,
    linkHeading: "Đường dẫn theo dõi hồ sơ của bạn",
    linkBody: "Bạn (hoặc ai đó) đã yêu cầu gửi lại đường dẫn riêng để theo dõi hồ sơ này.",
    statusSubject: (code: string, status: string) => `[${code}] ${status}`,
    statusHeading: (status: string) => `Hồ sơ của bạn: ${status}`,
    statusBody: "Trạng thái hồ sơ sáng kiến của bạn đã thay đổi.",
    message: "Nội dung",
  },
  en: {
    footer: "This message was sent automatically by the City of Hà Nội's Sáng kiến CCHC system. Please do not reply.",
    code: "Tracking code",
    title: "Initiative",
    due: "Answer due by",
    status: "Status",
    open: "Open your submission",
    receiptSubject: (code: string) => `[${code}] Receipt for your initiative`,
    receiptHeading: "Receipt for your initiative",
    receiptBody:
      "The City of Hà Nội has received your administrative reform initiative. Keep the tracking code and the private link below to follow it, send more information or withdraw it. Do not share the link.",
    linkSubject: (code: string) => `[${code}] Your tracking link`,
    linkHeading: "Your private tracking link",
    linkBody: "You (or someone) asked for the private link to this submission to be sent again.",
    statusSubject: (code: string, status: string) => `[${code}] ${status}`,
    statusHeading: (status: string) => `Your submission: ${status}`,
    statusBody: "The status of your initiative has changed.",
    message: "Message",
  },
} satisfies Record<Lang, unknown>;

export interface InitiativeRef {
  lang: Lang;
  code: string;
  title: string;
  dueOn: string;
  trackUrl: string;
}

export function receiptEmail(i: InitiativeRef): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.receiptSubject(i.code),
    heading: w.receiptHeading,
    paragraphs: [w.receiptBody],
    facts: [
      [w.code, i.code],
      [w.title, i.title],
      [w.due, formatDate(i.dueOn, i.lang)],
    ],
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

export function trackingLinkEmail(i: InitiativeRef): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.linkSubject(i.code),
    heading: w.linkHeading,
    paragraphs: [w.linkBody],
    facts: [
      [w.code, i.code],
      [w.title, i.title],
    ],
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

export function statusChangedEmail(i: InitiativeRef & { status: Status; message: string | null }): RenderedEmail {
  const w = words[i.lang];
  const label = dictionaryFor(i.lang).common.status[i.status];
  const facts: [string, string][] = [
    [w.code, i.code],
    [w.title, i.title],
    [w.status, label],
  ];
  if (i.message) facts.push([w.message, i.message]);
  return renderEmail({
    lang: i.lang,
    subject: w.statusSubject(i.code, label),
    heading: w.statusHeading(label),
    paragraphs: isRatable(i.status) ? [w.statusBody, RATE_INVITE[i.lang](`${i.trackUrl}#rating`)] : [w.statusBody],
    facts,
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}
