import { describe, expect, it } from "vitest";
import { cleanLine, cleanText, fold, slugify } from "~/utils/text";

describe("text", () => {
  it("stores NFC without control, zero-width or bidi override characters", () => {
    const decomposed = "Cải cách".normalize("NFD");
    expect(cleanText(decomposed)).toBe("Cải cách");
    expect(cleanText("a\u200Bb\u202Ec\u0007d\uFEFF")).toBe("abcd");
    expect(cleanText("dòng 1\r\ndòng 2")).toBe("dòng 1\ndòng 2");
    expect(cleanLine("  Sáng   kiến \n mới ")).toBe("Sáng kiến mới");
  });

  it("keeps what looks like HTML as text", () => {
    expect(cleanText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });

  it("folds case, diacritics and đ", () => {
    expect(fold("CẢI CÁCH THỦ TỤC")).toBe("cai cach thu tuc");
    expect(fold("Đăng ký")).toBe("dang ky");
    expect(slugify("Cải cách thủ tục: đăng ký!")).toBe("cai-cach-thu-tuc-dang-ky");
  });
});
