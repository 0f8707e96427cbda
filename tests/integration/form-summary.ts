/**
 * What every form with errors shows, read from the page's HTML as a browser would: one error summary
 * (an alert with a heading, able to take the focus) at the top, whose links name the fields in the order
 * they appear on the page; and each linked field marked invalid, with aria-describedby naming an element
 * that holds its message.
 */
import { JSDOM } from "jsdom";
import { expect } from "vitest";

export function readSummary(html: string) {
  const doc = new JSDOM(html).window.document;
  const summaries = [...doc.querySelectorAll(".error-summary")];
  expect(summaries.length, "one error summary").toBe(1);
  const summary = summaries[0];
  expect(summary.getAttribute("role")).toBe("alert");
  expect(summary.getAttribute("tabindex")).toBe("-1");
  const heading = doc.getElementById(summary.getAttribute("aria-labelledby") ?? "");
  expect(heading?.tagName, "the summary is named by its heading").toBe("H2");
  expect(summary.contains(heading!)).toBe(true);
  const links = [...summary.querySelectorAll("a")].map((a) => ({
    id: a.getAttribute("href")!.replace(/^#/, ""),
    text: a.textContent ?? "",
  }));
  return { doc, summary, links };
}

/**
 * Checks the summary of a page and returns the field ids it links to, in its order. `expected` lists the
 * ids of the fields with errors, in the order of the page; each one's message must sit in the element its
 * aria-describedby names (on the field, or on its fieldset for a group of radios or checkboxes).
 */
export function expectErrorSummary(html: string, expected: string[]): string[] {
  const { doc, links } = readSummary(html);
  const ids = [...new Set(links.map((l) => l.id))];
  expect(ids).toEqual(expected);
  // The page order: each linked field comes after the one before it in the document.
  const fields = ids.map((id) => doc.getElementById(id));
  for (const [k, el] of fields.entries()) {
    expect(el, `#${ids[k]} on the page`).toBeTruthy();
    if (k > 0) expect(fields[k - 1]!.compareDocumentPosition(el!) & 4, `#${ids[k]} after #${ids[k - 1]}`).toBeTruthy();
  }
  for (const [k, el] of fields.entries()) {
    const id = ids[k];
    const isGroupMember = el!.tagName === "FIELDSET" || el!.getAttribute("type") === "radio" || el!.getAttribute("type") === "checkbox";
    const holder = el!.getAttribute("aria-describedby") ? el! : isGroupMember ? (el!.closest("fieldset") ?? el!) : el!;
    if (el!.tagName !== "FIELDSET" || el!.hasAttribute("aria-invalid"))
      expect(el!.getAttribute("aria-invalid"), `#${id} invalid`).toBe("true");
    const described = (holder.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    const messages = described.map((d) => doc.getElementById(d)?.textContent ?? "").join(" ");
    const linkTexts = links.filter((l) => l.id === id).map((l) => l.text);
    for (const text of linkTexts) {
      // The summary may put the field's label before the message ("Tính mới: …").
      const message = text.includes(": ") && !messages.includes(text) ? text.slice(text.indexOf(": ") + 2) : text;
      expect(messages, `#${id} is described by its message`).toContain(message);
    }
  }
  return ids;
}
