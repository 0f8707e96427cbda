/**
 * The submitter's private page past the status line (the stages, the submission as sent, the decision, the page for a
 * link that opens nothing) and the printable receipt. A section of its own so the look-up form at /track, which
 * loads `tracking`, does not carry these words in its script.
 */
import type { Translation } from "../shape";
import { registerSection } from "../index";

export const vi = {
  stages: {
    title: "Tiến trình xử lý",
    names: {
      received: "Tiếp nhận hồ sơ",
      screening: "Kiểm tra hồ sơ",
      review: "Thẩm định",
      decision: "Hội đồng xét và quyết định",
      publication: "Công bố",
      withdrawn: "Rút hồ sơ",
    },
    state: { done: "đã xong", current: "bước hiện tại", upcoming: "chưa đến" },
    doneOn: (date: string) => `Ngày ${date}`,
    expected: {
      statutory: (date: string) => `Hạn quyết định theo quy định: ${date}`,
      target: (date: string) => `Dự kiến xong trước ngày ${date}`,
      reply: (date: string) => `Đề nghị bạn bổ sung trước ngày ${date}`,
      reviews: (date: string) => `Thành viên thẩm định hoàn thành trước ngày ${date}`,
      start: (date: string) => `Bắt đầu kiểm tra hồ sơ chậm nhất ngày ${date}`,
    },
    overdue: "đã quá hạn",
    note: "Hạn quyết định là 3 tháng kể từ ngày tiếp nhận (Nghị định 13/2012/NĐ-CP, Điều 7). Các mốc khác là mục tiêu phục vụ của Thành phố, tính theo ngày làm việc.",
  },
  submission: {
    title: "Hồ sơ bạn đã gửi",
    area: "Lĩnh vực cải cách hành chính",
    domain: "Lĩnh vực thủ tục",
    scope: "Phạm vi áp dụng",
    applied: "Đã áp dụng hoặc áp dụng thử",
    appliedSince: (date: string) => `Có, từ ngày ${date}`,
    author: "Tác giả",
    authorType: "Gửi với tư cách",
    coAuthors: "Đồng tác giả",
    share: (percent: number) => `${percent}% đóng góp`,
    problem: "Thực trạng, vấn đề cần giải quyết",
    solution: "Nội dung giải pháp",
    benefit: "Hiệu quả, lợi ích dự kiến",
    files: "Tệp đã gửi",
    confidentialNote: "Thông tin cần bảo mật bạn đã khai không hiển thị trên trang này.",
  },
  decision: {
    title: "Quyết định của hội đồng",
    outcome: "Kết quả",
    date: "Ngày quyết định",
    reason: "Lý do",
    votes: "Biểu quyết",
    votesText: (present: number, votesFor: number, against: number, abstain: number) =>
      `${present} thành viên có mặt: ${votesFor} tán thành, ${against} không tán thành, ${abstain} không biểu quyết`,
    commendation: "Hình thức khen thưởng",
    certificate: "Số giấy chứng nhận",
    documents: "Văn bản quyết định",
    links: "Đường dẫn",
    publicPage: "Trang công khai của sáng kiến",
    verifyCertificate: "Xác minh giấy chứng nhận",
    printCertificate: "In giấy chứng nhận",
  },
  wrongLink: {
    title: "Đường dẫn này không mở được hồ sơ",
    body: "Đường dẫn không đúng hoặc đã được thay bằng đường dẫn mới: mỗi lần gửi lại, đường dẫn cũ không còn dùng được. Đường dẫn cũng có thể bị cắt mất một phần khi sao chép.",
    action: "Nhận lại đường dẫn qua thư điện tử",
    hint: "Nhập mã hồ sơ và thư điện tử bạn đã dùng khi gửi; nếu khớp, đường dẫn mới được gửi đến thư điện tử đó.",
  },
  receipt: {
    sentTo: (address: string) => `Giấy biên nhận đã được gửi đến ${address}.`,
    slipTitle: "Giấy biên nhận hồ sơ sáng kiến",
    receivedAt: "Thời điểm tiếp nhận",
    initiative: "Tên sáng kiến",
    scan: "Quét mã để mở trang theo dõi hồ sơ.",
    qrLabel: "Mã QR của đường dẫn riêng để theo dõi hồ sơ",
    keep: "Ai có đường dẫn hoặc mã QR này đều xem được hồ sơ: hãy giữ giấy biên nhận cẩn thận.",
    print: "In giấy biên nhận",
    printHint: "Để in giấy biên nhận, dùng lệnh In của trình duyệt.",
  },
};

export const en: Translation<typeof vi> = {
  stages: {
    title: "Progress",
    names: {
      received: "Received",
      screening: "Screening",
      review: "Expert review",
      decision: "Council and decision",
      publication: "Publication",
      withdrawn: "Withdrawn",
    },
    state: { done: "done", current: "current step", upcoming: "to come" },
    doneOn: (date: string) => `On ${date}`,
    expected: {
      statutory: (date: string) => `Statutory decision date: ${date}`,
      target: (date: string) => `Expected by ${date}`,
      reply: (date: string) => `Please answer by ${date}`,
      reviews: (date: string) => `Reviewers are due by ${date}`,
      start: (date: string) => `Screening starts by ${date} at the latest`,
    },
    overdue: "overdue",
    note: "The decision is due 3 months after the submission is received (Decree 13/2012/NĐ-CP, Article 7). The other dates are the City's service targets, counted in working days.",
  },
  submission: {
    title: "What you sent",
    area: "Reform area",
    domain: "Procedure domain",
    scope: "Where it applies",
    applied: "Applied or trialled",
    appliedSince: (date: string) => `Yes, since ${date}`,
    author: "Author",
    authorType: "Submitted as",
    coAuthors: "Co-authors",
    share: (percent: number) => `${percent}% contribution`,
    problem: "The problem today",
    solution: "The solution",
    benefit: "Expected benefit",
    files: "Files you sent",
    confidentialNote: "The confidential information you gave is not shown on this page.",
  },
  decision: {
    title: "The council's decision",
    outcome: "Outcome",
    date: "Decided on",
    reason: "Reason",
    votes: "Vote",
    votesText: (present: number, votesFor: number, against: number, abstain: number) =>
      `${present} members present: ${votesFor} in favour, ${against} against, ${abstain} abstaining`,
    commendation: "Commendation",
    certificate: "Certificate number",
    documents: "Decision documents",
    links: "Links",
    publicPage: "The initiative's public page",
    verifyCertificate: "Verify the certificate",
    printCertificate: "Print the certificate",
  },
  wrongLink: {
    title: "This link does not open a submission",
    body: "The link is wrong or has been replaced by a newer one: each time the link is sent again, the old one stops working. Part of it may also have been lost when it was copied.",
    action: "Get the link again by email",
    hint: "Enter the tracking code and the email you used when submitting; if they match, a new link is sent to that address.",
  },
  receipt: {
    sentTo: (address: string) => `The receipt was sent to ${address}.`,
    slipTitle: "Receipt for an initiative",
    receivedAt: "Received at",
    initiative: "Initiative",
    scan: "Scan the code to open the tracking page.",
    qrLabel: "QR code of the private tracking link",
    keep: "Anyone with this link or QR code can see the submission: keep this receipt safe.",
    print: "Print the receipt",
    printHint: "To print the receipt, use your browser's Print command.",
  },
};

registerSection("tracked", vi, en);
