import { describe, expect, it } from "vitest";
import {
  BODY_CHARS,
  bodyOf,
  candidatePhrases,
  candidateQuery,
  COMMON_PAIRS,
  prepare,
  setCosine,
  similarity,
  termsOf,
  type PhraseQuery,
} from "~/models/duplicates/similarity";

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
    expect(phrases.length).toBeGreaterThan(6);
    const first = phrases.slice(0, 6).map((p) => p.join(" "));
    const query = candidateQuery(phrases)!;
    const holds = (q: PhraseQuery, present: Set<string>): boolean =>
      "phrase" in q
        ? present.has(q.phrase.join(" "))
        : "all" in q
          ? q.all.every((x) => holds(x, present))
          : q.any.some((x) => holds(x, present));
    // every title the index could hold, as the set of those six phrases (and a later one) it contains
    for (let mask = 0; mask < 1 << 7; mask++) {
      const present = new Set(
        phrases
          .slice(0, 7)
          .map((p) => p.join(" "))
          .filter((_, k) => mask & (1 << k)),
      );
      const shared = first.filter((p) => present.has(p)).length;
      expect(holds(query, present), [...present].join(", ")).toBe(shared >= 2);
    }
    expect(candidateQuery([["ho", "tich"]])).toEqual({ phrase: ["ho", "tich"] });
    expect(candidateQuery([])).toBeNull();
  });

  it("names each phrase at most three times in that query: the index's work grows with the phrases it is asked", () => {
    const leaves = (q: PhraseQuery): number => ("phrase" in q ? 1 : ("all" in q ? q.all : q.any).reduce((n, x) => n + leaves(x), 0));
    // every pair written out would be 15 pairs, 30 phrases
    expect(leaves(candidateQuery(candidatePhrases(HO_TICH))!)).toBeLessThanOrEqual(16);
  });

  it("compares the first BODY_CHARS characters of each text, so a long text costs no more than that", () => {
    const opening = "Người dân phải nộp bản sao giấy khai sinh nhiều lần. ";
    const filler = "Nội dung chi tiết về quy trình hiện nay. ".repeat(Math.ceil(BODY_CHARS / 40));
    const a = { title: HO_TICH, body: bodyOf(opening + filler + "ngân sách kho bạc đối soát", "Giải pháp gắn mã QR.") };
    const b = { title: HO_TICH, body: bodyOf(opening + filler + "ký số lưu trữ điện tử", "Giải pháp gắn mã QR.") };
    expect(similarity(a, b).body).toBe(1);
    // each text keeps its own opening: a long problem does not crowd the solution out
    expect(bodyOf(filler + filler, "Giải pháp gắn mã QR.")).toContain("Giải pháp gắn mã QR.");
    expect(bodyOf("ngắn", "gọn")).toBe("ngắn\ngọn");
  });

  it("gives the same answer from prepared terms", () => {
    const a = { title: HO_TICH, body: "Người dân chờ kết quả" };
    const b = { title: `${HO_TICH} (đề xuất 9)`, body: "Người dân chờ lâu" };
    expect(similarity(prepare(a), b)).toEqual(similarity(a, b));
  });
});
