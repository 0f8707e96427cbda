/** The privacy notice at /privacy (Law 91/2025/QH15 on personal data protection, Decree 356/2025/NĐ-CP). */
import type { Translation } from "../shape";
import { registerSection } from "../index";

export const vi = {
  metaTitle: "Thông báo xử lý dữ liệu cá nhân — Sáng kiến CCHC",
  title: "Thông báo xử lý dữ liệu cá nhân",
  intro:
    "Trang này cho bạn biết hệ thống Sáng kiến CCHC thu thập dữ liệu cá nhân nào, để làm gì, ai được xem, lưu trong bao lâu và bạn thực hiện các quyền của mình như thế nào.",
  version: (v: string) => `Phiên bản thông báo: ${v}`,
  contents: "Nội dung",
  controller: {
    title: "1. Bên kiểm soát và xử lý dữ liệu cá nhân",
    intro: "Cơ quan vận hành hệ thống và chịu trách nhiệm về dữ liệu cá nhân của bạn:",
    name: "Cơ quan",
    address: "Địa chỉ",
    email: "Thư điện tử về dữ liệu cá nhân",
    phone: "Điện thoại",
  },
  purposes: {
    title: "2. Mục đích xử lý và dữ liệu được thu thập",
    intro: "Chúng tôi chỉ thu thập những dữ liệu cần cho từng mục đích dưới đây. Không thu thập ảnh căn cước hay giấy tờ tùy thân.",
    purpose: "Mục đích",
    data: "Dữ liệu",
    basis: "Căn cứ",
    handling: {
      purpose: "Tiếp nhận, kiểm tra, thẩm định và xét công nhận sáng kiến; cấp giấy chứng nhận",
      data: "Tư cách gửi (cá nhân, tổ chức, doanh nghiệp); họ và tên, thư điện tử, số điện thoại, tên tổ chức và tỷ lệ đóng góp của tác giả; họ và tên, tỷ lệ đóng góp và (nếu bạn ghi) thư điện tử của đồng tác giả; nội dung sáng kiến, phạm vi áp dụng, ngày áp dụng, thông tin cần bảo mật, tệp đính kèm và nội dung bổ sung; ngôn ngữ bạn dùng; thời điểm gửi.",
      basis:
        "Sự đồng ý của bạn (ô đồng ý bắt buộc trên biểu mẫu, không bao giờ được đánh dấu sẵn), lưu lại cùng phiên bản thông báo này và thời điểm đồng ý. Đồng ý này là điều kiện để xét sáng kiến: rút lại nghĩa là rút hồ sơ (khi chưa có quyết định) hoặc đề nghị xóa dữ liệu, cả hai đều làm được từ trang hồ sơ riêng.",
    },
    contact: {
      purpose: "Liên hệ với tác giả: giấy biên nhận, đường dẫn riêng để theo dõi, yêu cầu bổ sung, kết quả xét",
      data: "Thư điện tử, số điện thoại, ngôn ngữ; mã hồ sơ.",
      basis: "Sự đồng ý của bạn, cho cùng mục đích xét sáng kiến.",
    },
    publication: {
      purpose: "Công bố sáng kiến được công nhận trên trang công khai và dữ liệu mở",
      data: "Chỉ họ và tên: của tác giả khi tác giả đồng ý, của mỗi đồng tác giả khi chính người đó đồng ý. Thư điện tử, số điện thoại, tên tổ chức và thông tin cần bảo mật không bao giờ được công bố; thư điện tử của đồng tác giả cũng không chuyển cho thành viên thẩm định.",
      basis:
        "Sự đồng ý riêng của từng người, không bắt buộc (ô “công bố tên” của tác giả và của mỗi đồng tác giả, không bao giờ được đánh dấu sẵn). Không đồng ý thì sáng kiến vẫn được xét như nhau. Có thể rút lại bất cứ lúc nào trên trang hồ sơ riêng, có hiệu lực ngay: từ lần truy cập tiếp theo, trang công khai, bản tin, dữ liệu mở và giấy chứng nhận ghi “Tác giả ẩn danh” thay cho tên, và quá trình xử lý hồ sơ ghi lại việc rút.",
    },
    statistics: {
      purpose: "Thống kê công khai",
      data: "Chỉ số đếm theo năm, lĩnh vực, phạm vi và kết quả; không chứa dữ liệu cá nhân.",
      basis: "Dữ liệu đã tổng hợp, không còn xác định được cá nhân.",
    },
    security: {
      purpose: "Bảo đảm an toàn hệ thống, chống gửi hàng loạt",
      data: "Địa chỉ mạng (IP) khi gửi hồ sơ hoặc tra cứu, để giới hạn số lần; nhật ký kỹ thuật không ghi địa chỉ, đường dẫn hay nội dung.",
      basis: "Bảo vệ hệ thống và dữ liệu của mọi người gửi.",
    },
  },
  recipients: {
    title: "3. Ai được xem dữ liệu của bạn",
    secretary:
      "Thư ký tiếp nhận, chủ tịch hội đồng và quản trị viên hệ thống: xem toàn bộ hồ sơ, kể cả họ tên và thông tin liên hệ, để xử lý hồ sơ.",
    reviewers:
      "Thành viên thẩm định: chỉ xem bản do thư ký lập từ nội dung sáng kiến, đã che họ tên, thư điện tử, số điện thoại, tổ chức và địa chỉ, cùng nội dung bổ sung và những tệp thư ký chọn chuyển; không bao giờ thấy thông tin liên hệ của bạn (thẩm định ẩn danh). Vì vậy, xin đừng ghi tên mình trong phần nội dung. Mỗi lần cán bộ xem thông tin định danh của bạn đều được ghi nhật ký.",
    public:
      "Công chúng: chỉ thấy bản công bố của sáng kiến đã được công nhận (đã biên tập, không có thông tin cần bảo mật), và tên của tác giả, đồng tác giả đã đồng ý và chưa rút đồng ý.",
    processors:
      "Máy chủ thư điện tử của cơ quan chuyển thư đến bạn. Dữ liệu không được bán, không dùng cho quảng cáo và không chuyển ra nước ngoài.",
  },
  retention: {
    title: "4. Thời gian lưu trữ",
    current: (rejected: string, withdrawn: string, files: string) =>
      `Họ tên, thư điện tử, số điện thoại và tổ chức của tác giả và đồng tác giả được ẩn danh, và các tệp họ gửi được xóa: ${rejected} sau khi hồ sơ không được tiếp nhận; ${withdrawn} sau khi hồ sơ được rút. Với sáng kiến không được công nhận, các tệp người gửi đã gửi được xóa ${files} sau quyết định. Hệ thống làm việc này tự động mỗi ngày.`,
    months: (n: number) => `${n} tháng`,
    never: "không tự động",
    counters: "Bản ghi đăng nhập của cán bộ và bản ghi giới hạn số lần gửi (có địa chỉ IP) được xóa tự động sau một ngày.",
    backups: "Bản sao lưu được giữ theo lịch sao lưu của cơ quan vận hành.",
    planned:
      "Ẩn danh nghĩa là dữ liệu không còn gắn với bạn: tên được thay bằng “Tác giả ẩn danh”, thông tin liên hệ và thư đã gửi đến bạn bị xóa; nội dung sáng kiến và lịch sử trạng thái được giữ để thống kê.",
    recognised:
      "Với sáng kiến được công nhận, quyết định công nhận, giấy chứng nhận, nội dung sáng kiến và tài liệu kèm theo được lưu giữ theo quy định của pháp luật về thi đua, khen thưởng và lưu trữ, kể cả khi bạn yêu cầu xóa: khi đó bạn và các đồng tác giả được ẩn danh (tên được gỡ khỏi bản công bố, giấy chứng nhận và hồ sơ; thông tin liên hệ bị xóa).",
  },
  rights: {
    title: "5. Quyền của bạn và cách thực hiện",
    intro: "Theo Luật Bảo vệ dữ liệu cá nhân, bạn có quyền:",
    list: {
      see: "được biết và xem dữ liệu của mình;",
      copy: "nhận bản sao dữ liệu của mình;",
      correct: "yêu cầu chỉnh sửa dữ liệu sai;",
      delete: "yêu cầu xóa dữ liệu;",
      restrict: "yêu cầu hạn chế xử lý;",
      object: "phản đối việc xử lý;",
      withdraw: "rút lại sự đồng ý (việc xử lý trước khi rút vẫn hợp pháp).",
    },
    howTitle: "Cách thực hiện",
    trackingLink:
      "Đường dẫn riêng trong thư biên nhận mở trang hồ sơ của bạn. Tại đó bạn tự thực hiện các quyền: xem trạng thái và quá trình xử lý; tải toàn bộ dữ liệu của mình (tệp .zip gồm dữ liệu và các tệp đính kèm); sửa họ tên, số điện thoại, tổ chức, và đổi thư điện tử (xác nhận bằng đường dẫn gửi đến địa chỉ mới); yêu cầu xóa, hạn chế xử lý hoặc phản đối. Nếu mất đường dẫn, yêu cầu gửi lại tại trang Tra cứu hồ sơ.",
    email: (email: string) =>
      `Bạn cũng có thể viết thư đến ${email}, ghi mã hồ sơ và gửi từ địa chỉ thư điện tử đã dùng khi gửi hồ sơ. Không gửi kèm đường dẫn riêng của bạn.`,
    deadline: (days: number) => `Chúng tôi trả lời yêu cầu trong vòng ${days} ngày làm việc kể từ khi nhận được.`,
    complaint:
      "Nếu chưa hài lòng với câu trả lời, bạn có quyền khiếu nại, phản ánh đến cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công an).",
  },
  safeguards: {
    title: "6. Biện pháp bảo vệ",
    text: "Chỉ cán bộ có vai trò phù hợp mới truy cập được hồ sơ, và mọi thao tác được ghi nhật ký kiểm tra; mật khẩu và phiên đăng nhập của cán bộ được lưu dưới dạng băm; khóa của đường dẫn riêng không được lưu trong cơ sở dữ liệu; trang hồ sơ riêng không được lưu vào bộ nhớ đệm; dữ liệu được sao lưu định kỳ. Khi xảy ra vi phạm dữ liệu cá nhân, cơ quan thông báo cho cơ quan chuyên trách trong vòng 72 giờ.",
  },
  law: {
    title: "7. Căn cứ pháp lý",
    text: "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP quy định chi tiết, có hiệu lực từ ngày 1 tháng 1 năm 2026.",
  },
};

