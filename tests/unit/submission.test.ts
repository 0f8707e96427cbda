import { describe, expect, it } from "vitest";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";

const dictionaries = { vi: dictionaryFor("vi"), en: dictionaryFor("en") };
import {
  findUnit,
  normalisePhone,
  parseSubmission,
  rawFromForm,
  todayInHanoi,
  type RawSubmission,
  type ScopeOptions,
} from "~/models/initiative/submission.server";
import { fold } from "~/utils/text";

const options: ScopeOptions = {
  agencies: [{ id: 7, name: "Sở Tư pháp" }],
  units: [{ id: 3, name: "Phường Hoàn Kiếm", name_folded: fold("Phường Hoàn Kiếm") }],
};
const TODAY = "2026-05-10";
const vi = dictionaries.vi.citizen.validation;
const en = dictionaries.en.citizen.validation;

function valid(): RawSubmission {
  return {
    title: "Trả kết quả hộ tịch qua ứng dụng",
    reformArea: "procedures",
    procedureDomain: "",
    scope: { type: "city", agencyId: "", unitName: "" },
    problem: "Người dân phải quay lại bộ phận một cửa.",
    solution: "Gửi bản điện tử có chữ ký số vào ví giấy tờ.",
    benefit: "Giảm một lượt đi lại cho mỗi hồ sơ.",
    applied: { before: false, at: "" },
    confidential: "",
    author: { type: "individual", fullName: "Nguyễn Văn An", email: "an@example.com", phone: "", organisation: "", share: "100" },
    coAuthors: [],
    consentData: true,
    consentPublishName: false,
  };
}

function errorsOf(raw: RawSubmission, m = vi) {
  const r = parseSubmission(raw, m, options, TODAY);
  return r.ok ? {} : r.errors;
}

function edit(change: (r: RawSubmission) => void): RawSubmission {
  const r = valid();
  change(r);
  return r;
}

