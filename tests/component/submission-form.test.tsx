// @vitest-environment jsdom
/**
 * The form's error display, rendered by React in jsdom: the summary at the top takes the focus and links
 * to each field; each field with an error is marked aria-invalid and points at its message.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { SubmissionForm } from "~/components/submission-form";
import { ErrorSummary, FieldTextProvider, TextField } from "~/components/form-fields";
import { MAX_FILE_BYTES as SERVER_MAX_FILE_BYTES, MAX_FILES as SERVER_MAX_FILES } from "~/utils/uploads.server";
import "~/i18n/sections/citizen";
import { dictionaryFor } from "~/i18n/index";

const dictionaries = { vi: dictionaryFor("vi"), en: dictionaryFor("en") };
import type { FormState } from "~/models/initiative/submission.server";

afterEach(cleanup);

const vi = dictionaries.vi.citizen;
const en = dictionaries.en.citizen;

function state(errors: Record<string, string[]> = {}, filesDropped = false): FormState {
  return {
    values: {
      title: "Một cửa",
      reformArea: "procedures",
      procedureDomain: "",
      scope: { type: "unit", agencyId: "", unitName: "Phường Hoàn Kiếm" },
      problem: "<script>alert(1)</script>",
      solution: "",
      benefit: "",
      applied: { before: false, at: "" },
      confidential: "",
      author: { type: "individual", fullName: "Nguyễn Văn An", email: "an@", phone: "", organisation: "", share: "60" },
      coAuthors: [{ fullName: "Trần Thị Bình", share: "30" }],
      consentData: false,
      consentPublishName: false,
    },
    coAuthorRows: 1,
    submitKey: "k".repeat(24),
    errors,
    filesDropped,
  };
}

const agencies = [{ id: 1, name: "Sở Nội vụ" }];
const units = [{ name: "Phường Hoàn Kiếm" }, { name: "Xã Sóc Sơn" }];

describe("the submission form's errors", () => {
  it("shows every error in a summary that takes the focus and links to each field", () => {
    const errors = {
      title: [vi.validation.tooShort(10)],
      "author.email": [vi.validation.email],
      "author.share": [vi.validation.sharesSum(90)],
      consentData: [vi.validation.consent],
    };
    render(<SubmissionForm lang="vi" state={state(errors)} agencies={agencies} units={units} />);
    const summary = screen.getByRole("alert", { name: vi.submit.errorSummaryTitle });
    expect(document.activeElement).toBe(summary);
    expect(summary.getAttribute("tabindex")).toBe("-1");
    expect(within(summary).queryByText(vi.submit.errorSummaryIntro(4))).not.toBeNull();
    const links = within(summary).getAllByRole("link");
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["#f-title", "#f-author-email", "#f-author-share", "#f-consentData"]);
    for (const link of links) expect(document.querySelector(link.getAttribute("href")!)).not.toBeNull();
    expect(links[1].textContent).toBe(`${vi.submit.fields.email.label}: ${vi.validation.email}`);
  });

  it("marks each field with an error aria-invalid and describes it by its message", () => {
    render(<SubmissionForm lang="vi" state={state({ "author.email": [vi.validation.email] })} agencies={agencies} units={units} />);
    const email = screen.getByLabelText(new RegExp(vi.submit.fields.email.label)) as HTMLInputElement;
    expect(email.getAttribute("aria-invalid")).toBe("true");
    const described = email.getAttribute("aria-describedby")!.split(" ");
    const messages = described.map((id) => document.getElementById(id)?.textContent ?? "");
    expect(messages.some((m) => m.includes(vi.validation.email))).toBe(true);
    expect(messages.some((m) => m.includes(vi.submit.fields.email.hint))).toBe(true);
    // Fields without errors are not marked.
    const title = screen.getByLabelText(new RegExp(vi.submit.fields.title.label)) as HTMLInputElement;
    expect(title.getAttribute("aria-invalid")).toBeNull();
    expect(title.getAttribute("aria-describedby")).toBe("f-title-hint");
  });

  it("refills the form (HTML shown as text) and notes that files must be chosen again", () => {
    render(<SubmissionForm lang="vi" state={state({ title: [vi.validation.tooShort(10)] }, true)} agencies={agencies} units={units} />);
    expect((screen.getByLabelText(new RegExp(vi.submit.fields.title.label)) as HTMLInputElement).value).toBe("Một cửa");
    expect((screen.getByLabelText(new RegExp(vi.submit.fields.problem.label)) as HTMLTextAreaElement).value).toBe(
      "<script>alert(1)</script>",
    );
    expect(document.querySelector("script")).toBeNull();
    expect((screen.getByLabelText(vi.submit.fields.coAuthorName(1)) as HTMLInputElement).value).toBe("Trần Thị Bình");
    expect(screen.queryByText(vi.submit.filesNote)).not.toBeNull();
    expect((document.querySelector('input[name="submitKey"]') as HTMLInputElement).value).toBe("k".repeat(24));
  });

  it("shows no summary when there is no error, and speaks English on an English page", () => {
    render(<SubmissionForm lang="en" state={state()} agencies={agencies} units={units} />);
    expect(screen.queryByRole("group", { name: en.submit.errorSummaryTitle })).toBeNull();
    expect((screen.getByLabelText(new RegExp(en.submit.fields.title.label)) as HTMLInputElement).name).toBe("title");
    // nothing was dropped, so no note about files
    expect(screen.queryByText(en.submit.filesNote)).toBeNull();
    expect(screen.getAllByText(`(${en.fields.required})`).length).toBeGreaterThan(5);
  });

  it("adds a co-author row in place with JavaScript", () => {
    render(<SubmissionForm lang="vi" state={state()} agencies={agencies} units={units} />);
    expect(screen.queryByLabelText(vi.submit.fields.coAuthorName(2))).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: vi.submit.addCoAuthor }));
    const added = screen.getByLabelText(vi.submit.fields.coAuthorName(2)) as HTMLInputElement;
    expect([added.name, added.value]).toEqual(["coAuthors.1.fullName", ""]);
    expect((document.querySelector('input[name="coAuthorRows"]') as HTMLInputElement).value).toBe("2");
    expect(document.querySelector(".error-summary")).toBeNull();
  });

  it("checks the number and size of files in the browser before sending", async () => {
    render(<SubmissionForm lang="vi" state={state()} agencies={agencies} units={units} />);
    const input = screen.getByLabelText(new RegExp(vi.submit.fields.attachments.label)) as HTMLInputElement;
    const big = new File(["x"], "lớn.pdf", { type: "application/pdf" });
    // The server's limits: the browser's checks must refuse exactly what the server would.
    Object.defineProperty(big, "size", { value: SERVER_MAX_FILE_BYTES + 1 });
    const files = [big, ...Array.from({ length: SERVER_MAX_FILES }, (_, i) => new File(["%PDF"], `${i}.pdf`))];
    Object.defineProperty(input, "files", { value: files });
    fireEvent.submit(input.form!);
    // The sending code (its checks included) loads on the first send.
    const summary = await screen.findByRole("alert", { name: vi.submit.errorSummaryTitle });
    expect(summary.textContent).toContain(vi.validation.tooManyFiles(SERVER_MAX_FILES));
    expect(summary.textContent).toContain(vi.validation.fileTooLarge("lớn.pdf"));
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(summary);
  });
});

describe("the shared field components", () => {
  it("tie an error to its field for any form", () => {
    render(
      <FieldTextProvider value={en.fields}>
        <ErrorSummary title="Problems" errors={{ code: ["Bad code"], form: ["Try later"] }} labels={{ code: "Code" }} />
        <TextField name="code" label="Code" errors={["Bad code"]} required />
      </FieldTextProvider>,
    );
    const input = screen.getByLabelText(/Code/) as HTMLInputElement;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(input.getAttribute("aria-describedby")!)!.textContent).toBe("Error: Bad code");
    expect(screen.getByRole("link", { name: "Code: Bad code" }).getAttribute("href")).toBe("#f-code");
    expect(screen.getByText("Try later").closest("a")).toBeNull();
  });
});
