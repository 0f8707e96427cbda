import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { excerptAround, Highlight } from "~/components/highlight";
import { MAX_TERMS, searchTerms } from "~/models/public/search.server";
import { exactWords, searchQuery } from "~/models/public/search-terms";
import { ftsQuery } from "~/models/public/search-sqlite.server";
import { tsQuery } from "~/models/public/search-postgres.server";

describe("search terms", () => {
  it("keeps folded words only, so no query syntax reaches the index", () => {
    expect(searchTerms('  "đăng" OR ký* NEAR(x) -- ; drop')).toEqual(["dang", "or", "ky", "near", "x", "drop"]);
    expect(searchTerms("")).toEqual([]);
    expect(searchTerms("!!! ...")).toEqual([]);
    expect(searchTerms("a a A á")).toEqual(["a"]);
  });

  it("caps the number of terms", () => {
    expect(searchTerms("một hai ba bốn năm sáu bảy tám chín mười")).toHaveLength(MAX_TERMS);
  });

  it("builds engine queries from the tiers' levels", () => {
    const words = { words: ["dang", "ky"], exact: false, phrase: false, prefix: false, title: false };
    const exactPhrase = { ...words, words: ["d9a8ng", "ky1"], exact: true, phrase: true };
    expect(ftsQuery({ all: [words], none: [] })).toBe('({title body labels} : ("dang" "ky"))');
    expect(tsQuery({ all: [words], none: [] })).toBe("(dang:ABC & ky:ABC)");
    expect(ftsQuery({ all: [{ ...words, prefix: true }], none: [exactPhrase] })).toBe(
      '({title body labels} : ("dang" "ky"*)) NOT (({exact} : "d9a8ng ky1"))',
    );
    expect(tsQuery({ all: [{ ...words, prefix: true }], none: [exactPhrase] })).toBe("(dang:ABC & ky:*ABC) & !(d9a8ng:D <-> ky1:D)");
  });

  it("reads the diacritics typed as exact tokens, whatever the tone placement or normal form", () => {
    expect(exactWords("Số hóa sổ hộ tịch")).toEqual(["so61", "hoa1", "so63", "ho65", "tich5"]);
    for (const [a, b] of [
      ["hoá", "hóa"],
      ["thuỷ", "thủy"],
      ["khoẻ", "khỏe"],
      ["HOÀ", "hòa"],
      ["số hoá".normalize("NFD"), "số hóa"],
    ])
      expect(exactWords(a), a).toEqual(exactWords(b));
    expect(exactWords("so hoa")).not.toEqual(exactWords("số hóa"));
    expect(exactWords("tâm tăm tam")).toEqual(["ta6m", "ta8m", "tam"]);
    expect(exactWords("Nghị định 61/2018/NĐ-CP")).toEqual(["nghi5", "d9inh5", "61", "2018", "nd9", "cp"]);
    // one exact token per folded word, in the same order: the digits dropped, they are the folded words
    const text = "Người dân Đống Đa, thủ tục 61/2018!";
    expect(exactWords(text).map((w) => (/^[0-9]+$/.test(w) ? w : w.replace(/[0-9]/g, "")))).toEqual(searchTerms(text));
  });

  it("reads a query's phrase, exact words (only when it has diacritics) and prefix", () => {
    expect(searchQuery("ho tic")).toEqual({ phrase: ["ho", "tic"], exact: null, prefix: "tic" });
    expect(searchQuery("số hoá")).toEqual({ phrase: ["so", "hoa"], exact: ["so61", "hoa1"], prefix: "hoa" });
    expect(searchQuery("hộ tị").prefix).toBeNull();
  });
});

describe("highlight", () => {
  it("marks matching words whatever their accents or case, and escapes the rest", () => {
    const html = renderToStaticMarkup(<Highlight text="Đăng ký <b>kinh doanh</b> & ĐĂNG KÝ" terms={["dang", "ky"]} />);
    expect(html).toBe("<mark>Đăng</mark> <mark>ký</mark> &lt;b&gt;kinh doanh&lt;/b&gt; &amp; <mark>ĐĂNG</mark> <mark>KÝ</mark>");
  });

  it("marks whole words only", () => {
    const html = renderToStaticMarkup(<Highlight text="dangky dang" terms={["dang"]} />);
    expect(html).toBe("dangky <mark>dang</mark>");
  });

  it("shows plain text without terms", () => {
    expect(renderToStaticMarkup(<Highlight text="a <i>b</i>" terms={[]} />)).toBe("a &lt;i&gt;b&lt;/i&gt;");
  });

  it("cuts an excerpt around the first match", () => {
    const text = `${"Mở đầu dài dòng không liên quan. ".repeat(20)}Người dân đăng ký trực tuyến tại xã.${" Phần kết.".repeat(20)}`;
    const ex = excerptAround(text, ["dang", "ky"], 120);
    expect(ex.startsWith("… ")).toBe(true);
    expect(ex).toContain("đăng ký");
    expect(ex.length).toBeLessThan(130);
    expect(excerptAround("ngắn", ["x"])).toBe("ngắn");
  });
});
