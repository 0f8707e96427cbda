/**
 * Accessible form fields for any form of the app: a visible label, the "required" mark, a hint, and the
 * field's errors tied to it with aria-describedby and aria-invalid; and an error summary that takes the
 * focus and links to each field. Plain HTML underneath, so every form works without JavaScript.
 *
 * The few words these components say themselves ("required", "Error:") come from FieldTextProvider;
 * without one they are Vietnamese, the default language.
 */
import { createContext, useContext, useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

export interface FieldText {
  required: string;
  optional: string;
  errorPrefix: string;
}

const FieldTextContext = createContext<FieldText>({ required: "bắt buộc", optional: "không bắt buộc", errorPrefix: "Lỗi:" });
export const FieldTextProvider = FieldTextContext.Provider;

/** The element id of a field from its form name ("author.email" → "f-author-email"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
export function errorId(name: string): string {
  return `${fieldId(name)}-error`;
}
function hintId(name: string): string {
  return `${fieldId(name)}-hint`;
}

function describedBy(name: string, hint: ReactNode, errors?: string[]): string | undefined {
  const ids = [hint ? hintId(name) : null, errors?.length ? errorId(name) : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ htmlFor, label, required }: { htmlFor: string; label: ReactNode; required?: boolean }) {
  const text = useContext(FieldTextContext);
  return (
    <label htmlFor={htmlFor}>
      {label} {required ? <span className="req">({text.required})</span> : null}
    </label>
  );
}

function Hint({ name, hint }: { name: string; hint?: ReactNode }) {
  return hint ? (
    <p className="hint" id={hintId(name)}>
      {hint}
    </p>
  ) : null;
}

export function FieldErrors({ name, errors }: { name: string; errors?: string[] }) {
  const text = useContext(FieldTextContext);
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={errorId(name)}>
      <span className="visually-hidden">{text.errorPrefix} </span>
      {errors.join(" ")}
    </p>
  );
}

interface Common {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  required?: boolean;
}

export function TextField({ name, label, hint, errors, required, id, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const fid = id ?? fieldId(name);
  return (
    <div className="field">
      <Label htmlFor={fid} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldErrors name={name} errors={errors} />
      <input
        type="text"
        {...rest}
        id={fid}
        name={name}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
      />
    </div>
  );
}

export function TextAreaField({ name, label, hint, errors, required, ...rest }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  return (
    <div className="field">
      <Label htmlFor={fieldId(name)} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldErrors name={name} errors={errors} />
      <textarea
        rows={6}
        {...rest}
        id={fieldId(name)}
        name={name}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
      />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  required,
  options,
  placeholder,
  ...rest
}: Common & { options: { value: string; label: string }[]; placeholder?: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  return (
    <div className="field">
      <Label htmlFor={fieldId(name)} label={label} required={required} />
      <Hint name={name} hint={hint} />
      <FieldErrors name={name} errors={errors} />
      <select
        {...rest}
        id={fieldId(name)}
        name={name}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField({ name, label, hint, errors, required, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type">) {
  const text = useContext(FieldTextContext);
  return (
    <div className="field">
      <FieldErrors name={name} errors={errors} />
      <label className="checkbox" htmlFor={fieldId(name)}>
        <input
          value="on"
          {...rest}
          type="checkbox"
          id={fieldId(name)}
          name={name}
          required={required}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(name, hint, errors)}
        />
        <span>
          {label} {required ? <span className="req">({text.required})</span> : null}
        </span>
      </label>
      <Hint name={name} hint={hint} />
    </div>
  );
}

/** Radio buttons in a fieldset; the error summary links to the first one. */
export function RadioGroup({
  name,
  label,
  hint,
  errors,
  required,
  options,
  defaultValue,
  onChange,
}: Common & { options: { value: string; label: string }[]; defaultValue?: string; onChange?: (value: string) => void }) {
  const text = useContext(FieldTextContext);
  return (
    <fieldset className="field" aria-describedby={describedBy(name, hint, errors)}>
      <legend>
        {label} {required ? <span className="req">({text.required})</span> : null}
      </legend>
      <Hint name={name} hint={hint} />
      <FieldErrors name={name} errors={errors} />
      {options.map((o, i) => (
        <label key={o.value} className="radio" htmlFor={i === 0 ? fieldId(name) : `${fieldId(name)}-${o.value}`}>
          {/* eslint-disable-next-line jsx-a11y/role-supports-aria-props -- the error summary links to the first radio, so its invalid state is announced there; browsers expose it on native radios */}
          <input
            type="radio"
            id={i === 0 ? fieldId(name) : `${fieldId(name)}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValue === o.value}
            required={required}
            aria-invalid={errors?.length ? true : undefined}
            onChange={onChange ? (e) => e.currentTarget.checked && onChange(o.value) : undefined}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Every error of the form at the top, each linking to its field. It takes the focus when it appears,
 * so keyboard and screen-reader users land on it after a failed submit.
 */
export function ErrorSummary({
  title,
  intro,
  errors,
  labels,
}: {
  title: string;
  intro?: string;
  /** field name → messages; "form" holds errors that belong to no field */
  errors: Record<string, string[]>;
  /** field name → label shown before the message */
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, list]) => list.length > 0);
  const signature = JSON.stringify(entries);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
    // Focus again whenever a new set of errors arrives.
  }, [signature]); // eslint-disable-line react-hooks/exhaustive-deps
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title" role="group">
      <h2 id="error-summary-title">{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <ul>
        {entries.map(([name, list]) =>
          list.map((message, i) =>
            name === "form" ? (
              <li key={`${name}-${i}`}>{message}</li>
            ) : (
              <li key={`${name}-${i}`}>
                <a href={`#${fieldId(name)}`}>
                  {labels[name] ? `${labels[name]}: ` : ""}
                  {message}
                </a>
              </li>
            ),
          ),
        )}
      </ul>
    </div>
  );
}
