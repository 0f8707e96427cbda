/** Similar and duplicate initiatives: the list on /submit, the secretary's screening view, the private page, the email, the public page. */
import type { Translation } from "../shape";
import { registerSection } from "../index";

export const vi = {
  staff: {
    link: "Sáng kiến tương tự và trùng lặp",
    title: (code: string) => `Sáng kiến tương tự với ${code}`,
    intro:
      "Năm sáng kiến giống nhất, ở mọi trạng thái (tên và nội dung; cùng lĩnh vực và phạm vi được xếp cao hơn). Các từ trùng được tô đậm.",
    none: "Không có sáng kiến nào đủ giống (theo ngưỡng cấu hình).",
    threshold: (pct: number) => `Ngưỡng hiển thị: ${pct}%`,
    code: "Mã",
    status: "Trạng thái",
    score: "Mức giống",
    titleCol: "Tên sáng kiến",
    compare: "So sánh",
    compareTitle: (a: string, b: string) => `So sánh ${a} và ${b}`,
    thisOne: "Sáng kiến này",
    problem: "Thực trạng, vấn đề",
    solution: "Giải pháp",
    sharedWords: "Từ trùng",
    titleScore: "tên",
    bodyScore: "nội dung",
    mark: "Đánh dấu là trùng với",
    markHint:
      "Mã sáng kiến có trước, dạng SK-2026-000001. Người gửi được báo và có thể đồng ý hoặc phản đối; hai hồ sơ chỉ được liên kết, không gộp.",
    markSubmit: "Đánh dấu trùng lặp",
    marked: "Đã đánh dấu trùng lặp và báo người gửi.",
    markOnlyAtScreening: "Chỉ đánh dấu trùng lặp được khi hồ sơ đang ở bước tiếp nhận, kiểm tra hoặc chờ bổ sung.",
    links: "Liên kết trùng lặp",
    duplicateOf: (code: string) => `Trùng với ${code}`,
    originalOf: (code: string) => `${code} trùng với sáng kiến này`,
    linkStatus: { proposed: "chờ người gửi trả lời", agreed: "người gửi đồng ý", objected: "người gửi phản đối" },
    objection: "Lý do phản đối",
    errors: {
      bad_code: "Nhập mã dạng SK-2026-000001.",
      unknown_code: "Không có sáng kiến nào với mã này.",
      same_initiative: "Không thể đánh dấu sáng kiến trùng với chính nó.",
      already_linked:
        "Sáng kiến này đã có liên kết trùng lặp đang chờ trả lời hoặc đã được đồng ý, hoặc người gửi đã phản đối liên kết này.",
      original_is_duplicate: "Sáng kiến kia lại được đánh dấu trùng với một sáng kiến khác: hãy liên kết với sáng kiến gốc.",
      not_markable: "Hồ sơ đã qua bước kiểm tra, không đánh dấu trùng lặp được nữa.",
    } as Record<string, string>,
  },
  tracking: {
    title: "Sáng kiến có thể trùng lặp",
    proposed: (code: string) =>
      `Cán bộ tiếp nhận thấy sáng kiến của bạn có thể trùng với sáng kiến ${code}. Hai hồ sơ sẽ chỉ được liên kết với nhau khi bạn đồng ý; không có gì bị gộp. Nếu bạn thấy không trùng, hãy phản đối và nêu lý do: hồ sơ được kiểm tra lại.`,
    seeOriginal: "Xem sáng kiến đã công bố",
    answer: "Trả lời",
    agree: "Đồng ý, đây là trùng lặp",
    object: "Phản đối",
    reason: "Lý do phản đối",
    reasonHint: "Sáng kiến của bạn khác ở điểm nào?",
    agreed: (code: string) => `Bạn đã đồng ý: sáng kiến của bạn được liên kết với ${code}.`,
    objected: (code: string) => `Bạn đã phản đối việc đánh dấu trùng với ${code}. Hồ sơ được kiểm tra lại với lý do của bạn.`,
    pageTitle: (code: string) => `Trả lời về trùng lặp · ${code}`,
    back: "Quay lại trang hồ sơ",
    errors: {
      reason_required: "Hãy nêu lý do phản đối.",
      reason_too_long: "Lý do quá dài (tối đa 2.000 ký tự).",
      no_question: "Không còn câu hỏi nào về trùng lặp chờ bạn trả lời.",
    } as Record<string, string>,
  },
  email: {
    subject: (code: string) => `[${code}] Sáng kiến của bạn có thể trùng lặp`,
    heading: "Sáng kiến của bạn có thể trùng lặp",
    body: (original: string) =>
      `Cán bộ tiếp nhận thấy sáng kiến của bạn có thể trùng với sáng kiến ${original}. Hai hồ sơ chỉ được liên kết khi bạn đồng ý. Mở trang hồ sơ để đồng ý hoặc phản đối (nêu lý do).`,
    code: "Mã hồ sơ",
    title: "Tên sáng kiến",
    original: "Có thể trùng với",
    originalPage: "Trang công khai",
    open: "Mở trang hồ sơ để trả lời",
    footer: "Thư này được gửi tự động từ hệ thống Sáng kiến CCHC của Thành phố Hà Nội. Vui lòng không trả lời thư này.",
  },
  public: {
    title: "Sáng kiến trùng lặp đã được ghi nhận",
    intro: "Các hồ sơ sau được người gửi đồng ý là trùng với sáng kiến này:",
  },
};

