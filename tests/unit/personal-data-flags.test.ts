/**
 * The corpus of the screening flags: numbers, addresses, names and organisations as people write them in a
 * submission (true positives, with the exact span), and the figures, references and phrases of an ordinary
 * initiative that must stay unflagged (false positives).
 */
import { describe, expect, it } from "vitest";
import { findPersonalData, redact, segments, type FlagKind } from "~/models/screening/personal-data-flags";

const AUTHOR = {
  fullName: "Nguyễn Văn Bí Mật",
  email: "bimat.nguyen@example.com",
  phone: "0912 345 678",
  organisation: "Công ty Bí Mật Zyx",
};
const COAUTHOR = { fullName: "Trần Thị Đồng Hành" };
const PEOPLE = [AUTHOR, COAUTHOR];

/** The flagged pieces of a text, as [kind, text] pairs. */
function found(text: string): [FlagKind, string][] {
  return findPersonalData(text, PEOPLE).map((f) => [f.kind, text.slice(f.start, f.end)]);
}

describe("phones in any Vietnamese format", () => {
  const cases: [string, string][] = [
    ["Liên hệ 0987654321 để trao đổi.", "0987654321"],
    ["Liên hệ 0987 654 321 để trao đổi.", "0987 654 321"],
    ["Liên hệ 0987.654.321 để trao đổi.", "0987.654.321"],
    ["Liên hệ 0987-654-321 để trao đổi.", "0987-654-321"],
    ["Liên hệ 098 765 4321 để trao đổi.", "098 765 4321"],
    ["Liên hệ 0987 65 43 21 để trao đổi.", "0987 65 43 21"],
    ["Liên hệ +84 987654321 để trao đổi.", "+84 987654321"],
    ["Liên hệ +84987654321 để trao đổi.", "+84987654321"],
    ["Liên hệ +84 987 654 321 để trao đổi.", "+84 987 654 321"],
    ["Liên hệ (+84) 987 654 321 để trao đổi.", "(+84) 987 654 321"],
    ["Liên hệ +84 (0) 987 654 321 để trao đổi.", "+84 (0) 987 654 321"],
    ["Liên hệ 0084 987 654 321 để trao đổi.", "0084 987 654 321"],
    ["Liên hệ 84 987 654 321 để trao đổi.", "84 987 654 321"],
    ["Bàn: (024) 3825 1234, máy lẻ.", "(024) 3825 1234"],
    ["Bàn: 024 3825 1234.", "024 3825 1234"],
    ["Bàn: 024.3825.1234.", "024.3825.1234"],
    ["Bàn: 02438251234.", "02438251234"],
    ["Bàn: +84 24 3825 1234.", "+84 24 3825 1234"],
    ["Zalo 0356 123 456 hoặc 0777123456.", "0356 123 456"],
    ["SĐT:0912345678", "0912345678"],
    // the author's own number, written without its trunk 0
    ["Gọi 912345678 giờ hành chính.", "912345678"],
  ];
  for (const [text, phone] of cases) {
    it(`finds ${phone}`, () => {
      expect(found(text)).toContainEqual(["phone", phone]);
      expect(found(text).filter(([k]) => k === "phone")[0]).toEqual(["phone", phone]);
    });
  }
  it("finds two numbers in one sentence", () => {
    expect(found("Zalo 0356 123 456 hoặc 0777123456.")).toEqual([
      ["phone", "0356 123 456"],
      ["phone", "0777123456"],
    ]);
  });
});

describe("emails", () => {
  for (const [text, email] of [
    ["Thư: an.tran@gmail.com nhé", "an.tran@gmail.com"],
    ["Thư: AN_TRAN+sk@xa.hanoi.gov.vn.", "AN_TRAN+sk@xa.hanoi.gov.vn"],
    ["Thư: an.tran (at) gmail (dot) com", "an.tran (at) gmail (dot) com"],
    ["Thư: an.tran[at]gmail.com", "an.tran[at]gmail.com"],
  ] as const) {
    it(`finds ${email}`, () => expect(found(text)).toEqual([["email", email]]));
  }
  it("finds the author's address by its local part however it is disguised", () => {
    expect(found("Gửi cho bimat nguyen ở hộp thư công ty.")).toContainEqual(["email", "bimat nguyen"]);
  });
});

