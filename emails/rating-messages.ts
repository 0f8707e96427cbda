/**
 * The mail about a rating: a staff member's answer to the submitter's comment (app/models/service-targets/ratings.server.ts).
 * The link leads to the private page's rating section, where the answer is kept too.
 */
import type { Lang } from "../app/i18n/index";
import { renderEmail, type RenderedEmail } from "./layout";
import type { InitiativeRef } from "./messages";

const words = {
  vi: {
    subject: (code: string) => `[${code}] Trả lời góp ý của bạn`,
    heading: "Trả lời góp ý của bạn về việc xử lý hồ sơ",
    body: "Cảm ơn bạn đã đánh giá việc xử lý hồ sơ sáng kiến. Cán bộ phụ trách đã trả lời góp ý của bạn:",
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    open: "Xem trên trang theo dõi hồ sơ",
    footer: "Thư này được gửi tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội. Vui lòng không trả lời thư này.",
  },
  en: {
    subject: (code: string) => `[${code}] An answer to your comment`,
    heading: "An answer to your comment on how your submission was handled",
    body: "Thank you for rating how your initiative was handled. The staff in charge answered your comment:",
    code: "Tracking code",
    title: "Initiative",
    open: "Read it on your tracking page",
    footer: "This message was sent automatically by the City of Hà Nội's Sáng kiến CCHC system. Please do not reply.",
  },
} satisfies Record<Lang, unknown>;

export function ratingReplyEmail(i: InitiativeRef & { body: string }): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.subject(i.code),
    heading: w.heading,
    paragraphs: [w.body, i.body],
    facts: [
      [w.code, i.code],
      [w.title, i.title],
    ],
    action: { label: w.open, url: i.trackUrl },
    footer: w.footer,
  });
}

/** The paragraph the decision email adds: the answer may be rated once, from the private page. */
export const RATE_INVITE: Record<Lang, (url: string) => string> = {
  vi: (url) => `Bạn có thể đánh giá sự rõ ràng, đúng hạn và thái độ phục vụ trong việc xử lý hồ sơ (một lần) tại: ${url}`,
  en: (url) => `You may rate once how clear, timely and courteous the handling of your submission was: ${url}`,
};
