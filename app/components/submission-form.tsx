/**
 * The submission form. Without JavaScript it is a plain multipart form posted to /submit (adding a
 * co-author row is a submit button that re-renders the form). With JavaScript it checks the files'
 * count and size before sending, sends through XMLHttpRequest to show upload progress, and shows the
 * server's answer (the same errors, from the same schema) without reloading the page (submission-send.ts, loaded
 * when the person first sends).
 */
import "~/i18n/sections/citizen.page";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { dictionaryFor, type Lang } from "~/i18n/index";
import type { FormState } from "~/models/initiative/submission.server";
import { useFormDraft } from "./form-draft";
import { SimilarInitiatives, useSimilar, type SimilarShown } from "./similar-initiatives";
import { AUTHOR_TYPES, PROCEDURE_DOMAINS, REFORM_AREAS, SCOPE_TYPES } from "~/models/initiative/taxonomy";
import type { FieldErrors as Errors } from "~/utils/forms";
import { LONG_TEXT_MAX, SUBMISSION_ACCEPT } from "~/utils/upload-limits";
import {
  CheckboxField,
  ErrorSummary,
  FieldTextProvider,
  fieldId,
  FileField,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
} from "./form-fields";

export interface SubmissionFormProps {
  lang: Lang;
  state: FormState;
  agencies: { id: number; name: string }[];
  units: { name: string }[];
  /** where the plain form posts (the page's action) */
  action?: string;
  /** where the enhanced form sends (a JSON endpoint running the same code) */
  uploadUrl?: string;
  /** published initiatives like this one and the place they show at, after a "check for similar initiatives" button without JavaScript */
  similar?: SimilarShown | null;
}

const DRAFT_KEY = "sk-submission-draft";
const DRAFT_FIELDS = new Set([
  "title",
  "reformArea",
  "procedureDomain",
  "scope.type",
  "scope.agencyId",
  "scope.unitName",
  "problem",
  "solution",
  "benefit",
  "applied.before",
  "applied.at",
]);
const isDraftField = (name: string) => DRAFT_FIELDS.has(name);