export const en: Translation<typeof vi> = {
  staff: {
    link: "Similar and duplicate initiatives",
    title: (code: string) => `Initiatives similar to ${code}`,
    intro:
      "The five most similar initiatives of any status (title and texts; the same reform area and scope rank higher). Shared words are highlighted.",
    none: "No initiative is similar enough (by the configured threshold).",
    threshold: (pct: number) => `Threshold shown: ${pct}%`,
    code: "Code",
    status: "Status",
    score: "Similarity",
    titleCol: "Title",
    compare: "Compare",
    compareTitle: (a: string, b: string) => `${a} and ${b} side by side`,
    thisOne: "This initiative",
    problem: "Problem",
    solution: "Solution",
    sharedWords: "Shared words",
    titleScore: "title",
    bodyScore: "texts",
    mark: "Mark as a duplicate of",
    markHint:
      "The earlier initiative's code, like SK-2026-000001. The submitter is told and may agree or object; the two are linked, never merged.",
    markSubmit: "Mark as duplicate",
    marked: "Marked as a duplicate; the submitter has been told.",
    markOnlyAtScreening: "An initiative can be marked as a duplicate only while received, in screening or waiting for information.",
    links: "Duplicate links",
    duplicateOf: (code: string) => `Duplicate of ${code}`,
    originalOf: (code: string) => `${code} duplicates this initiative`,
    linkStatus: { proposed: "waiting for the submitter", agreed: "the submitter agreed", objected: "the submitter objected" },
    objection: "Reason for objecting",
    errors: {
      bad_code: "Enter a code like SK-2026-000001.",
      unknown_code: "No initiative has this code.",
      same_initiative: "An initiative cannot duplicate itself.",
      already_linked:
        "This initiative already has a duplicate link waiting for an answer or agreed, or its submitter objected to this one.",
      original_is_duplicate: "That initiative is itself marked as a duplicate of another: link to the original one.",
      not_markable: "The initiative is past screening and can no longer be marked as a duplicate.",
    } as Record<string, string>,
  },
  tracking: {
    title: "Possible duplicate",
    proposed: (code: string) =>
      `The screening staff found that your initiative may duplicate ${code}. The two are linked only if you agree; nothing is merged. If you think it is not a duplicate, object and give your reason: the initiative goes back to screening.`,
    seeOriginal: "See the published initiative",
    answer: "Answer",
    agree: "Agree, it is a duplicate",
    object: "Object",
    reason: "Reason for objecting",
    reasonHint: "How does your initiative differ?",
    agreed: (code: string) => `You agreed: your initiative is linked to ${code}.`,
    objected: (code: string) => `You objected to being marked a duplicate of ${code}. Screening looks at it again with your reason.`,
    pageTitle: (code: string) => `Answer about a duplicate · ${code}`,
    back: "Back to the initiative's page",
    errors: {
      reason_required: "Give your reason for objecting.",
      reason_too_long: "The reason is too long (2,000 characters at most).",
      no_question: "No duplicate question is waiting for your answer.",
    } as Record<string, string>,
  },
  email: {
    subject: (code: string) => `[${code}] Your initiative may be a duplicate`,
    heading: "Your initiative may be a duplicate",
    body: (original: string) =>
      `The screening staff found that your initiative may duplicate ${original}. The two are linked only if you agree. Open your initiative's page to agree or to object (with your reason).`,
    code: "Tracking code",
    title: "Title",
    original: "May duplicate",
    originalPage: "Public page",
    open: "Open your initiative's page to answer",
    footer: "This email was sent automatically by the Hà Nội administrative reform initiatives system. Please do not reply.",
  },
  public: {
    title: "Recognised duplicates",
    intro: "Their submitters agreed that these initiatives duplicate this one:",
  },
};

registerSection("duplicates", vi, en);
