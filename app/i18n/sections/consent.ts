/** Consents: the names on public pages, the consents on the private tracking page (the form's fields are in citizen.ts). */
import type { Translation } from "../shape";
import { registerSection } from "../index";

export const vi = {
  public: {
    anonymousAuthor: "Tác giả ẩn danh",
    coAuthors: "Đồng tác giả",
  },
  tracking: {
    title: "Đồng ý về dữ liệu cá nhân",
    intro: "Các đồng ý bạn đã đưa ra khi gửi hồ sơ. Bạn có thể rút đồng ý công bố tên bất cứ lúc nào; việc rút có hiệu lực ngay.",
    person: (name: string, position: number) => (position === 0 ? `${name} (tác giả)` : `${name} (đồng tác giả ${position})`),
    processing: "Xử lý dữ liệu cá nhân để giải quyết sáng kiến",
    publishName: "Công bố tên nếu sáng kiến được công nhận",
    given: (date: string) => `Đã đồng ý ngày ${date}`,
    refused: "Không đồng ý",
    withdrawn: (date: string) => `Đã rút đồng ý ngày ${date}`,
    noticeVersion: (version: string) => `theo thông báo về dữ liệu cá nhân phiên bản ${version}`,
    withdraw: "Rút đồng ý công bố tên",
    withdrawFor: (name: string) => `Rút đồng ý công bố tên của ${name}`,
    processingExplain:
      "Đồng ý này là điều kiện để Thành phố xét sáng kiến của bạn, nên không thể rút riêng mà sáng kiến vẫn được xét. Rút đồng ý này nghĩa là rút hồ sơ (khi chưa có quyết định) hoặc đề nghị xóa dữ liệu cá nhân của bạn.",
    processingWithdrawLink: "Rút hồ sơ",
    processingEraseLink: "Đề nghị xóa dữ liệu cá nhân",
    coAuthorNote: "Đồng tác giả muốn rút đồng ý của mình thì báo bạn hoặc liên hệ bộ phận bảo vệ dữ liệu cá nhân.",
    confirmTitle: "Rút đồng ý công bố tên?",
    confirmBody: (name: string) =>
      `Tên “${name}” sẽ không còn xuất hiện trên trang công khai, bản tin, dữ liệu mở và giấy chứng nhận; nơi từng ghi tên sẽ ghi “Tác giả ẩn danh”. Việc này có hiệu lực ngay và không thể hoàn tác trên trang này.`,
    confirm: "Có, rút đồng ý",
    cancel: "Không, quay lại",
    done: (name: string) => `Đã rút đồng ý công bố tên của ${name}.`,
    notGiven: "Đồng ý này hiện không còn hiệu lực; không có gì thay đổi.",
    unknownPerson: "Không tìm thấy người này trong hồ sơ.",
    pageTitle: (code: string) => `Rút đồng ý công bố tên · ${code}`,
  },
};

export const en: Translation<typeof vi> = {
  public: {
    anonymousAuthor: "Anonymous author",
    coAuthors: "Co-authors",
  },
  tracking: {
    title: "Your consents to personal data",
    intro:
      "The consents given when the initiative was submitted. You may withdraw a consent to publish a name at any time; it takes effect at once.",
    person: (name: string, position: number) => (position === 0 ? `${name} (author)` : `${name} (co-author ${position})`),
    processing: "Processing of personal data to handle the initiative",
    publishName: "Publishing the name if the initiative is recognised",
    given: (date: string) => `Given on ${date}`,
    refused: "Not given",
    withdrawn: (date: string) => `Withdrawn on ${date}`,
    noticeVersion: (version: string) => `under privacy notice version ${version}`,
    withdraw: "Withdraw consent to publish the name",
    withdrawFor: (name: string) => `Withdraw consent to publish the name of ${name}`,
    processingExplain:
      "This consent is what allows the city to consider your initiative, so it cannot be withdrawn on its own while the initiative is still considered. Withdrawing it means withdrawing the initiative (before a decision) or asking for your personal data to be erased.",
    processingWithdrawLink: "Withdraw the initiative",
    processingEraseLink: "Ask for erasure of personal data",
    coAuthorNote: "A co-author who wants to withdraw their consent can ask you, or contact the data protection contact.",
    confirmTitle: "Withdraw consent to publish the name?",
    confirmBody: (name: string) =>
      `“${name}” will no longer appear on the public page, the feed, the open data or the certificate; where it appeared, “Anonymous author” is shown. This takes effect at once and cannot be undone on this page.`,
    confirm: "Yes, withdraw consent",
    cancel: "No, go back",
    done: (name: string) => `Consent to publish the name of ${name} withdrawn.`,
    notGiven: "This consent is no longer in force; nothing changed.",
    unknownPerson: "This person is not part of the initiative.",
    pageTitle: (code: string) => `Withdraw consent to publish a name · ${code}`,
  },
};

registerSection("consent", vi, en);
