/**
 * The submission form's sending with JavaScript (components/submission-form.tsx), loaded when the person first sends:
 * the files' count and size checked before anything travels, the form sent through XMLHttpRequest to show the
 * upload's progress, and the server's answer (the same errors, from the same schema) shown without a reload.
 */
import type { FieldErrors } from "~/utils/forms";
import type { FormState } from "~/models/initiative/submission.server";
import { MAX_FILE_BYTES, MAX_FILES } from "~/utils/upload-limits";

type ServerAnswer = { ok: true; redirectTo: string } | { ok: false; state: FormState } | { code: string; message?: string };

export interface SendTexts {
  tooManyFiles: (max: number) => string;
  fileTooLarge: (name: string) => string;
  rateLimited: string;
  requestTooLarge: string;
  networkError: string;
  server: string;
  badRequest: string;
}

export function send(
  form: HTMLFormElement,
  url: string,
  t: SendTexts,
  on: { progress: (pct: number | null) => void; errors: (errors: FieldErrors) => void; sent: () => void },
): void {
  const input = form.elements.namedItem("attachments") as HTMLInputElement | null;
  const files = Array.from(input?.files ?? []);
  const fileErrors: string[] = [];
  if (files.length > MAX_FILES) fileErrors.push(t.tooManyFiles(MAX_FILES));
  for (const file of files) if (file.size > MAX_FILE_BYTES) fileErrors.push(t.fileTooLarge(file.name));
  if (fileErrors.length > 0) {
    on.progress(null);
    on.errors({ attachments: fileErrors });
    return;
  }

  const body = new FormData(form);
  body.set("intent", "submit");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", url);
  xhr.setRequestHeader("Accept", "application/json");
  xhr.upload.onprogress = (ev) => {
    if (ev.lengthComputable) on.progress(Math.round((ev.loaded / ev.total) * 100));
  };
  xhr.onload = () => {
    let answer: ServerAnswer | null = null;
    try {
      answer = JSON.parse(xhr.responseText) as ServerAnswer;
    } catch {
      answer = null;
    }
    if (answer && "ok" in answer && answer.ok) {
      on.sent();
      on.progress(100);
      window.location.assign(answer.redirectTo);
      return;
    }
    on.progress(null);
    if (answer && "ok" in answer && !answer.ok) {
      on.errors(answer.state.errors);
      return;
    }
    const code = answer && "code" in answer ? answer.code : "";
    const message =
      code === "rate_limited"
        ? t.rateLimited
        : code === "request_too_large" || xhr.status === 413
          ? t.requestTooLarge
          : xhr.status >= 500
            ? t.server
            : t.badRequest;
    on.errors({ form: [message] });
  };
  xhr.onerror = () => {
    on.progress(null);
    on.errors({ form: [t.networkError] });
  };
  on.progress(0);
  xhr.send(body);
}
