import "~/i18n/sections/review";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextAreaField, TextField } from "~/components/form-fields";
import { ActionFeedback } from "~/components/action-feedback";
import { BANDS, DESCRIPTOR_FIELDS, DESCRIPTOR_MAX, scoreBands } from "~/models/review/bands";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import {
  createRubricVersion,
  getCurrentRubric,
  listRubricVersions,
  rubricSchema,
  type CriterionInput,
} from "~/models/review/rubric.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { addFieldError, parseForm, type FieldErrors } from "~/utils/forms";
import { httpError } from "~/utils/http.server";
import { StaleVersionError } from "~/models/errors";
import { titleMeta } from "~/i18n/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, (t) => t.review.rubric.title);

const FIELDS = ["key", "label_vi", "label_en", "weight", "scale_min", "scale_max"] as const;
/** Everything a row posts: the criterion, then what its low, middle and high scores mean in each language. */
const ALL_FIELDS = [...FIELDS, ...DESCRIPTOR_FIELDS] as const;
/** Empty rows offered for new criteria: enough for a round's changes, and the form works without JavaScript. */
const BLANK_ROWS = 2;
const MAX_ROWS = 30;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.rubric");
  return { current: await getCurrentRubric(context.db), versions: await listRubricVersions(context.db) };
}

type Row = Record<(typeof ALL_FIELDS)[number], string> & { remove: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.rubric");
  const form = await request.formData();
  const rawCurrent = String(form.get("current") ?? "");
  if (!/^\d{1,9}$/.test(rawCurrent)) throw httpError(400, "stale");
  // Two administrators editing at once: the second would silently undo the first's version. The page
  // answers 409 and shows the version now current, for the editor to redo their change on it.
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.review.errors, code) ?? dict.common.errors.badRequest;
  const stale = () => data({ errors: { form: [words("stale_rubric")] } as FieldErrors, rows: null }, { status: 409 });
  if (Number(rawCurrent) !== (await getCurrentRubric(context.db)).versionId) return stale();
  const count = Math.min(MAX_ROWS, Number(form.get("count")) || 0);
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const row = { remove: form.get(`c.${i}.remove`) === "on" } as Row;
    for (const f of ALL_FIELDS) row[f] = String(form.get(`c.${i}.${f}`) ?? "");
    rows.push(row);
  }
  // A new row comes with a default scale: it counts only once something else is typed in it.
  const typed = (r: Row) => (["key", "label_vi", "label_en", "weight", ...DESCRIPTOR_FIELDS] as const).some((f) => r[f].trim() !== "");
  const kept = rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.remove && typed(r));
  const parsed = parseForm(
    rubricSchema,
    kept.map(({ r }) => ({ ...r }) satisfies CriterionInput),
    { messages: words },
  );
  if (!parsed.ok) {
    // The schema numbers the kept rows; the page names the rows it showed ("c.<row>.<field>").
    const errors: FieldErrors = {};
    for (const [k, list] of Object.entries(parsed.fieldErrors)) {
      const [j, field] = k.split(".");
      const key = field !== undefined && kept[Number(j)] ? `c.${kept[Number(j)].i}.${field}` : "form";
      for (const message of list) addFieldError(errors, key, message);
    }
    return data({ errors, rows: rows as Row[] | null }, { status: 400 });
  }
  let version: number;
  try {
    version = await createRubricVersion(context.db, {
      criteria: parsed.value,
      actorUserId: user.id,
      expectedCurrentVersionId: Number(rawCurrent),
    });
  } catch (err) {
    if (!(err instanceof StaleVersionError)) throw err;
    return stale();
  }
  return redirect(`/staff/admin/rubric?done=${version}`);
}

