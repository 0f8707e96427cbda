import "~/i18n/sections/public";
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** A GET form: works without JavaScript, and the answer page has its own shareable address. */
export function CertificateForm({ defaultValue = "" }: { defaultValue?: string }) {
  const t = useT().public.certificates;
  return (
    <Form method="get" action="/certificates" className="certificate-form">
      <div className="field">
        <label htmlFor="number">{t.numberLabel}</label>
        <p className="hint" id="number-hint">
          {t.numberHint}
        </p>
        <input
          type="text"
          id="number"
          name="number"
          defaultValue={defaultValue}
          aria-describedby="number-hint"
          autoComplete="off"
          maxLength={40}
          required
        />
      </div>
      <button type="submit" className="primary">
        {t.check}
      </button>
    </Form>
  );
}
