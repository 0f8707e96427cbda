/** The service's own pages: help (/help) and the accessibility statement (/accessibility). */
import type { Translation } from "../shape";
import { registerSection } from "../index";

const viDate = (iso: string) => new Intl.DateTimeFormat("vi-VN", { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
const enDate = (iso: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));

export const vi = {
  help: {
    metaTitle: "Hướng dẫn và câu hỏi thường gặp — Sáng kiến CCHC",
    title: "Hướng dẫn và câu hỏi thường gặp",
    intro:
      "Trang này giải thích cách gửi sáng kiến cải cách hành chính, hồ sơ được kiểm tra, thẩm định và xét công nhận như thế nào, theo tiêu chí nào và trong thời hạn bao lâu.",
    contents: "Nội dung",
    submitTitle: "Gửi sáng kiến",
    submitSteps: [
      "Không cần tài khoản. Mở trang Gửi sáng kiến và điền biểu mẫu: tên sáng kiến, lĩnh vực cải cách, phạm vi áp dụng, thực trạng, giải pháp và hiệu quả dự kiến.",
      "Ghi thông tin tác giả và đồng tác giả (nếu có) với tỷ lệ đóng góp; đánh dấu ô đồng ý xử lý dữ liệu cá nhân. Việc công bố tên tác giả chỉ khi bạn đồng ý.",
      "Nội dung cần giữ bí mật ghi vào ô riêng: ô này không bao giờ được công bố.",
    ],
    files: (maxFiles: number, maxMb: number) =>
      `Có thể đính kèm tối đa ${maxFiles} tệp PDF, DOCX, XLSX, PNG hoặc JPEG, mỗi tệp không quá ${maxMb} MB. Tệp được kiểm tra theo nội dung, không theo tên tệp.`,
    longText: (max: string) => `Mỗi ô thực trạng, giải pháp và hiệu quả dài tối đa ${max} ký tự.`,
    afterSubmit:
      "Sau khi gửi, bạn nhận mã hồ sơ, đường dẫn riêng để theo dõi và giấy biên nhận qua thư điện tử, có ghi ngày dự kiến trả lời.",
    submitLink: "Gửi sáng kiến",
    trackLink: "Tra cứu hồ sơ",
    reviewTitle: "Hồ sơ được xét như thế nào",
    reviewSteps: [
      "Tiếp nhận: hệ thống cấp mã hồ sơ ngay khi bạn gửi.",
      "Kiểm tra hồ sơ: cán bộ tiếp nhận xem hồ sơ có đủ, đúng phạm vi, có trùng không. Nếu cần thêm thông tin, bạn nhận yêu cầu bổ sung qua thư điện tử và trả lời trên trang theo dõi. Hồ sơ không hợp lệ bị từ chối tiếp nhận, có nêu lý do.",
      "Thẩm định: ít nhất 2 thành viên thẩm định chấm điểm độc lập trên phiếu chấm điểm. Thành viên thẩm định không biết tên, thư điện tử hay tổ chức của tác giả; người có xung đột lợi ích phải khai báo và không chấm hồ sơ đó.",
      "Hội đồng sáng kiến xem xét điểm và ý kiến thẩm định. Sáng kiến được công nhận khi ít nhất 2/3 số thành viên biểu quyết tán thành; quyết định của hội đồng luôn có lý do và hình thức khen thưởng.",
      "Sáng kiến được công nhận được cấp số giấy chứng nhận và công bố công khai trên trang này.",
    ],
    withdraw: "Bạn có thể rút hồ sơ bất cứ lúc nào trước khi có quyết định của hội đồng, trên trang theo dõi hồ sơ.",
    statusesTitle: "Các trạng thái hồ sơ",
    criteriaTitle: "Tiêu chí và thang điểm",
    criteriaIntro:
      "Sáng kiến được công nhận khi có tính mới trong phạm vi áp dụng, có khả năng áp dụng và nhân rộng, mang lại hiệu quả, lợi ích thiết thực; không trái với trật tự công cộng và chưa được bảo hộ quyền sở hữu trí tuệ (Nghị định 13/2012/NĐ-CP, Điều 3–4).",
    rubricIntro:
      "Mỗi thành viên thẩm định chấm từng tiêu chí dưới đây. Tổng điểm có trọng số được quy về thang 0–100. Bảng này là bộ tiêu chí đang áp dụng.",
    criterion: "Tiêu chí",
    weight: "Trọng số",
    scale: "Thang điểm",
    commendationsTitle: "Hình thức khen thưởng",
    commendationsIntro: "Hội đồng chọn một trong các hình thức khen thưởng, biểu dương sau:",
    deadlinesTitle: "Thời hạn",
    deadlines: {
      decision:
        "Quyết định của hội đồng: trong 3 tháng kể từ ngày tiếp nhận hồ sơ (Nghị định 13/2012/NĐ-CP, Điều 7). Ngày dự kiến ghi trên giấy biên nhận và trang theo dõi; hồ sơ quá hạn được đánh dấu để xử lý.",
      review: (days: number) =>
        `Thẩm định: mỗi thành viên thẩm định có hạn chấm riêng, mặc định ${days} ngày làm việc kể từ khi được phân công, và được nhắc trước và sau hạn.`,
      moreInfo: "Yêu cầu bổ sung: thời gian chờ bạn trả lời vẫn được tính trong thời hạn 3 tháng, vì vậy hãy trả lời sớm.",
      privacy: (days: number) => `Yêu cầu về dữ liệu cá nhân (xem, sửa, xóa…): được trả lời trong ${days} ngày làm việc.`,
    },
    faqTitle: "Câu hỏi thường gặp",
    faq: [
      {
        q: "Tôi có cần tạo tài khoản không?",
        a: "Không. Bạn chỉ cần một địa chỉ thư điện tử để nhận giấy biên nhận, mã hồ sơ và đường dẫn riêng.",
      },
      {
        q: "Tôi làm mất đường dẫn theo dõi thì sao?",
        a: "Vào trang Tra cứu hồ sơ, nhập mã hồ sơ và thư điện tử đã dùng khi gửi: hệ thống gửi lại đường dẫn vào hộp thư đó.",
      },
      {
        q: "Tên tôi có bị công bố không?",
        a: "Chỉ khi sáng kiến được công nhận và bạn đã đồng ý công bố tên. Thông tin liên hệ và nội dung cần bảo mật không bao giờ được công bố.",
      },
      {
        q: "Tôi có thể sửa hồ sơ sau khi gửi không?",
        a: "Không sửa trực tiếp được. Khi cán bộ yêu cầu bổ sung, bạn trả lời và gửi thêm tệp trên trang theo dõi. Nếu muốn gửi lại từ đầu, hãy rút hồ sơ rồi gửi hồ sơ mới.",
      },
      {
        q: "Tổ chức, doanh nghiệp có gửi được không?",
        a: "Được. Chọn tư cách gửi là tổ chức hoặc doanh nghiệp và ghi tên đơn vị; người đại diện ghi thông tin liên hệ.",
      },
      {
        q: "Vì sao sáng kiến của tôi không được công nhận?",
        a: "Quyết định của hội đồng luôn có lý do bằng văn bản, được gửi cho bạn qua thư điện tử và hiển thị trên trang theo dõi hồ sơ.",
      },
      {
        q: "Sáng kiến được công nhận có được dùng lại không?",
        a: "Sáng kiến đã công bố được cung cấp dưới dạng dữ liệu mở để mọi người tra cứu và dùng lại, kèm số giấy chứng nhận để kiểm tra.",
      },
    ],
    contactTitle: "Cần hỗ trợ thêm?",
    contact: "Liên hệ cơ quan quản lý hệ thống:",
  },
  accessibility: {
    metaTitle: "Tuyên bố về khả năng tiếp cận — Sáng kiến CCHC",
    title: "Tuyên bố về khả năng tiếp cận",
    intro:
      "Hệ thống Sáng kiến CCHC phải dùng được cho mọi người, kể cả người khuyết tật, người cao tuổi và người dùng điện thoại có màn hình nhỏ hoặc mạng chậm.",
    targetTitle: "Mục tiêu",
    targetBefore: "Mục tiêu là đáp ứng mức AA của ",
    targetLink: "WCAG 2.2 (Hướng dẫn về khả năng tiếp cận nội dung web)",
    targetAfter: " trên mọi trang dành cho người dân và công chúng.",
    statusTitle: "Mức độ đáp ứng",
    status: "Đáp ứng một phần: phần lớn nội dung đạt mức AA; những hạn chế đã biết được nêu dưới đây và đang được khắc phục.",
    doneTitle: "Những gì đã làm",
    done: [
      "Trang dùng được hoàn toàn bằng bàn phím, có liên kết bỏ qua đến nội dung chính và vùng đang chọn luôn nhìn thấy.",
      "Biểu mẫu hoạt động không cần JavaScript; lỗi được liệt kê ở đầu biểu mẫu và gắn với từng ô.",
      "Trang hiển thị được ở màn hình rộng 360 px mà không phải cuộn ngang; chữ phóng to đến 200% vẫn đọc được.",
      "Biểu đồ thống kê có bảng số liệu đi kèm; mọi hình ảnh có thông tin đều có mô tả.",
      "Trang công khai được kiểm tra tự động bằng axe-core trong mỗi lần kiểm thử, cùng với kiểm tra bằng trình duyệt thật.",
    ],
    limitsTitle: "Hạn chế đã biết",
    limits: [
      "Tệp đính kèm do người gửi tải lên (PDF, DOCX, hình ảnh) được công bố như khi nhận, có thể không đọc được bằng trình đọc màn hình. Hãy liên hệ để nhận nội dung ở dạng khác.",
      "Trang in giấy chứng nhận được thiết kế cho khổ giấy A4; trên màn hình, hãy dùng trang kiểm tra giấy chứng nhận.",
      "Nội dung sáng kiến do người dân viết bằng tiếng Việt không được dịch khi bạn chọn tiếng Anh.",
      "Các trang dành cho cán bộ chưa được đánh giá đầy đủ theo mục tiêu trên.",
    ],
    reportTitle: "Báo lỗi về khả năng tiếp cận",
    report:
      "Nếu bạn gặp khó khăn khi dùng một trang, hoặc cần nội dung ở dạng khác, hãy cho chúng tôi biết: địa chỉ trang, việc bạn đang làm, và thiết bị hoặc công nghệ hỗ trợ bạn dùng (ví dụ trình đọc màn hình).",
    reportEmail: "Thư điện tử",
    reportPhone: "Điện thoại",
    prepared: (iso: string) => `Tuyên bố được lập ngày ${viDate(iso)} và được xem xét lại khi hệ thống thay đổi.`,
  },
};

export const en: Translation<typeof vi> = {
  help: {
    metaTitle: "Help and frequently asked questions — Sáng kiến CCHC",
    title: "Help and frequently asked questions",
    intro:
      "How to submit an administrative reform initiative, how a submission is screened, reviewed and considered for recognition, against which criteria and within what time.",
    contents: "Contents",
    submitTitle: "Submitting an initiative",
    submitSteps: [
      "No account is needed. Open Submit an initiative and fill in the form: the title, the reform area, where it applies, the problem today, the solution and the expected benefit.",
      "Give the author's and any co-authors' details with their share of the contribution, and tick the personal-data consent. The author's name is published only if you agree.",
      "Write anything that must stay confidential in its own box: that box is never published.",
    ],
    files: (maxFiles: number, maxMb: number) =>
      `You may attach up to ${maxFiles} PDF, DOCX, XLSX, PNG or JPEG files of at most ${maxMb} MB each. Files are checked by their content, not their names.`,
    longText: (max: string) => `The problem, solution and benefit boxes take up to ${max} characters each.`,
    afterSubmit:
      "Once submitted, you receive a tracking code, a private link to follow your submission and a receipt by email, with the expected answer date.",
    submitLink: "Submit an initiative",
    trackLink: "Track a submission",
    reviewTitle: "How a submission is considered",
    reviewSteps: [
      "Received: the system issues a tracking code as soon as you submit.",
      "Screening: staff check that the submission is complete, in scope and not a duplicate. If more information is needed, you get a request by email and answer it on the tracking page. An invalid submission is not accepted, with the reason.",
      "Review: at least 2 reviewers score it independently on a review form. Reviewers do not see the author's name, email or organisation; a reviewer with a conflict of interest declares it and does not score that submission.",
      "The initiatives council considers the scores and the reviewers' opinions. An initiative is recognised when at least 2/3 of the members vote in favour; the council decision always gives its reasons and the commendation.",
      "A recognised initiative receives a certificate number and is published on this site.",
    ],
    withdraw: "You may withdraw your submission at any time before the council decision, on its tracking page.",
    statusesTitle: "The statuses of a submission",
    criteriaTitle: "Criteria and scoring",
    criteriaIntro:
      "An initiative is recognised when it is new where it applies, applicable and replicable, and of practical benefit; it must not be against public order nor already protected as intellectual property (Decree 13/2012/NĐ-CP, Articles 3–4).",
    rubricIntro:
      "Each reviewer scores every criterion below. The weighted total is brought to a scale of 0–100. This table is the rubric in force.",
    criterion: "Criterion",
    weight: "Weight",
    scale: "Scale",
    commendationsTitle: "Commendations",
    commendationsIntro: "The council chooses one of these commendations:",
    deadlinesTitle: "Deadlines",
    deadlines: {
      decision:
        "The council decision: within 3 months of the submission's acceptance (Decree 13/2012/NĐ-CP, Article 7). The expected date is on the receipt and the tracking page; overdue submissions are flagged.",
      review: (days: number) =>
        `Review: each reviewer has a due date, by default ${days} working days from the assignment, with reminders before and after it.`,
      moreInfo:
        "Requests for more information: the time spent waiting for your answer counts within the 3 months, so please answer promptly.",
      privacy: (days: number) => `Personal data requests (access, correction, deletion…): answered within ${days} working days.`,
    },
    faqTitle: "Frequently asked questions",
    faq: [
      {
        q: "Do I need an account?",
        a: "No. You only need an email address to receive the receipt, the tracking code and your private link.",
      },
      {
        q: "I lost my tracking link. What now?",
        a: "Open Track a submission and enter the tracking code and the email address you submitted with: the link is sent to that mailbox again.",
      },
      {
        q: "Will my name be published?",
        a: "Only if the initiative is recognised and you agreed to publish your name. Contact details and confidential information are never published.",
      },
      {
        q: "Can I change my submission after sending it?",
        a: "Not directly. When staff ask for more information, you answer and add files on the tracking page. To start again, withdraw it and submit a new one.",
      },
      {
        q: "Can organisations and businesses submit?",
        a: "Yes. Choose organisation or business as the author type and give its name; the representative gives the contact details.",
      },
      {
        q: "Why was my initiative not recognised?",
        a: "The council decision always gives its reasons in writing; they are emailed to you and shown on the tracking page.",
      },
      {
        q: "May recognised initiatives be reused?",
        a: "Published initiatives are open data that anyone may browse and reuse, with a certificate number anyone can verify.",
      },
    ],
    contactTitle: "Need more help?",
    contact: "Contact the body that runs the service:",
  },
  accessibility: {
    metaTitle: "Accessibility statement — Sáng kiến CCHC",
    title: "Accessibility statement",
    intro:
      "Sáng kiến CCHC must work for everyone, including people with disabilities, older people and people on small phone screens or slow connections.",
    targetTitle: "Target",
    targetBefore: "The target is level AA of the ",
    targetLink: "WCAG 2.2 (Web Content Accessibility Guidelines)",
    targetAfter: " on every page for citizens and the public.",
    statusTitle: "Compliance status",
    status: "Partially conformant: most content meets level AA; the known limits are listed below and are being addressed.",
    doneTitle: "What has been done",
    done: [
      "Every page can be used with a keyboard alone, with a skip link to the main content and a visible focus.",
      "Forms work without JavaScript; errors are listed at the top of the form and tied to their fields.",
      "Pages fit a 360 px wide screen without scrolling sideways; text stays readable at 200% zoom.",
      "Statistics charts come with a table of their figures; every informative image has a description.",
      "Public pages are checked automatically with axe-core on every test run, alongside tests in a real browser.",
    ],
    limitsTitle: "Known limits",
    limits: [
      "Files attached by submitters (PDF, DOCX, images) are published as received and may not work with a screen reader. Contact us to get their content in another form.",
      "The certificate's print page is laid out for A4 paper; on screen, use the certificate verification page.",
      "Initiatives written in Vietnamese by citizens are not translated when you choose English.",
      "The staff pages have not yet been fully assessed against this target.",
    ],
    reportTitle: "Report an accessibility problem",
    report:
      "If a page is hard to use, or you need content in another form, tell us: the page's address, what you were doing, and the device or assistive technology you use (for example a screen reader).",
    reportEmail: "Email",
    reportPhone: "Phone",
    prepared: (iso: string) => `This statement was prepared on ${enDate(iso)} and is reviewed when the service changes.`,
  },
};

registerSection("service", vi, en);
