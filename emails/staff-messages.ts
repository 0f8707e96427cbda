/**
 * The notices that tell a staff member there is work, in their own language (users.lang), each with a link to
 * the page where the work is done. The reviewer's and the conflict notices keep their Vietnamese wording from
 * `review-messages.ts`. Notices to reviewers never carry the submitter's identity; none of these do.
 */
import type { Lang } from "../app/i18n/index";
import { formatDate, formatDateTime } from "../app/utils/dates";
import { renderEmail, type RenderedEmail } from "./layout";
import { conflictDeclaredEmail, reviewerAssignedEmail, reviewReminderEmail } from "./review-messages";

export const NOTICE_KINDS = [
  "new_submission",
  "citizen_replied",
  "review_overdue",
  "statutory_soon",
  "statutory_overdue",
  "conflict_declared",
  "reviewer_assigned",
  "reviewer_due_soon",
  "reviewer_overdue",
  "ready_for_council",
  "outbox_dead",
  "meeting_scheduled",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeFacts {
  kind: NoticeKind;
  lang: Lang;
  url: string;
  code?: string;
  title?: string;
  /** the statutory due date of the initiative */
  dueOn?: string;
  /** the assignment's due date */
  reviewDueOn?: string;
  reviewerName?: string;
  mailTo?: string;
  mailSubject?: string;
  mailError?: string;
  /** a council meeting's start (UTC ISO) and place */
  meetingAt?: string;
  meetingPlace?: string;
}

const words = {
  vi: {
    footer:
      "Thư tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội, gửi tới cán bộ. Bạn có thể chọn nhận ngay, nhận bản tóm tắt hằng ngày hoặc không nhận trong trang Thông báo.",
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    due: "Hạn giải quyết",
    reviewDue: "Hạn gửi phiếu",
    reviewer: "Thành viên thẩm định",
    open: "Mở hồ sơ",
    openReview: "Mở phiếu chấm điểm",
    openOutbox: "Mở hộp thư đi",
    recipient: "Người nhận",
    subjectLabel: "Tiêu đề",
    error: "Lỗi",
    subject: {
      new_submission: "Hồ sơ mới cần kiểm tra",
      citizen_replied: "Người nộp đã bổ sung thông tin",
      review_overdue: "Phiếu thẩm định quá hạn",
      statutory_soon: "Còn 10 ngày đến hạn giải quyết",
      statutory_overdue: "Hồ sơ quá hạn giải quyết",
      conflict_declared: "Thành viên thẩm định khai báo xung đột lợi ích",
      reviewer_assigned: "Phân công thẩm định sáng kiến",
      reviewer_due_soon: "Nhắc hạn gửi phiếu chấm điểm",
      reviewer_overdue: "Phiếu chấm điểm đã quá hạn",
      ready_for_council: "Hồ sơ sẵn sàng để hội đồng xét",
      outbox_dead: "Thư không gửi được",
      meeting_scheduled: "Lịch họp hội đồng sáng kiến",
    } satisfies Record<NoticeKind, string>,
    body: {
      new_submission: "Một hồ sơ sáng kiến mới đã được tiếp nhận và đang chờ kiểm tra.",
      citizen_replied: "Người nộp đã trả lời yêu cầu bổ sung thông tin; hồ sơ trở lại bước kiểm tra.",
      review_overdue: "Một thành viên thẩm định chưa gửi phiếu chấm điểm đúng hạn.",
      statutory_soon: "Hồ sơ còn 10 ngày đến hạn giải quyết theo quy định (3 tháng kể từ ngày tiếp nhận).",
      statutory_overdue: "Hồ sơ đã quá hạn giải quyết theo quy định (3 tháng kể từ ngày tiếp nhận).",
      conflict_declared: "Một thành viên thẩm định đã khai báo xung đột lợi ích. Vui lòng phân công người thay thế.",
      reviewer_assigned: "Bạn được phân công thẩm định một sáng kiến.",
      reviewer_due_soon: "Sắp đến hạn gửi phiếu chấm điểm.",
      reviewer_overdue: "Phiếu chấm điểm của bạn đã quá hạn.",
      ready_for_council: "Đã nhận đủ phiếu thẩm định; hồ sơ chờ hội đồng xét và quyết định.",
      outbox_dead: "Máy chủ thư đã từ chối vĩnh viễn một thư của hệ thống. Hãy kiểm tra địa chỉ và gửi lại tới địa chỉ đúng.",
      meeting_scheduled: "Hội đồng sáng kiến có cuộc họp mới. Trang cuộc họp có chương trình họp và các hồ sơ sẽ xét.",
    } satisfies Record<NoticeKind, string>,
    digestSubject: (date: string, n: number) => `Công việc cần xử lý ngày ${date} (${n})`,
    digestHeading: "Tóm tắt công việc cần xử lý",
    digestBody: "Các việc dưới đây đang chờ bạn. Mỗi dòng có đường dẫn tới đúng trang xử lý.",
    digestOpen: "Mở danh sách cần xử lý",
    meetingAt: "Thời gian (giờ Hà Nội)",
    meetingPlace: "Địa điểm",
    openMeeting: "Mở trang cuộc họp",
  },
  en: {
    footer:
      "Automatic message from the City of Hà Nội's Sáng kiến CCHC system to staff. Choose immediate notices, a daily digest or none on the Notifications page.",
    code: "Tracking code",
    title: "Initiative",
    due: "Decision due",
    reviewDue: "Review due",
    reviewer: "Reviewer",
    open: "Open the case",
    openReview: "Open the review form",
    openOutbox: "Open the outbox",
    recipient: "Recipient",
    subjectLabel: "Subject",
    error: "Error",
    subject: {
      new_submission: "New submission to screen",
      citizen_replied: "The submitter has replied",
      review_overdue: "Review overdue",
      statutory_soon: "Decision due in 10 days",
      statutory_overdue: "Decision overdue",
      conflict_declared: "A reviewer declared a conflict of interest",
      reviewer_assigned: "You have been assigned a review",
      reviewer_due_soon: "Your review is due soon",
      reviewer_overdue: "Your review is overdue",
      ready_for_council: "Ready for the council",
      outbox_dead: "A message could not be delivered",
      meeting_scheduled: "Council meeting scheduled",
    } satisfies Record<NoticeKind, string>,
    body: {
      new_submission: "A new initiative has been received and is waiting to be screened.",
      citizen_replied: "The submitter answered the request for information; the case is back in screening.",
      review_overdue: "A reviewer has not sent their review by its due date.",
      statutory_soon: "The statutory decision date (3 months from acceptance) is 10 days away.",
      statutory_overdue: "The statutory decision date (3 months from acceptance) has passed.",
      conflict_declared: "A reviewer declared a conflict of interest. Please assign a replacement.",
      reviewer_assigned: "You have been assigned an initiative to review.",
      reviewer_due_soon: "Your review is due soon.",
      reviewer_overdue: "Your review is past its due date.",
      ready_for_council: "All reviews are in; the case waits for the council's decision.",
      outbox_dead: "The mail server refused one of the system's messages for good. Check the address and resend it to a corrected one.",
      meeting_scheduled: "The initiatives council has a new meeting. The meeting page has its agenda and the cases to be considered.",
    } satisfies Record<NoticeKind, string>,
    digestSubject: (date: string, n: number) => `Work waiting for you on ${date} (${n})`,
    digestHeading: "Your daily digest",
    digestBody: "These items are waiting for you. Each line links to the page where it is done.",
    digestOpen: "Open your worklist",
    meetingAt: "Time (Hà Nội)",
    meetingPlace: "Place",
    openMeeting: "Open the meeting page",
  },
} satisfies Record<Lang, unknown>;

export function noticeSubject(f: NoticeFacts): string {
  const s = words[f.lang].subject[f.kind];
  if (f.kind === "outbox_dead") return `${s}: ${f.mailSubject ?? ""}`;
  if (f.kind === "meeting_scheduled") return `${s}: ${f.meetingAt ? formatDateTime(f.meetingAt, f.lang) : ""}`;
  return `[${f.code ?? ""}] ${s}`;
}

function factsOf(f: NoticeFacts): [string, string][] {
  const w = words[f.lang];
  if (f.kind === "outbox_dead") {
    return [
      [w.recipient, f.mailTo ?? ""],
      [w.subjectLabel, f.mailSubject ?? ""],
      [w.error, f.mailError ?? ""],
    ];
  }
  if (f.kind === "meeting_scheduled") {
    return [
      [w.meetingAt, f.meetingAt ? formatDateTime(f.meetingAt, f.lang) : ""],
      [w.meetingPlace, f.meetingPlace ?? ""],
    ];
  }
  const facts: [string, string][] = [
    [w.code, f.code ?? ""],
    [w.title, f.title ?? ""],
  ];
  if (f.reviewerName) facts.push([w.reviewer, f.reviewerName]);
  if (f.reviewDueOn) facts.push([w.reviewDue, formatDate(f.reviewDueOn, f.lang)]);
  else if (f.dueOn) facts.push([w.due, formatDate(f.dueOn, f.lang)]);
  return facts;
}

function actionLabel(f: NoticeFacts): string {
  const w = words[f.lang];
  if (f.kind === "outbox_dead") return w.openOutbox;
  if (f.kind === "meeting_scheduled") return w.openMeeting;
  return f.kind.startsWith("reviewer_") ? w.openReview : w.open;
}

export function staffNoticeEmail(f: NoticeFacts): RenderedEmail {
  // The Vietnamese wording reviewers and secretaries already know stays as it was.
  if (f.lang === "vi" && f.code && f.title) {
    if (f.kind === "reviewer_assigned" && f.reviewDueOn)
      return reviewerAssignedEmail({ code: f.code, title: f.title, dueOn: f.reviewDueOn, reviewUrl: f.url });
    if ((f.kind === "reviewer_due_soon" || f.kind === "reviewer_overdue") && f.reviewDueOn)
      return reviewReminderEmail({
        kind: f.kind === "reviewer_overdue" ? "overdue" : "before",
        code: f.code,
        title: f.title,
        dueOn: f.reviewDueOn,
        reviewUrl: f.url,
      });
    if (f.kind === "conflict_declared")
      return conflictDeclaredEmail({ code: f.code, title: f.title, reviewerName: f.reviewerName ?? "", staffUrl: f.url });
  }
  const w = words[f.lang];
  return renderEmail({
    lang: f.lang,
    subject: noticeSubject(f),
    heading: w.subject[f.kind],
    paragraphs: [w.body[f.kind]],
    facts: factsOf(f),
    action: { label: actionLabel(f), url: f.url },
    footer: w.footer,
  });
}

export function digestEmail(i: { lang: Lang; date: string; items: NoticeFacts[]; worklistUrl: string }): RenderedEmail {
  const w = words[i.lang];
  return renderEmail({
    lang: i.lang,
    subject: w.digestSubject(formatDate(i.date, i.lang), i.items.length),
    heading: w.digestHeading,
    paragraphs: [w.digestBody, ...i.items.map((f) => `• ${noticeSubject(f)}${f.title ? ` — ${f.title}` : ""}\n  ${f.url}`)],
    action: { label: w.digestOpen, url: i.worklistUrl },
    footer: w.footer,
  });
}
