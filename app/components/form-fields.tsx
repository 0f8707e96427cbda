/**
 * The one field kit of the app, for the citizen's forms and the staff's alike: a visible label, the
 * "required" mark, a hint, and the field's errors tied to it with aria-describedby and aria-invalid; and
 * one error summary (the GOV.UK pattern) at the top of the form that takes the focus and links to each
 * field. Plain HTML underneath, so every form works without JavaScript.
 *
 * A field's id comes from its name (`fieldId`), so the summary can link to it without being told; a page
 * with two forms that share a name gives each form a `scope`. The errors are `FieldErrors` from
 * `~/utils/forms` (name → messages).
 *
 * The few words these components say themselves ("required", "Error:") come from FieldTextProvider;
 * without one they are Vietnamese, the default language, and the error needs no prefix.
 */
import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

export interface FieldText {
  required: string;
  optional: string;
  errorPrefix: string;
}

const FieldTextContext = createContext<FieldText>({ required: "bắt buộc", optional: "không bắt buộc", errorPrefix: "" });
export const FieldTextProvider = FieldTextContext.Provider;

/**
 * The element id of a field from its form name ("author.email" → "f-author-email"); with a scope, for a
 * page holding two forms that use the same name ("note" of the "conflict" form → "f-conflict-note").
 * A scoped field's errors go under "scope.name" ("conflict.note"), which is the same id, so one error
 * summary links to the fields of every form of the page.
 */
/** "note" of scope "conflict" → "conflict.note": the key its ids are made from. */
export const keyOf = (name: string, scope?: string) => (scope ? `${scope}.${name}` : name);

