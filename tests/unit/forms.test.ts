/** The one form helper: what a schema says becomes field errors in the user's language, keyed by field name. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import "~/i18n/sections/citizen";
import "~/i18n/sections/tracking";
import "~/i18n/sections/review";
import { dictionaryFor, labelOf } from "~/i18n/index";
import { submissionSchema } from "~/models/initiative/submission.server";
import { parseTrackForm } from "~/models/initiative/tracking.server";
import { codesToFieldErrors, issuesToFieldErrors, parseForm, scopedErrors } from "~/utils/forms";

const vi = dictionaryFor("vi");
const en = dictionaryFor("en");

function fd(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) f.append(k, one);
  return f;
}

describe("parseForm", () => {
  const schema = z.object({
    name: z.string().min(2, "name_short"),
    age: z.string().regex(/^\d+$/, "age_number").transform(Number),
    roles: z.array(z.string()).min(1, "roles_empty"),
  });

  it("gives the parsed value, typed from the schema", () => {
    const parsed = parseForm(schema, fd({ name: "An", age: "42", roles: ["a", "b"] }));
    expect(parsed).toMatchObject({ ok: true, value: { name: "An", age: 42, roles: ["a", "b"] } });
    if (parsed.ok) expectTypeOf(parsed.value).toEqualTypeOf<{ name: string; age: number; roles: string[] }>();
  });

  it("keys each message by its field, turns codes into words, and keeps the values as typed", () => {
    const words: Record<string, string> = { name_short: "Tên quá ngắn.", age_number: "Tuổi phải là số." };
    const parsed = parseForm(schema.extend({ roles: z.string().min(1, "roles_empty") }), fd({ name: "A", age: "bốn", roles: "x" }), {
      messages: words,
    });
    expect(parsed).toEqual({
      ok: false,
      fieldErrors: { name: ["Tên quá ngắn."], age: ["Tuổi phải là số."] },
      values: { name: "A", age: "bốn", roles: "x" },
    });
  });

  it("ignores fields the schema does not know, and with `fields` does not even read them", () => {
    const parsed = parseForm(z.object({ name: z.string() }), fd({ name: "An", isAdmin: "yes", role: ["a", "b"] }));
    expect(parsed).toMatchObject({ ok: true, value: { name: "An" } });
    if (parsed.ok) expect(parsed.value).not.toHaveProperty("isAdmin");
    const strict = parseForm(z.object({ name: z.string() }).strict(), fd({ name: "An", isAdmin: "yes" }), { fields: ["name"] });
    expect(strict.ok).toBe(true);
  });

  it("names nested and array fields by their path, as the form names them", () => {
    const nested = z.object({
      author: z.object({ email: z.string().email("email") }),
      coAuthors: z.array(z.object({ share: z.string().regex(/^\d+$/, "share") })),
    });
    const parsed = parseForm(nested, { author: { email: "x" }, coAuthors: [{ share: "1" }, { share: "a" }] });
    expect(parsed.ok ? null : parsed.fieldErrors).toEqual({ "author.email": ["email"], "coAuthors.1.share": ["share"] });
  });

  it("says the submission's messages in Vietnamese or English, from the dictionaries", () => {
    const raw = {
      title: "",
      reformArea: "",
      procedureDomain: "",
      scope: { type: "city", agencyId: "", unitName: "" },
      problem: "x".repeat(30),
      solution: "x".repeat(30),
      benefit: "x".repeat(30),
      applied: { before: false, at: "" },
      confidential: "",
      author: { type: "individual", fullName: "Nguyễn An", email: "an@example.com", phone: "", organisation: "", share: "100" },
      coAuthors: [{ fullName: "", share: "5" }],
      consentData: true,
      consentPublishName: false,
    };
    const options = { agencies: [], units: [] };
    for (const [dict, lang] of [
      [vi, "vi"],
      [en, "en"],
    ] as const) {
      const parsed = parseForm(submissionSchema(dict.citizen.validation, options, "2026-01-01"), raw);
      expect(parsed.ok, lang).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.fieldErrors.title, lang).toEqual([dict.citizen.validation.required]);
      expect(parsed.fieldErrors.reformArea, lang).toEqual([dict.citizen.validation.chooseArea]);
      expect(parsed.fieldErrors["coAuthors.0.fullName"], lang).toEqual([dict.citizen.validation.required]);
      expect(parsed.fieldErrors["author.share"], lang).toEqual([dict.citizen.validation.sharesSum(105)]);
    }
  });

  it("the tracking form: one message per problem, in each language", () => {
    for (const dict of [vi, en]) {
      const parsed = parseTrackForm(fd({ code: "", email: "không phải email" }), {
        validation: dict.citizen.validation,
        track: dict.tracking.track,
      });
      expect(parsed).toEqual({
        success: false,
        values: { code: "", email: "không phải email" },
        errors: { code: [dict.citizen.validation.required], email: [dict.citizen.validation.email] },
      });
    }
  });

  it("puts what belongs to no field under 'form', once per message", () => {
    const schema = z.object({ a: z.string(), b: z.string() }).superRefine((_, ctx) => {
      ctx.addIssue({ code: "custom", message: "whole" });
      ctx.addIssue({ code: "custom", message: "whole" });
    });
    const parsed = parseForm(schema, { a: "", b: "" });
    expect(parsed.ok ? null : parsed.fieldErrors).toEqual({ form: ["whole"] });
    expect(issuesToFieldErrors([{ code: "custom", path: ["x", 0], message: "m" }])).toEqual({ "x.0": ["m"] });
  });

  it("turns a model's codes into words and scopes a form's errors as the field kit names its ids", () => {
    expect(codesToFieldErrors({ score_1: "score_range", comment: undefined }, (c) => labelOf(vi.review.errors, c) ?? c)).toEqual({
      score_1: [vi.review.errors.score_range],
    });
    expect(scopedErrors({ name: ["x"], form: ["y"] }, "u12")).toEqual({ "u12.name": ["x"], form: ["y"] });
  });
});