export default function RubricAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const r = t.review;
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  const rows: Row[] = result?.rows ?? [
    ...(d.current.criteria.map((c) => ({
      key: c.key,
      label_vi: c.label_vi,
      label_en: c.label_en,
      weight: String(c.weight),
      scale_min: String(c.scale_min),
      scale_max: String(c.scale_max),
      ...Object.fromEntries(DESCRIPTOR_FIELDS.map((f) => [f, d.current.descriptors[c.id]?.[f] ?? ""])),
      remove: false,
    })) as Row[]),
    ...(Array.from({ length: BLANK_ROWS }, () => ({
      key: "",
      label_vi: "",
      label_en: "",
      weight: "",
      scale_min: "0",
      scale_max: "10",
      ...Object.fromEntries(DESCRIPTOR_FIELDS.map((f) => [f, ""])),
      remove: false,
    })) as Row[]),
  ];
  const labels: Record<(typeof FIELDS)[number], string> = {
    key: r.rubric.key,
    label_vi: r.rubric.labelVi,
    label_en: r.rubric.labelEn,
    weight: r.rubric.weight,
    scale_min: r.rubric.scaleMin,
    scale_max: r.rubric.scaleMax,
  };
  const existing = d.current.criteria.length;
  const doneVersion = /^\d{1,9}$/.test(params.get("done") ?? "") ? Number(params.get("done")) : null;

  return (
    <section aria-labelledby="rubric-title">
      <h1 id="rubric-title">{r.rubric.title}</h1>
      <p>{r.rubric.intro}</p>
      <ActionFeedback message={doneVersion ? t.staff.glossary.rubric_saved(doneVersion) : null} />
      <ErrorSummary title={r.common.errorsTitle} errors={errors} fields={rows.flatMap((_, i) => ALL_FIELDS.map((f) => `c.${i}.${f}`))} />
      <Form method="post" id="rubric-form" noValidate>
        <input type="hidden" name="current" value={d.current.versionId} />
        <input type="hidden" name="count" value={rows.length} />
        {rows.map((row, i) => (
          <fieldset key={i} className="criterion-row">
            <legend>{i < existing ? `${r.rubric.row(i + 1)}: ${lang === "vi" ? row.label_vi : row.label_en}` : r.rubric.newRow}</legend>
            <div className="criterion-grid">
              {FIELDS.map((f) => {
                const name = `c.${i}.${f}`;
                const number = f === "weight" || f.startsWith("scale");
                return (
                  <TextField
                    key={f}
                    name={name}
                    label={labels[f]}
                    errors={errors[name]}
                    type={number ? "number" : "text"}
                    inputMode={number ? "numeric" : undefined}
                    defaultValue={row[f]}
                  />
                );
              })}
            </div>
            <RowDescriptors row={row} i={i} errors={errors} />
            {i < existing ? (
              <label className="checkbox">
                <input type="checkbox" name={`c.${i}.remove`} defaultChecked={row.remove} />
                {r.rubric.remove}
              </label>
            ) : null}
          </fieldset>
        ))}
        <button type="submit" className="primary">
          {r.rubric.submit}
        </button>
      </Form>

      <h2>{r.rubric.versions}</h2>
      <TableScroll label={r.rubric.versions}>
        <table>
          <thead>
            <tr>
              <th scope="col">{r.rubric.version}</th>
              <th scope="col">{r.rubric.createdAt}</th>
              <th scope="col">{r.rubric.createdBy}</th>
              <th scope="col">{r.rubric.reviews}</th>
            </tr>
          </thead>
          <tbody>
            {d.versions.map((v) => (
              <tr key={v.id}>
                <td>
                  {v.id}
                  {v.is_current ? ` (${r.rubric.isCurrent})` : ""}
                </td>
                <td>{formatDateTime(v.created_at, lang)}</td>
                <td>{v.created_by_name ?? r.rubric.system}</td>
                <td>{v.review_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The row's descriptors, labelled with the bands of the scale the row shows (0–3, 4–6, 7–10 on 0–10). */
function RowDescriptors({ row, i, errors }: { row: Row; i: number; errors: FieldErrors }) {
  const f = useT().review.reviewForm;
  const bands = scoreBands(Number(row.scale_min), Number(row.scale_max));
  const range = (band: (typeof BANDS)[number]) => {
    const b = bands.find((x) => x.band === band);
    return b ? f.band(b.from, b.to) : "—";
  };
  return (
    <fieldset className="descriptors">
      <legend>{f.descriptors}</legend>
      <p className="hint">{f.descriptorsHint}</p>
      <div className="descriptor-grid">
        {(["vi", "en"] as const).flatMap((lang) =>
          BANDS.map((band) => {
            const name = `c.${i}.band_${band}_${lang}`;
            return (
              <TextAreaField
                key={name}
                name={name}
                label={f.descriptorLabel(f.bandNames[band], range(band), lang)}
                errors={errors[name]}
                rows={2}
                maxLength={DESCRIPTOR_MAX}
                defaultValue={row[`band_${band}_${lang}`]}
              />
            );
          }),
        )}
      </div>
    </fieldset>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
