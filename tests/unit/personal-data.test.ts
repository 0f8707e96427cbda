import { describe, expect, it } from "vitest";
import { personalDataIn } from "~/models/publication/publication-rules";

const AUTHOR = { fullName: "Nguyễn Văn Bí Mật", email: "bimat@example.com", phone: "0987654321", organisation: "Công ty Bí Mật Zyx" };
const COAUTHOR = { fullName: "Trần Thị Đồng Hành" };
const people = [AUTHOR, COAUTHOR];

describe("personal data in a public text", () => {
  it("finds a phone number however it is written", () => {
    for (const text of [
      "Liên hệ 0987654321.",
      "Liên hệ 0987 654 321.",
      "Liên hệ 0987.654.321.",
      "Liên hệ 0987-654-321.",
      "Liên hệ +84 987.654.321.",
      "Liên hệ +84987654321.",
      "Liên hệ (+84) 987 654 321.",
      "Liên hệ 0084 987 654 321.",
      "Liên hệ 84 987 654 321.",
    ]) {
      expect(personalDataIn(text, people), text).toBe("phone");
    }
  });

  it("finds a name however its words are separated, cased or accented", () => {
    for (const text of [
      "Do Nguyễn Văn Bí Mật đề xuất.",
      "Do nguyen van bi mat đề xuất.",
      "Do Nguyen-Van-Bi-Mat đề xuất.",
      "Do NGUYEN_VAN_BI_MAT đề xuất.",
      "Do NguyenVanBiMat đề xuất.",
      "Do Nguyen.Van.BiMat đề xuất.",
    ]) {
      expect(personalDataIn(text, people), text).toBe("name");
    }
    expect(personalDataIn("Chị Tran-Thi-Dong-Hanh góp ý.", people)).toBe("name");
  });

  it("finds an email's local part however the address is disguised", () => {
    for (const text of [
      "Thư: bimat@example.com",
      "Thư: bimat (at) example.com",
      "Thư: bimat [a] example [dot] com",
      "Thư: BiMat ở example.com",
    ]) {
      expect(personalDataIn(text, people), text).toBe("email");
    }
  });

  it("finds the organisation", () => {
    expect(personalDataIn("Đề xuất của Cong-ty Bi Mat Zyx.", people)).toBe("organisation");
  });

  it("lets through text that only shares words or digits by chance", () => {
    for (const text of [
      "Văn bản hướng dẫn của Nguyễn Trãi, 2025.",
      "Giảm 987 hồ sơ, tiết kiệm 654 giờ và 321 triệu đồng.",
      "Bí quyết: một đầu mối tiếp nhận, số 0987 654 320.",
      "Tổng đài 1022 hỗ trợ người dân.",
      "Nguyễn Văn Bình đã góp ý.",
    ]) {
      expect(personalDataIn(text, people), text).toBeNull();
    }
  });

  it("lets a consenting author's name through, even where their email's local part is in it", () => {
    const consented = [{ email: AUTHOR.email, phone: AUTHOR.phone, organisation: AUTHOR.organisation }, COAUTHOR];
    expect(personalDataIn("Do Nguyễn Văn Bí Mật đề xuất.", consented, [AUTHOR.fullName])).toBeNull();
    expect(personalDataIn("Do Nguyễn Văn Bí Mật đề xuất, thư bimat (at) example.com.", consented, [AUTHOR.fullName])).toBe("email");
    expect(personalDataIn("Do Nguyễn Văn Bí Mật và Trần Thị Đồng Hành đề xuất.", consented, [AUTHOR.fullName])).toBe("name");
  });
});
