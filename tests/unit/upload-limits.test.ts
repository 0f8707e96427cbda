/**
 * The browser checks the files before sending with the same limits the server enforces: both import them
 * from one module, so the numbers cannot drift apart.
 */
import { describe, expect, it } from "vitest";
import * as server from "~/utils/uploads.server";
import * as shared from "~/utils/upload-limits";

describe("upload limits", () => {
  it("the server enforces the very values the browser bundle imports", () => {
    expect(server.MAX_FILES).toBe(shared.MAX_FILES);
    expect(server.MAX_FILE_BYTES).toBe(shared.MAX_FILE_BYTES);
    expect(server.MAX_REQUEST_BYTES).toBe(shared.MAX_REQUEST_BYTES);
    expect(server.ACCEPT_ATTRIBUTE).toBe(shared.ACCEPT_ATTRIBUTE);
    for (const limits of [shared.SUBMISSION_UPLOAD, shared.REPLY_UPLOAD, shared.DECISION_UPLOAD]) {
      expect(limits.maxFiles).toBe(server.MAX_FILES);
      expect(limits.maxFileBytes).toBe(server.MAX_FILE_BYTES);
    }
    // A full set of files and the text fit in one request.
    expect(shared.MAX_FILES * shared.MAX_FILE_BYTES).toBeLessThan(shared.MAX_REQUEST_BYTES);
  });

  it("every type the picker offers is one the server accepts by its bytes", () => {
    const accepted = new Set(Object.values(server.ACCEPTED_TYPES));
    for (const ext of shared.ACCEPT_ATTRIBUTE.split(","))
      expect(accepted.has(ext.slice(1) === "jpeg" ? "jpg" : ext.slice(1)), ext).toBe(true);
    expect(server.ACCEPTED_TYPES[shared.DECISION_MIME]).toBe("pdf");
  });
});
