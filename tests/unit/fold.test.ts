import { describe, expect, it } from "vitest";
import { fold } from "~/utils/text";
import { searchTerms } from "~/models/public/search.server";
import { FOLD_PAIRS } from "./fold-pairs";

describe("fold", () => {
  it.each(FOLD_PAIRS)("folds %j to %j", (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it("is idempotent and leaves plain ASCII alone", () => {
    for (const [input] of FOLD_PAIRS) expect(fold(fold(input))).toBe(fold(input));
    expect(fold("dang ky kinh doanh 2026")).toBe("dang ky kinh doanh 2026");
  });

  it("makes accented and unaccented spellings of a query equal both ways", () => {
    expect(searchTerms("cai cach thu tuc")).toEqual(searchTerms("Cải cách thủ tục"));
    expect(searchTerms("CẢI CÁCH")).toEqual(["cai", "cach"]);
    expect(searchTerms("dang ky")).toEqual(searchTerms("Đăng Ký"));
  });
});