describe("the submission schema", () => {
  it("accepts a valid submission and shapes it", () => {
    const r = parseSubmission(valid(), vi, options, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.scope).toEqual({ scopeType: "city", agencyId: null, unitId: null });
    expect(r.data.procedureDomain).toBeNull();
    expect(r.data.author).toMatchObject({ share: 100, phone: null, organisation: null });
    expect(r.data.coAuthors).toEqual([]);
  });

  it("cleans text: NFC, no zero-width or bidi characters, HTML kept as text", () => {
    const r = parseSubmission(
      edit((x) => {
        x.title = "  <b>Cải\u200B cách</b>\u202E  thu\u0309 tục  ";
      }),
      vi,
      options,
      TODAY,
    );
    expect(r.ok && r.data.title).toBe("<b>Cải cách</b> thủ tục");
  });

  const rules: [string, (r: RawSubmission) => void, string, string][] = [
    ["title required", (r) => (r.title = ""), "title", vi.required],
    ["title at least 10", (r) => (r.title = "123456789"), "title", vi.tooShort(10)],
    ["title at most 200", (r) => (r.title = "x".repeat(201)), "title", vi.tooLong(200)],
    ["problem at most 10,000", (r) => (r.problem = "x".repeat(10_001)), "problem", vi.tooLong(10_000)],
    ["solution required", (r) => (r.solution = "   "), "solution", vi.required],
    ["benefit at most 10,000", (r) => (r.benefit = "x".repeat(10_001)), "benefit", vi.tooLong(10_000)],
    ["confidential at most 10,000", (r) => (r.confidential = "x".repeat(10_001)), "confidential", vi.tooLong(10_000)],
    ["a known reform area", (r) => (r.reformArea = "x"), "reformArea", vi.chooseArea],
    ["a known procedure domain", (r) => (r.procedureDomain = "x"), "procedureDomain", vi.chooseDomain],
    ["an agency from the list", (r) => (r.scope = { type: "agency", agencyId: "8", unitName: "" }), "scope.agencyId", vi.chooseAgency],
    ["a unit from the list", (r) => (r.scope = { type: "unit", agencyId: "", unitName: "Xã Không Có" }), "scope.unitName", vi.chooseUnit],
    ["a valid email", (r) => (r.author.email = "an@"), "author.email", vi.email],
    ["a Vietnamese phone", (r) => (r.author.phone = "0112345678"), "author.phone", vi.phone],
    ["an organisation name for a business", (r) => (r.author.type = "business"), "author.organisation", vi.required],
    ["applied date required when applied", (r) => (r.applied = { before: true, at: "" }), "applied.at", vi.dateRequired],
    ["applied date real", (r) => (r.applied = { before: true, at: "2025-02-29" }), "applied.at", vi.date],
    ["applied date not in the future", (r) => (r.applied = { before: true, at: "2026-05-11" }), "applied.at", vi.dateFuture],
    ["shares add up to 100", (r) => (r.coAuthors = [{ fullName: "Trần Bình", share: "20" }]), "author.share", vi.sharesSum(120)],
    ["a share is a whole number", (r) => (r.author.share = "99.5"), "author.share", vi.share],
    [
      "a co-author needs a name",
      (r) => ((r.author.share = "80"), (r.coAuthors = [{ fullName: "", share: "20" }])),
      "coAuthors.0.fullName",
      vi.required,
    ],
    ["consent to data processing", (r) => (r.consentData = false), "consentData", vi.consent],
  ];
  for (const [name, change, field, message] of rules) {
    it(`refuses: ${name}`, () => {
      expect(errorsOf(edit(change))[field]).toEqual([message]);
    });
  }

  it("accepts today's date, unused co-author rows and shares that add up", () => {
    const r = parseSubmission(
      edit((x) => {
        x.applied = { before: true, at: TODAY };
        x.author.share = "60";
        x.coAuthors = [
          { fullName: "Trần Bình", share: "40" },
          { fullName: "", share: "" },
        ];
      }),
      vi,
      options,
      TODAY,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data.coAuthors).toEqual([{ fullName: "Trần Bình", share: 40, email: null, consentPublishName: false }]);
  });

  it("reports every error at once, including the shares rule, in the language asked for", () => {
    const raw = edit((x) => {
      x.title = "";
      x.author.email = "nope";
      x.author.share = "50";
      x.consentData = false;
    });
    expect(errorsOf(raw, en)).toEqual({
      title: [en.required],
      "author.email": [en.email],
      "author.share": [en.sharesSum(50)],
      consentData: [en.consent],
    });
  });

  it("reads the raw values from form data, whatever their type", () => {
    const fd = new FormData();
    fd.set("title", new File(["x"], "x.txt"));
    fd.set("applied.before", "on");
    fd.set("coAuthors.2.fullName", "C");
    const raw = rawFromForm(fd);
    expect(raw.title).toBe("");
    expect(raw.applied.before).toBe(true);
    expect(raw.coAuthors).toHaveLength(3);
    expect(raw.coAuthorRows).toBe(3);
  });

  it("gives an empty email one message, not also 'not valid'", () => {
    expect(errorsOf(edit((x) => void (x.author.email = "  ")))["author.email"]).toEqual([vi.required]);
    expect(errorsOf(edit((x) => void (x.author.email = "an@")))["author.email"]).toEqual([vi.email]);
  });

  it("finds a ward typed without its prefix, as the hint suggests, but not a guess", () => {
    const units = [
      { id: 3, name: "Phường Hoàn Kiếm", name_folded: fold("Phường Hoàn Kiếm") },
      { id: 4, name: "Xã Sóc Sơn", name_folded: fold("Xã Sóc Sơn") },
      { id: 5, name: "Phường Sóc Sơn", name_folded: fold("Phường Sóc Sơn") },
    ];
    expect(findUnit(units, "Hoàn Kiếm")?.id).toBe(3);
    expect(findUnit(units, "hoan  kiem")?.id).toBe(3);
    expect(findUnit(units, "phuong hoan kiem")?.id).toBe(3);
    expect(findUnit(units, "Xã Sóc Sơn")?.id).toBe(4);
    expect(findUnit(units, "Sóc Sơn")).toBeUndefined(); // two units of that name: the person must choose
    expect(findUnit(units, "Kiếm")).toBeUndefined();
    const r = parseSubmission(
      edit((x) => void (x.scope = { type: "unit", agencyId: "", unitName: "Hoàn Kiếm" })),
      vi,
      options,
      TODAY,
    );
    expect(r.ok && r.data.scope.unitId).toBe(3);
  });

  it("knows today in Hà Nội (UTC+7)", () => {
    expect(todayInHanoi(new Date("2026-05-10T17:30:00Z"))).toBe("2026-05-11");
    expect(todayInHanoi(new Date("2026-05-10T16:59:00Z"))).toBe("2026-05-10");
  });
});

describe("Vietnamese phone numbers", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["84 912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["(024) 3825-1234", "02438251234"],
    ["0389999999", "0389999999"],
    ["0701234567", "0701234567"],
  ])("accepts %s as %s", (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it.each(["091234567", "09123456789", "0112345678", "+1 202 555 0100", "phone", "", "0412345678", "+8409123456"])("refuses %s", (input) =>
    expect(normalisePhone(input)).toBeNull(),
  );
});
