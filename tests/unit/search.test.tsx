import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { excerptAround, Highlight } from "~/components/highlight";
import { MAX_TERMS, searchTerms } from "~/models/public/search.server";
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

  it("builds engine queries from the terms", () => {
    expect(ftsQuery(["dang", "ky"])).toBe('"dang" "ky"');
    expect(tsQuery(["dang", "ky"])).toBe("dang & ky");
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