describe("the author's and co-authors' names, folded", () => {
  for (const text of [
    "Do Nguyễn Văn Bí Mật đề xuất.",
    "Do nguyen van bi mat đề xuất.",
    "Do NGUYỄN VĂN BÍ MẬT đề xuất.",
    "Do Nguyen-Van-Bi-Mat đề xuất.",
    "Do NguyenVanBiMat đề xuất.",
  ]) {
    it(`finds the name in "${text}"`, () => {
      const f = found(text);
      expect(f).toHaveLength(1);
      expect(f[0][0]).toBe("name");
      expect(fold(f[0][1])).toBe(fold(text.slice(3, text.length - 9)));
    });
  }
  it("finds a co-author and the organisation", () => {
    expect(found("Chị Tran Thi Dong Hanh (Cong ty Bi Mat Zyx) cùng làm.")).toEqual([
      ["name", "Tran Thi Dong Hanh"],
      ["organisation", "Cong ty Bi Mat Zyx"],
    ]);
  });
});

describe("organisations by their legal form", () => {
  for (const [text, org] of [
    ["Sáng kiến của Công ty ABC về một cửa.", "Công ty ABC"],
    ["Công ty TNHH Minh Phát đã thử nghiệm.", "Công ty TNHH Minh Phát"],
    ["do công ty cổ phần Sao Việt tài trợ", "công ty cổ phần Sao Việt"],
    ["HTX Nông Nghiệp Xanh áp dụng.", "HTX Nông Nghiệp Xanh"],
  ] as const) {
    it(`finds ${org}`, () => expect(found(text)).toEqual([["organisation", org]]));
  }
});

describe("street addresses", () => {
  for (const [text, address] of [
    ["Địa chỉ: số nhà 12, ngõ 34 phố Huế.", "số nhà 12, ngõ 34 phố Huế"],
    ["Tôi ở số 5 ngách 12/34 ngõ 56 đường Láng.", "số 5 ngách 12/34 ngõ 56 đường Láng"],
    ["Nhà 18 phố Hàng Bài, phường Hoàn Kiếm.", "18 phố Hàng Bài"],
    ["Gặp tại ngõ 102 Trường Chinh.", "ngõ 102"],
    ["Số nhà 7B trong khu tập thể.", "Số nhà 7B"],
    ["Ở 25 đường Giải Phóng.", "25 đường Giải Phóng"],
  ] as const) {
    it(`finds ${address}`, () => expect(found(text)).toEqual([["address", address]]));
  }
});

describe("the text of an ordinary initiative stays unflagged", () => {
  for (const text of [
    "Giảm 987 hồ sơ, tiết kiệm 654 giờ và 321 triệu đồng mỗi năm.",
    "Theo Quyết định số 16/2023/QĐ-UBND và Nghị định 13/2012/NĐ-CP.",
    "Mã hồ sơ SK-2026-000123 được cấp ngày 12/05/2026.",
    "Chi phí 1.500.000 đồng cho 2.345 hồ sơ; tỷ lệ 98,5%.",
    "Tổng đài 1022 và đường dây nóng 1900 1234 hỗ trợ người dân.",
    "Văn bản hướng dẫn của Nguyễn Trãi, năm 2025; ông Nguyễn Văn Bình đã góp ý.",
    "Người dân đi trên đường đi làm, qua phố cổ, vào ngõ nhỏ.",
    "Công ty và doanh nghiệp trên địa bàn đều được hưởng lợi.",
    "Áp dụng tại Sở Tư pháp và UBND phường Hoàn Kiếm từ 01.07.2025.",
    "Thời gian giải quyết giảm từ 15 ngày xuống 3 ngày, 0,5 giờ mỗi lượt.",
    "Số hóa 12 000 hồ sơ, số 5 trong danh mục, phiên bản 2.0.",
    "Giờ làm việc 7h30 - 11h30, điểm 8/10.",
  ]) {
    it(`"${text}"`, () => expect(found(text)).toEqual([]));
  }
});

describe("redaction", () => {
  it("replaces each flagged span with its placeholder and keeps the rest", () => {
    const text = "Nguyễn Văn Bí Mật, 0987 654 321, Công ty ABC: một cửa tại số nhà 12 ngõ 34 phố Huế.";
    const flags = findPersonalData(text, PEOPLE);
    expect(redact(text, flags)).toBe("[họ tên], [số điện thoại], [tổ chức]: một cửa tại [địa chỉ].");
    expect(
      segments(text, flags)
        .map((s) => s.text)
        .join(""),
    ).toBe(text);
  });

  it("is empty-safe and leaves a clean text as it was", () => {
    expect(findPersonalData("", PEOPLE)).toEqual([]);
    const clean = "Một đầu mối tiếp nhận hồ sơ đất đai.";
    expect(redact(clean, findPersonalData(clean, PEOPLE))).toBe(clean);
  });
});

function fold(s: string) {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
