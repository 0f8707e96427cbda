import { describe, expect, it } from "vitest";
import { candidatePhrases, candidateQuery, COMMON_PAIRS, prepare, setCosine, similarity, termsOf } from "~/models/duplicates/similarity";

const HO_TICH = "Trả kết quả thủ tục hộ tịch qua ứng dụng định danh điện tử";
const TIEN_MAT = "Thanh toán không dùng tiền mặt cho phí, lệ phí tại bộ phận một cửa";

describe("similarity", () => {
  it("folds diacritics and đ, leaves out function words, and pairs neighbouring words", () => {
    const terms = termsOf("Đăng ký hộ tịch và chứng thực");
    expect([...terms].sort()).toEqual(["chung", "chung thuc", "dang", "dang ky", "ho", "ho tich", "ky", "ky ho", "thuc", "tich"]);
    expect(terms.has("va")).toBe(false);
  });

  it("scores a demo title and its numbered repeat high, and an unrelated title at zero", () => {
    const repeat = similarity({ title: HO_TICH, body: "" }, { title: `${HO_TICH} (đề xuất 33)`, body: "" });
    expect(repeat.score).toBeGreaterThan(0.8);
    expect(repeat.shared).toEqual(expect.arrayContaining(["ho", "tich", "dinh", "danh"]));
    const other = similarity({ title: HO_TICH, body: "" }, { title: TIEN_MAT, body: "" });
    expect(other.score).toBeLessThan(0.1);
  });

  it("is the same whether or not the typist used diacritics", () => {
    const a = similarity({ title: HO_TICH, body: "" }, { title: "tra ket qua thu tuc ho tich qua ung dung dinh danh dien tu", body: "" });
    expect(a.score).toBe(1);
  });

  it("weighs the title over the body and adds the context bonus only at screening", () => {
    const a = { title: HO_TICH, body: "Người dân phải đến nhận kết quả trực tiếp", reformArea: "procedures", scopeType: "city" };
    const b = { title: HO_TICH, body: "Một nội dung hoàn toàn khác về ngân sách", reformArea: "procedures", scopeType: "city" };
    const plain = similarity(a, b);
    expect(plain.title).toBe(1);
    expect(plain.score).toBeCloseTo(0.65 + 0.35 * plain.body, 2);
    expect(similarity(a, b, { context: true }).score).toBeCloseTo(Math.min(1, plain.score + 0.1), 2);
  });

  it("cosine of sets", () => {
    expect(setCosine(new Set(["a", "b"]), new Set(["b", "c"]))).toBeCloseTo(0.5);
    expect(setCosine(new Set(), new Set(["a"]))).toBe(0);
  });

  it("looks candidates up by uncommon pairs, title first, and by a lone word when there is no pair", () => {
    const phrases = candidatePhrases(HO_TICH, "Thủ tục hành chính rườm rà");
    expect(phrases[0]).toEqual(["tra", "ket"]);
    expect(phrases.map((p) => p.join(" "))).toContain("ho tich");
    for (const p of phrases) expect(COMMON_PAIRS.has(p.join(" "))).toBe(false);
    expect(candidatePhrases("Hộ tịch")).toEqual([["ho", "tich"]]);
    expect(candidatePhrases("tịch")).toEqual([["tich"]]);
    expect(candidatePhrases("và với")).toEqual([]);
  });

  it("asks the index for any two of the first six phrases together, or the one phrase there is", () => {
    const phrases = candidatePhrases(HO_TICH);
    const query = candidateQuery(phrases);
    expect(query).toHaveLength(15);
    for (const alternative of query) expect(alternative).toHaveLength(2);
    expect(candidateQuery([["ho", "tich"]])).toEqual([[["ho", "tich"]]]);
    expect(candidateQuery([])).toEqual([]);
  });

  it("gives the same answer from prepared terms", () => {
    const a = { title: HO_TICH, body: "Người dân chờ kết quả" };
    const b = { title: `${HO_TICH} (đề xuất 9)`, body: "Người dân chờ lâu" };
    expect(similarity(prepare(a), b)).toEqual(similarity(a, b));
  });
});
