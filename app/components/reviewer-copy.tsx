/**
 * The reviewer copy on the staff side: the panel on an initiative's page (is there a copy, must it be checked) and
 * the secretary's editor (each text with its flags highlighted, the copy's text to edit, the files to forward).
 */
import "~/i18n/sections/redaction";
import { Form } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { ErrorSummary, Field } from "~/components/form-fields";
import { useLang, useT } from "~/i18n/use-t";
import { segments, type Flag } from "~/models/screening/personal-data-flags";
import { TEXT_MAX, TITLE_MAX } from "~/models/publication/publication-rules";
import { formatDateTime } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";

export interface CopyState {
  exists: boolean;
  toCheck: boolean;
  updatedAt: string | null;
  newMessages: number;
}

/** The initiative page's panel: where the copy stands and the way to it. */
export function ReviewerCopyPanel({ code, state, canEdit }: { code: string; state: CopyState; canEdit: boolean }) {
  const t = useT().redaction.copy;
  const lang = useLang();
  return (
    <section aria-labelledby="reviewer-copy-title" className="reviewer-copy-panel">
      <h2 id="reviewer-copy-title">{t.panelTitle}</h2>
      <p className="hint">{t.panelIntro}</p>
      <p data-copy-state={state.exists ? (state.toCheck ? "to_check" : "made") : "none"}>
        {state.exists && state.updatedAt ? t.made(formatDateTime(state.updatedAt, lang)) : t.none}
      </p>
      {state.toCheck ? <p className="notice warn">{t.toCheck}</p> : null}
      {state.exists && state.newMessages > 0 ? <p className="notice warn">{t.newMessages(state.newMessages)}</p> : null}
      <p className="no-print">
        <PageLink
          className={state.exists && !state.toCheck ? "button secondary" : "button"}
          to={`/staff/initiatives/${code}/reviewer-copy`}
        >
          {canEdit ? t.open : t.view}
        </PageLink>
      </p>
    </section>
  );
}

/** A text with its flagged passages marked, each saying what it may be. */
export function Highlighted({ text, flags }: { text: string; flags: Flag[] }) {
  const t = useT().redaction.copy;
  return (
    <p className="pre-wrap flagged-text">
      {segments(text, flags).map((s, i) =>
        s.kind ? (
          <mark key={i} data-flag={s.kind} title={t.kind[s.kind]}>
            {s.text}
            <span className="visually-hidden"> ({t.kind[s.kind]})</span>
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </p>
  );
}

interface FlaggedText {
  original: string;
  flags: Flag[];
  value: string;
}

export interface EditorData {
  code: string;
  exists: boolean;
  toCheck: boolean;
  editable: boolean;
  updatedAt: string | null;
  updatedByName: string | null;
  fields: Record<"title" | "problem" | "solution" | "benefit", FlaggedText>;
  exchange: (FlaggedText & { eventId: number; from: "staff" | "submitter"; at: string })[];
  files: { id: number; filename: string; size: number; forwarded: boolean }[];
}

const FIELDS = ["title", "problem", "solution", "benefit"] as const;

/** The secretary's editor; read-only (the texts as they stand) for whoever may not change the copy. */
export function ReviewerCopyEditor({
  d,
  canEdit,
  errors,
  values,
  saved,
}: {
  d: EditorData;
  canEdit: boolean;
  errors: FieldErrors;
  values: Record<string, string> | null;
  saved: boolean;
}) {
  const t = useT().redaction.copy;
  const lang = useLang();
  const editable = canEdit && d.editable;
  const value = (name: string, fallback: string) => (values ? (values[name] ?? "") : fallback);
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t.field[f]]));
  const flagCount = FIELDS.reduce((n, f) => n + d.fields[f].flags.length, 0) + d.exchange.reduce((n, e) => n + e.flags.length, 0);
  return (
    <section aria-labelledby="copy-title">
      <h1 id="copy-title">{t.title(d.code)}</h1>
      {saved ? (
        <p className="notice ok" role="status">
          {t.saved}
        </p>
      ) : null}
      {d.toCheck ? <p className="notice warn">{t.toCheck}</p> : null}
      {!d.editable ? <p className="notice">{t.closed}</p> : null}
      <p>{t.intro}</p>
      <p data-flag-count={flagCount}>
        <strong>{t.flags(flagCount)}</strong>
      </p>
      <ErrorSummary title={t.errorsTitle} errors={errors} labels={labels} fields={[...FIELDS, "files"]} />
      <Form method="post" className="reviewer-copy-form">
        {FIELDS.map((f) => (
          <fieldset key={f}>
            <legend>{t.field[f]}</legend>
            <h3>{t.original}</h3>
            <Highlighted text={d.fields[f].original} flags={d.fields[f].flags} />
            <Field name={f} label={t.copyOf(t.field[f])} errors={errors[f]}>
              {(aria) =>
                f === "title" ? (
                  <input {...aria} defaultValue={value(f, d.fields[f].value)} maxLength={TITLE_MAX} readOnly={!editable} required />
                ) : (
                  <textarea
                    {...aria}
                    defaultValue={value(f, d.fields[f].value)}
                    maxLength={TEXT_MAX}
                    readOnly={!editable}
                    rows={6}
                    required
                  />
                )
              }
            </Field>
          </fieldset>
        ))}
        <h2>{t.exchange}</h2>
        {d.exchange.length === 0 ? <p>{t.noExchange}</p> : null}
        {d.exchange.map((e) => {
          const label = e.from === "staff" ? t.fromStaff(formatDateTime(e.at, lang)) : t.fromSubmitter(formatDateTime(e.at, lang));
          return (
            <fieldset key={e.eventId}>
              <legend>{label}</legend>
              <h3>{t.original}</h3>
              <Highlighted text={e.original} flags={e.flags} />
              <Field name={`exchange_${e.eventId}`} label={t.copyOf(label)} errors={errors[`exchange_${e.eventId}`]}>
                {(aria) => (
                  <textarea
                    {...aria}
                    defaultValue={value(`exchange_${e.eventId}`, e.value)}
                    maxLength={TEXT_MAX}
                    readOnly={!editable}
                    rows={4}
                  />
                )}
              </Field>
            </fieldset>
          );
        })}
        <fieldset id="f-files" tabIndex={-1}>
          <legend>{t.files}</legend>
          <p className="hint">{t.filesHint}</p>
          {errors.files ? <p className="error">{errors.files.join(" ")}</p> : null}
          {d.files.length === 0 ? <p>{t.noFiles}</p> : null}
          {d.files.map((f) => (
            <label key={f.id} className="checkbox">
              <input
                type="checkbox"
                name="file"
                value={f.id}
                disabled={!editable}
                defaultChecked={values ? (values.files ?? "").split(",").includes(String(f.id)) : f.forwarded}
              />{" "}
              {f.filename} ({Math.max(1, Math.round(f.size / 1024))} KB)
            </label>
          ))}
        </fieldset>
        {editable ? (
          <button type="submit" className="primary">
            {t.save}
          </button>
        ) : null}
      </Form>
    </section>
  );
}