export function SubmissionForm({
  lang,
  state,
  agencies,
  units,
  action = "/submit",
  uploadUrl = "/submit/upload",
  similar = null,
}: SubmissionFormProps) {
  const dict = dictionaryFor(lang);
  const t = { ...dict.citizen.submit, longForm: dict.citizen.longForm };
  const f = t.fields;
  const v = state.values;

  const [rows, setRows] = useState(Math.max(1, state.coAuthorRows));
  const [clientErrors, setClientErrors] = useState<Errors | null>(null);
  const [scopeType, setScopeType] = useState(v.scope.type || "city");
  const [authorType, setAuthorType] = useState(v.author.type || "individual");
  const [appliedBefore, setAppliedBefore] = useState(v.applied.before);
  const [progress, setProgress] = useState<number | null>(null);
  const [enhanced, setEnhanced] = useState(false);
  // Optional parts (the agency list, the date, the organisation) hide only once React owns the page;
  // without JavaScript they all stay visible and the server ignores those that do not apply.
  useEffect(() => setEnhanced(true), []);

  // The initiative's content only: no personal details, no files (see form-draft.ts).
  const formRef = useRef<HTMLFormElement>(null);
  const fresh = Object.keys(state.errors).length === 0 && !state.filesDropped;
  const draft = useFormDraft(formRef, { key: DRAFT_KEY, keep: isDraftField, enabled: fresh });
  const similarNow = useSimilar(formRef, similar);
  const [draftNotice, setDraftNotice] = useState<string | null>(null);
  useEffect(() => {
    if (draft.restoredAt !== null) {
      const time = new Date(draft.restoredAt).toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit" });
      setDraftNotice(t.longForm.draftRestored(time));
    }
  }, [draft.restoredAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const errors: Errors = clientErrors ?? state.errors;
  const err = (name: string) => errors[name];

  const labels: Record<string, string> = {
    title: f.title.label,
    reformArea: f.reformArea.label,
    procedureDomain: f.procedureDomain.label,
    "scope.type": f.scopeType.label,
    "scope.agencyId": f.agency.label,
    "scope.unitName": f.unit.label,
    problem: f.problem.label,
    solution: f.solution.label,
    benefit: f.benefit.label,
    "applied.at": f.appliedAt.label,
    confidential: f.confidential.label,
    "author.type": f.authorType.label,
    "author.fullName": f.fullName.label,
    "author.email": f.email.label,
    "author.phone": f.phone.label,
    "author.organisation": f.organisation.label,
    "author.share": f.authorShare.label,
    coAuthors: t.sections.coAuthors,
  };
  // The labels' order is the page's order, which the error summary follows.
  for (let i = 0; i < Math.max(rows, 21); i++) {
    labels[`coAuthors.${i}.fullName`] = f.coAuthorName(i + 1);
    labels[`coAuthors.${i}.share`] = f.coAuthorShare(i + 1);
    labels[`coAuthors.${i}.email`] = dict.citizen.coAuthorFields.email(i + 1);
  }
  labels.attachments = f.attachments.label;
  labels.consentData = t.sections.consents;
  const errorCount = Object.values(errors).reduce((n, list) => n + list.length, 0);

  function addRow(e: FormEvent) {
    // With JavaScript a new row needs no round trip; without it the button submits intent=add-coauthor.
    e.preventDefault();
    setRows((r) => Math.min(r + 1, 20));
    setTimeout(() => document.getElementById(fieldId(`coAuthors.${rows}.fullName`))?.focus(), 0);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    // Before the similar list's script has arrived its button posts the form the plain way (routes/submit.tsx).
    if (submitter?.value === "add-coauthor" || submitter?.value === "check-similar") return;
    if (typeof XMLHttpRequest === "undefined") {
      // The browser posts the form itself: leaving for the answer is not leaving unsent text.
      draft.sent();
      return;
    }
    e.preventDefault();
    const form = e.currentTarget;
    // Shown at once (the button is disabled) while the sending code arrives, the first time.
    setProgress(0);
    const texts = { ...dict.citizen.validation, ...t, server: dict.common.errors.server, badRequest: dict.common.errors.badRequest };
    import("./submission-send").then(
      (m) => m.send(form, uploadUrl, texts, { progress: setProgress, errors: setClientErrors, sent: draft.sent }),
      // The sending code did not arrive (a dropped connection, a new release): the browser posts the form itself,
      // as it does without JavaScript, rather than leave the person with a form that cannot be sent.
      () => {
        setProgress(null);
        draft.sent();
        form.submit();
      },
    );
  }

  const hideUnless = (show: boolean) => (enhanced && !show ? true : undefined);

  return (
    <FieldTextProvider value={dict.citizen.fields}>
      <ErrorSummary title={t.errorSummaryTitle} intro={t.errorSummaryIntro(errorCount)} errors={errors} labels={labels} />
      {state.filesDropped && !clientErrors ? <p className="notice warn">{t.filesNote}</p> : null}
      <div className="draft-status" role="status">
        {draftNotice ? (
          <p className="notice draft-notice">
            {draftNotice}{" "}
            {draft.restoredAt !== null ? (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  draft.discard();
                  setDraftNotice(t.longForm.draftDiscarded);
                }}
              >
                {t.longForm.discardDraft}
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
      <p className="hint">{t.requiredNote}</p>
      {enhanced ? <p className="hint">{t.longForm.draftNote}</p> : null}
      <form
        ref={formRef}
        method="post"
        action={action}
        encType="multipart/form-data"
        noValidate
        onSubmit={onSubmit}
        className="submission-form"
      >
        <input type="hidden" name="submitKey" value={state.submitKey} />
        {state.campaign ? <input type="hidden" name="campaign" value={state.campaign} /> : null}
        <input type="hidden" name="coAuthorRows" value={rows} />
        <div className="hp" aria-hidden="true">
          <label htmlFor="f-website">{f.honeypot}</label>
          <input type="text" id="f-website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>

        <fieldset>
          <legend>{t.sections.initiative}</legend>
          <TextField
            name="title"
            label={f.title.label}
            hint={f.title.hint}
            errors={err("title")}
            required
            defaultValue={v.title}
            maxLength={400}
          />
          <SimilarInitiatives lang={lang} at="title" similar={similarNow} action={action} />
          <SelectField
            name="reformArea"
            label={f.reformArea.label}
            errors={err("reformArea")}
            required
            placeholder={f.reformArea.choose}
            options={REFORM_AREAS.map((a) => ({ value: a, label: dict.common.area[a] }))}
            defaultValue={v.reformArea}
          />
          <SelectField
            name="procedureDomain"
            label={f.procedureDomain.label}
            errors={err("procedureDomain")}
            placeholder={f.procedureDomain.none}
            options={PROCEDURE_DOMAINS.map((d) => ({ value: d, label: dict.common.domain[d] }))}
            defaultValue={v.procedureDomain}
          />
        </fieldset>

        <fieldset>
          <legend>{t.sections.scope}</legend>
          <RadioGroup
            name="scope.type"
            label={f.scopeType.label}
            errors={err("scope.type")}
            required
            options={SCOPE_TYPES.map((s) => ({ value: s, label: dict.common.scope[s] }))}
            defaultValue={v.scope.type}
            onChange={setScopeType}
          />
          <div hidden={hideUnless(scopeType === "agency")}>
            <SelectField
              name="scope.agencyId"
              label={f.agency.label}
              errors={err("scope.agencyId")}
              placeholder={f.agency.choose}
              options={agencies.map((a) => ({ value: String(a.id), label: a.name }))}
              defaultValue={v.scope.agencyId}
            />
          </div>
          <div hidden={hideUnless(scopeType === "unit")}>
            <TextField
              name="scope.unitName"
              label={f.unit.label}
              hint={f.unit.hint}
              errors={err("scope.unitName")}
              list="unit-options"
              autoComplete="off"
              defaultValue={v.scope.unitName}
            />
            <datalist id="unit-options">
              {units.map((u) => (
                <option key={u.name} value={u.name} />
              ))}
            </datalist>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t.sections.content}</legend>
          <TextAreaField
            name="problem"
            label={f.problem.label}
            hint={f.problem.hint}
            errors={err("problem")}
            required
            defaultValue={v.problem}
            maxChars={LONG_TEXT_MAX}
            countText={t.longForm}
          />
          <SimilarInitiatives lang={lang} at="problem" similar={similarNow} action={action} />
          <TextAreaField
            name="solution"
            label={f.solution.label}
            hint={f.solution.hint}
            errors={err("solution")}
            required
            defaultValue={v.solution}
            maxChars={LONG_TEXT_MAX}
            countText={t.longForm}
          />
          <TextAreaField
            name="benefit"
            label={f.benefit.label}
            hint={f.benefit.hint}
            errors={err("benefit")}
            required
            defaultValue={v.benefit}
            maxChars={LONG_TEXT_MAX}
            countText={t.longForm}
          />
          <CheckboxField
            name="applied.before"
            label={f.appliedBefore.label}
            errors={err("applied.before")}
            defaultChecked={v.applied.before}
            onChange={(e) => setAppliedBefore(e.currentTarget.checked)}
          />
          <div hidden={hideUnless(appliedBefore)}>
            <TextField
              name="applied.at"
              type="date"
              label={f.appliedAt.label}
              hint={f.appliedAt.hint}
              errors={err("applied.at")}
              defaultValue={v.applied.at}
            />
          </div>
          <TextAreaField
            name="confidential"
            label={f.confidential.label}
            hint={f.confidential.hint}
            errors={err("confidential")}
            defaultValue={v.confidential}
            rows={3}
          />
        </fieldset>

        <fieldset>
          <legend>{t.sections.author}</legend>
          <RadioGroup
            name="author.type"
            label={f.authorType.label}
            errors={err("author.type")}
            required
            options={AUTHOR_TYPES.map((a) => ({ value: a, label: dict.common.authorType[a] }))}
            defaultValue={v.author.type}
            onChange={setAuthorType}
          />
          <TextField
            name="author.fullName"
            label={f.fullName.label}
            errors={err("author.fullName")}
            required
            autoComplete="name"
            defaultValue={v.author.fullName}
          />
          <TextField
            name="author.email"
            type="email"
            label={f.email.label}
            hint={f.email.hint}
            errors={err("author.email")}
            required
            autoComplete="email"
            defaultValue={v.author.email}
          />
          <TextField
            name="author.phone"
            type="tel"
            label={f.phone.label}
            hint={f.phone.hint}
            errors={err("author.phone")}
            autoComplete="tel"
            defaultValue={v.author.phone}
          />
          <div hidden={hideUnless(authorType !== "individual")}>
            <TextField
              name="author.organisation"
              label={f.organisation.label}
              hint={f.organisation.hint}
              errors={err("author.organisation")}
              autoComplete="organization"
              defaultValue={v.author.organisation}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t.sections.coAuthors}</legend>
          <TextField
            name="author.share"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            label={f.authorShare.label}
            hint={f.authorShare.hint}
            errors={err("author.share")}
            required
            defaultValue={v.author.share}
          />
          <p className="hint">{f.coAuthorsHint}</p>
          {err("coAuthors") ? (
            <p className="field-error" id={fieldId("coAuthors")}>
              {err("coAuthors")!.join(" ")}
            </p>
          ) : null}
          {Array.from({ length: rows }, (_, i) => (
            <div className="coauthor-row" key={i}>
              <TextField
                name={`coAuthors.${i}.fullName`}
                label={f.coAuthorName(i + 1)}
                errors={err(`coAuthors.${i}.fullName`)}
                defaultValue={v.coAuthors[i]?.fullName ?? ""}
              />
              <TextField
                name={`coAuthors.${i}.share`}
                type="number"
                inputMode="numeric"
                min={1}
                max={99}
                label={f.coAuthorShare(i + 1)}
                errors={err(`coAuthors.${i}.share`)}
                defaultValue={v.coAuthors[i]?.share ?? ""}
              />
              <TextField
                name={`coAuthors.${i}.email`}
                type="email"
                label={dict.citizen.coAuthorFields.email(i + 1)}
                hint={dict.citizen.coAuthorFields.emailHint}
                errors={err(`coAuthors.${i}.email`)}
                autoComplete="off"
                defaultValue={v.coAuthors[i]?.email ?? ""}
              />
              {/* Never ticked unless this person's own answer on an earlier attempt was "yes". */}
              <CheckboxField
                name={`coAuthors.${i}.consentPublishName`}
                label={dict.citizen.coAuthorFields.consent(i + 1)}
                hint={dict.citizen.coAuthorFields.consentHint}
                defaultChecked={v.coAuthors[i]?.consentPublishName ?? false}
              />
            </div>
          ))}
          {rows < 20 ? (
            <button
              type="submit"
              name="intent"
              value="add-coauthor"
              formNoValidate
              className="secondary"
              onClick={enhanced ? addRow : undefined}
            >
              {t.addCoAuthor}
            </button>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{t.sections.files}</legend>
          <FileField
            name="attachments"
            multiple
            accept={SUBMISSION_ACCEPT}
            label={f.attachments.label}
            hint={f.attachments.hint}
            errors={err("attachments")}
            onChange={() => {
              if (clientErrors?.attachments) setClientErrors(null);
            }}
          />
        </fieldset>

        <fieldset>
          <legend>{t.sections.consents}</legend>
          <CheckboxField
            name="consentData"
            label={f.consentData.label}
            hint={
              <>
                {dict.citizen.privacyLinks.consent}{" "}
                <a href="/privacy" target="_blank" rel="noopener">
                  {dict.citizen.privacyLinks.notice} {dict.citizen.privacyLinks.newTab}
                </a>
              </>
            }
            errors={err("consentData")}
            required
            defaultChecked={v.consentData}
          />
          <CheckboxField name="consentPublishName" label={f.consentPublishName.label} defaultChecked={v.consentPublishName} />
        </fieldset>

        {progress !== null ? (
          <div className="upload-progress">
            <label htmlFor="upload-progress">{t.progressLabel}</label>
            <progress id="upload-progress" max={100} value={progress} />
            <p aria-live="polite">{t.progress(progress)}</p>
          </div>
        ) : null}
        <button type="submit" name="intent" value="submit" className="primary" disabled={progress !== null}>
          {progress !== null ? t.sending : t.send}
        </button>
      </form>
    </FieldTextProvider>
  );
}