export function fieldId(name: string, scope?: string): string {
  return `f-${keyOf(name, scope).replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
export function errorId(name: string): string {
  return `${fieldId(name)}-error`;
}
export function hintId(name: string): string {
  return `${fieldId(name)}-hint`;
}

function describedBy(key: string, hint: ReactNode, errors?: string[]): string | undefined {
  const ids = [hint ? hintId(key) : null, errors?.length ? errorId(key) : null].filter(Boolean);
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

/** A field's messages, in the element its aria-describedby names. */
export function ErrorMessage({ name, errors, scope }: { name: string; errors?: string[]; scope?: string }) {
  const text = useContext(FieldTextContext);
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={errorId(keyOf(name, scope))}>
      {text.errorPrefix ? <span className="visually-hidden">{text.errorPrefix} </span> : null}
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
  /** set when two forms of one page use the same field name */
  scope?: string;
}

/** What ties a control to its label, hint and errors. */
export interface FieldAria {
  id: string;
  name: string;
  "aria-invalid"?: true | undefined;
  "aria-describedby"?: string | undefined;
}

function ariaFor(name: string, key: string, hint: ReactNode, errors: string[] | undefined): FieldAria {
  // React leaves out an attribute whose value is undefined.
  return { id: fieldId(key), name, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy(key, hint, errors) };
}

/**
 * A labelled field around any control the page draws itself (a number input with a live hint, a select
 * filled from the database): the control spreads the attributes it is given.
 */
export function Field({ name, label, hint, errors, required, scope, children }: Common & { children: (aria: FieldAria) => ReactNode }) {
  const key = keyOf(name, scope);
  return (
    <div className="field">
      <Label htmlFor={fieldId(key)} label={label} required={required} />
      <Hint name={key} hint={hint} />
      <ErrorMessage name={key} errors={errors} />
      {children(ariaFor(name, key, hint, errors))}
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  errors,
  required,
  scope,
  ...rest
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors} required={required} scope={scope}>
      {(aria) => <input type="text" {...rest} {...aria} required={required} />}
    </Field>
  );
}

/** A file input: the same as a text field, with the accepted types and the browser's own picker. */
export function FileField(props: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "type">) {
  return <TextField {...props} type="file" />;
}

/** The words of a character counter, in the page's language. */
export interface CountText {
  limit: (max: number) => string;
  count: (n: number, max: number) => string;
  over: (n: number) => string;
}

/** Characters as the server counts them: code points of the NFC form (a decomposed "ệ" is one). */
export function characterCount(value: string): number {
  return [...value.normalize("NFC")].length;
}

/**
 * The limit under a long text field. Without JavaScript it states the limit; with it, the count as one types
 * (and how far over). The visible count changes on every key but is not a live region; a hidden polite one
 * says the count once the typing pauses, so a screen reader is told without being interrupted at each letter.
 * The field names the counter in its aria-describedby, so the limit is read with the field too.
 */
export function CharacterCount({ id, max, text }: { id: string; max: number; text: CountText }) {
  const [count, setCount] = useState<number | null>(null);
  const [spoken, setSpoken] = useState("");
  const say = (n: number) => (n > max ? text.over(n - max) : text.count(n, max));
  useEffect(() => {
    const field = document.getElementById(id) as HTMLTextAreaElement | null;
    if (!field) return;
    let pause: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      const n = characterCount(field.value);
      setCount(n);
      clearTimeout(pause);
      pause = setTimeout(() => setSpoken(say(n)), 1000);
    };
    setCount(characterCount(field.value));
    field.addEventListener("input", update);
    return () => {
      field.removeEventListener("input", update);
      clearTimeout(pause);
    };
    // `say` reads only max and text.
  }, [id, max, text]); // eslint-disable-line react-hooks/exhaustive-deps
  const over = count !== null && count > max;
  return (
    <>
      <p className={over ? "char-count over" : "char-count"} id={`${id}-count`}>
        {count === null ? text.limit(max) : say(count)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {spoken}
      </p>
    </>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  required,
  scope,
  maxChars,
  countText,
  ...rest
}: Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id"> & {
    /** shows a character counter with this limit (the server's) */
    maxChars?: number;
    countText?: CountText;
  }) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors} required={required} scope={scope}>
      {(aria) => {
        const counted = maxChars !== undefined && countText !== undefined;
        const describedBy = counted ? [aria["aria-describedby"], `${aria.id}-count`].filter(Boolean).join(" ") : aria["aria-describedby"];
        return (
          <>
            <textarea rows={6} {...rest} {...aria} aria-describedby={describedBy} required={required} />
            {counted ? <CharacterCount id={aria.id} max={maxChars} text={countText} /> : null}
          </>
        );
      }}
    </Field>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  required,
  scope,
  options,
  placeholder,
  ...rest
}: Common & { options: { value: string; label: string }[]; placeholder?: string } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    "name" | "id"
  >) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors} required={required} scope={scope}>
      {(aria) => (
        <select {...rest} {...aria} required={required}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  errors,
  required,
  scope,
  ...rest
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type" | "id">) {
  const text = useContext(FieldTextContext);
  const key = keyOf(name, scope);
  return (
    <div className="field">
      <ErrorMessage name={key} errors={errors} />
      <label className="checkbox" htmlFor={fieldId(key)}>
        <input value="on" {...rest} type="checkbox" {...ariaFor(name, key, hint, errors)} required={required} />
        <span>
          {label} {required ? <span className="req">({text.required})</span> : null}
        </span>
      </label>
      <Hint name={key} hint={hint} />
    </div>
  );
}

/**
 * Radio buttons or checkboxes of one name in a fieldset; the error summary links to the first one.
 * `multiple` makes them checkboxes (several roles, several files), `defaultValue` then a list.
 */
export function RadioGroup({
  name,
  label,
  hint,
  errors,
  required,
  scope,
  options,
  defaultValue,
  multiple,
  legendClassName,
  onChange,
  children,
}: Common & {
  options: { value: string; label: ReactNode }[];
  defaultValue?: string | readonly string[];
  multiple?: boolean;
  legendClassName?: string;
  onChange?: (value: string) => void;
  /** more controls inside the fieldset, after the options (a submit button of a one-field form) */
  children?: ReactNode;
}) {
  const text = useContext(FieldTextContext);
  const chosen = (v: string) => (Array.isArray(defaultValue) ? defaultValue.includes(v) : defaultValue === v);
  const key = keyOf(name, scope);
  const first = fieldId(key);
  return (
    <fieldset className="field" aria-describedby={describedBy(key, hint, errors)}>
      <legend className={legendClassName}>
        {label} {required ? <span className="req">({text.required})</span> : null}
      </legend>
      <Hint name={key} hint={hint} />
      <ErrorMessage name={key} errors={errors} />
      {options.map((o, i) => {
        const id = i === 0 ? first : `${first}-${o.value.replace(/[^A-Za-z0-9_-]/g, "-")}`;
        return (
          <label key={o.value} className={multiple ? "checkbox" : "radio"} htmlFor={id}>
            <input
              type={multiple ? "checkbox" : "radio"}
              id={id}
              name={name}
              value={o.value}
              defaultChecked={chosen(o.value)}
              required={multiple ? undefined : required}
              aria-invalid={errors?.length ? true : undefined}
              onChange={onChange ? (e) => e.currentTarget.checked && onChange(o.value) : undefined}
            />
            <span>{o.label}</span>
          </label>
        );
      })}
      {children}
    </fieldset>
  );
}

/**
 * Every error of the form at the top, each linking to its field, in the order the fields appear on the
 * page (`fields`, or the order of `labels`); errors of no field ("form") come first, as plain text. It
 * is an alert and takes the focus when it appears, so keyboard and screen-reader users land on it after
 * a failed submit; without JavaScript it is still the first thing of the form.
 */
export function ErrorSummary({
  title,
  intro,
  errors,
  labels = {},
  fields,
  scope,
}: {
  title: string;
  intro?: string;
  /** field name → messages; "form" holds errors that belong to no field */
  errors: Record<string, string[] | undefined> | undefined;
  /** field name → label shown before the message */
  labels?: Record<string, string>;
  /** the field names in page order (default: the order of `labels`) */
  fields?: readonly string[];
  scope?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const order = fields ?? Object.keys(labels);
  const rank = (name: string) => (name === "form" ? -1 : order.includes(name) ? order.indexOf(name) : order.length);
  // sort is stable: errors of fields the page did not list keep their order, after the others.
  const entries = Object.entries(errors ?? {})
    .filter((e): e is [string, string[]] => Boolean(e[1]?.length))
    .sort((a, b) => rank(a[0]) - rank(b[0]));
  const signature = JSON.stringify(entries);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
    // Focus again whenever a new set of errors arrives.
  }, [signature]); // eslint-disable-line react-hooks/exhaustive-deps
  if (entries.length === 0) return null;
  const titleId = `${scope ? `${scope}-` : ""}error-summary-title`;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={titleId} role="alert">
      <h2 id={titleId}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <ul>
        {entries.map(([name, list]) =>
          list.map((message, i) =>
            name === "form" ? (
              <li key={`${name}-${i}`}>{message}</li>
            ) : (
              <li key={`${name}-${i}`}>
                <a href={`#${fieldId(keyOf(name, scope))}`}>{labels[name] ? `${labels[name]}: ${message}` : message}</a>
              </li>
            ),
          ),
        )}
      </ul>
    </div>
  );
}
