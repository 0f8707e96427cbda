import { describe, expect, it } from "vitest";
import "~/i18n/sections/staff";
import { dictionaryFor } from "~/i18n/index";
import { MIN_PASSWORD_LENGTH, passwordProblem, passwordProblemMessage, type PasswordProblem } from "~/utils/password-policy.server";

describe("the staff password policy", () => {
  it("keeps the minimum length and a maximum", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem("a".repeat(5))).toBe("tooShort");
    expect(passwordProblem("tàu xanh 42!")).toBeNull(); // exactly 12 characters
    expect(passwordProblem("tàu xanh 42")).toBe("tooShort");
    expect(passwordProblem("x".repeat(150) + " " + "y".repeat(50))).toBe("tooLong");
  });

  it("refuses one character repeated, whatever the character", () => {
    for (const p of ["aaaaaaaaaaaa", "111111111111", "            ", "ậậậậậậậậậậậậ", "!!!!!!!!!!!!!!!!"])
      expect(passwordProblem(p), p).toBe("sameCharacter");
  });

  const refused: string[] = [
    // common passwords, stretched to the minimum length with digits and symbols, in any case
    "password1234",
    "Password@123",
    "P@ssw0rd1234",
    "qwerty123456",
    "ILoveYou12345",
    "Dragon2026!!",
    // runs of digits, letters and keys; short groups repeated
    "123456789012",
    "098765432109",
    "abcdefghijkl",
    "qwertyuiop12",
    "1qaz2wsx3edc",
    "abcabcabcabc",
    "121212121212",
    "passwordpassword",
    // Vietnamese ones, with or without diacritics and separators
    "matkhau123456",
    "Matkhau123456",
    "MậtKhẩu@2026",
    "mật khẩu 123456",
    "123456a@123456",
    "anhyeuem2026!",
    "Anh yêu em 1990",
    "Hanoi@2026!!",
    "Hà Nội 2026 !!",
    "Huong@Tran1985",
    // the product's name and the demo password
    "demo-password",
    "Demo-Password1",
    "Sáng kiến CCHC 2026",
    "sangkiencchc!!",
    "cải cách hành chính",
  ];
  it.each(refused)("refuses %s as common or guessable", (p) => {
    expect(passwordProblem(p)).toBe("common");
  });

  const accepted = [
    "a long enough phrase",
    "correct horse battery staple",
    "mưa rơi trên phố cổ",
    "tau-xanh-42-ngan-ha",
    "Nguyễn Văn Minh thích cà phê",
    "839201746352",
    "second-secretary-pw",
  ];
  it.each(accepted)("accepts %s", (p) => {
    expect(passwordProblem(p)).toBeNull();
  });

  it("has a message for every problem in both languages", () => {
    const problems: PasswordProblem[] = ["tooShort", "tooLong", "sameCharacter", "common"];
    for (const lang of ["vi", "en"] as const) {
      const messages = problems.map((p) => passwordProblemMessage(p, dictionaryFor(lang).staff));
      expect(new Set(messages).size).toBe(problems.length);
      for (const m of messages) expect(m.length).toBeGreaterThan(10);
    }
  });
});