export const en: Translation<typeof vi> = {
  metaTitle: "Personal data notice — Sáng kiến CCHC",
  title: "Personal data notice",
  intro:
    "This page tells you which personal data the Sáng kiến CCHC system collects, why, who sees it, how long it is kept and how you use your rights.",
  version: (v: string) => `Notice version: ${v}`,
  contents: "Contents",
  controller: {
    title: "1. Who controls and processes your personal data",
    intro: "The body that runs this system and answers for your personal data:",
    name: "Body",
    address: "Address",
    email: "Email about personal data",
    phone: "Phone",
  },
  purposes: {
    title: "2. Purposes and the data collected",
    intro: "We collect only the data each purpose below needs. We never collect images of ID cards or other identity papers.",
    purpose: "Purpose",
    data: "Data",
    basis: "Basis",
    handling: {
      purpose: "Receiving, screening, reviewing and recognising the initiative; issuing the certificate",
      data: "Whom you submit as (individual, organisation, business); the author's full name, email, phone number, organisation and share of contribution; co-authors' full names, shares and (if you give them) emails; the initiative's content, where it applies, the date first applied, information to keep confidential, attachments and later answers; the language you used; when you submitted.",
      basis:
        "Your consent (the required consent box on the form, never ticked in advance), recorded with this notice's version and the time you gave it. This consent is what allows the initiative to be considered: withdrawing it means withdrawing the initiative (before a decision) or asking for erasure, both from your private tracking page.",
    },
    contact: {
      purpose: "Contacting the author: the receipt, the private tracking link, requests for information, the outcome",
      data: "Email, phone number, language; the tracking code.",
      basis: "Your consent, for the same purpose of considering the initiative.",
    },
    publication: {
      purpose: "Publishing a recognised initiative on the public site and in the open data",
      data: "Full names only: the author's if the author agrees, each co-author's if that co-author agrees. Email, phone number, organisation and confidential information are never published; co-authors' emails are not passed to reviewers either.",
      basis:
        "A separate, optional consent of each person (the “publish the name” boxes of the author and of each co-author, never ticked in advance). Without it the initiative is considered just the same. It can be withdrawn at any time from the private tracking page, at once: from the next visit, the public page, the feed, the open data and the certificate show “Anonymous author” instead of the name, and the initiative's history records the withdrawal.",
    },
    statistics: {
      purpose: "Public statistics",
      data: "Counts by year, area, scope and outcome only; no personal data.",
      basis: "Aggregated data that no longer identifies anyone.",
    },
    security: {
      purpose: "Keeping the system safe and stopping mass submissions",
      data: "Your network (IP) address when you submit or look up a submission, to limit attempts; the technical log records no address, path or content.",
      basis: "Protecting the system and every submitter's data.",
    },
  },
  recipients: {
    title: "3. Who sees your data",
    secretary:
      "The intake secretary, the council chair and system administrators: the whole submission, including your name and contact details, to handle it.",
    reviewers:
      "Reviewers: only a copy the secretary makes of the initiative's content, with names, emails, phone numbers, organisations and addresses taken out, the supplementary information, and the files the secretary chooses to forward; never your contact details (blind review). So please do not write your name in the content. Every time staff see your identity it is logged.",
    public:
      "The public: only the published version of a recognised initiative (edited, without confidential information), and the names of the author and co-authors who agreed and have not withdrawn that consent.",
    processors: "The city's mail server delivers our emails to you. Data is not sold, not used for advertising and not sent abroad.",
  },
  retention: {
    title: "4. How long data is kept",
    current: (rejected: string, withdrawn: string, files: string) =>
      `The names, emails, phone numbers and organisations of the author and co-authors are anonymised, and the files they sent deleted: ${rejected} after a submission is rejected; ${withdrawn} after it is withdrawn. For an initiative not recognised, the files the submitter sent are deleted ${files} after the decision. The system does this automatically every day.`,
    months: (n: number) => `${n} months`,
    never: "not automatically",
    counters: "Staff sign-in records and submission-limit records (which hold IP addresses) are deleted automatically after one day.",
    backups: "Backups are kept on the operator's backup schedule.",
    planned:
      "Anonymised means the data is no longer tied to you: the name becomes “Tác giả ẩn danh” (anonymous author), the contact details and the emails sent to you are deleted; the initiative's content and its history of statuses stay for statistics.",
    recognised:
      "For a recognised initiative, the recognition decision, the certificate, the initiative's content and its documents are kept as the laws on commendation and archives require, even when you ask for erasure: you and your co-authors are then anonymised (your names taken off the published version, the certificate and the records; your contact details deleted).",
  },
  rights: {
    title: "5. Your rights and how to use them",
    intro: "Under the Personal Data Protection Law you have the right to:",
    list: {
      see: "know about and see your data;",
      copy: "get a copy of your data;",
      correct: "have wrong data corrected;",
      delete: "have your data deleted;",
      restrict: "have its processing restricted;",
      object: "object to its processing;",
      withdraw: "withdraw your consent (processing before the withdrawal stays lawful).",
    },
    howTitle: "How to use them",
    trackingLink:
      "The private link in your receipt email opens your submission's page, where you use your rights yourself: see its status and history; download all your data (a zip with the data and the attachments); correct your name, phone and organisation, and change your email (confirmed by a link sent to the new address); ask for erasure or restriction, or object. If you lost the link, ask for it again on the Track a submission page.",
    email: (email: string) =>
      `You can also write to ${email} with your tracking code, from the email address you submitted with. Do not include your private link.`,
    deadline: (days: number) => `We answer a request within ${days} working days of receiving it.`,
    complaint:
      "If you are not satisfied with the answer, you can complain to the specialised personal data protection authority (Ministry of Public Security).",
  },
  safeguards: {
    title: "6. How your data is protected",
    text: "Only staff with the right role can open a submission, and every action is written to an audit log; staff passwords and sessions are stored hashed; the key of your private link is not stored in the database; the private page is never cached; data is backed up regularly. If personal data is breached, the authority is notified within 72 hours.",
  },
  law: {
    title: "7. Legal basis",
    text: "The Personal Data Protection Law No. 91/2025/QH15 and Decree No. 356/2025/NĐ-CP detailing it, in force from 1 January 2026.",
  },
};

registerSection("privacy", vi, en);
