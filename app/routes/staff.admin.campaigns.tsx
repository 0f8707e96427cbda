import "~/i18n/sections/staff";
import "~/i18n/sections/campaigns";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageLink } from "~/components/page-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { TableScroll } from "~/components/table-scroll";
import { dictionaryFor, labelOf, langFromRequest } from "~/i18n/index";
import { useLang, useT } from "~/i18n/use-t";
import { campaignFormSchema, createCampaign, listCampaigns } from "~/models/campaigns/campaigns.server";
import { ValidationError } from "~/models/errors";
import { listScopeOptions } from "~/models/initiative/submission.server";
import { REFORM_AREAS } from "~/domain/vocabulary";
import { requirePermission } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { codesToFieldErrors, parseForm, type FieldErrors } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Đợt phát động — Sáng kiến CCHC" }];

const PAGE = "/staff/admin/campaigns";
const FIELDS = ["title", "slug", "description", "reformAreas", "opensOn", "closesOn", "owner"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin.campaigns");
  const [campaigns, options] = await Promise.all([listCampaigns(context.db), listScopeOptions(context.db)]);
  const counts = await context.db.selectFrom("campaign_counts").select(["campaign_id", "submitted"]).execute();
  const submitted = new Map(counts.map((c) => [c.campaign_id, Number(c.submitted)]));
  return {
    campaigns: campaigns.map((c) => ({ ...c, submitted: submitted.get(c.id) ?? 0 })),
    agencies: options.agencies,
    units: options.units.map((u) => ({ id: u.id, name: u.name })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin.campaigns");
  const form = await request.formData();
  const dict = dictionaryFor(langFromRequest(request));
  const words = (code: string) => labelOf(dict.campaigns.errors, code) ?? dict.common.errors.badRequest;
  const parsed = parseForm(campaignFormSchema, form, { messages: words, fields: FIELDS });
  const values = { ...parsed.values, reformAreas: form.getAll("reformAreas").map(String) };
  if (!parsed.ok) return data({ errors: parsed.fieldErrors, values }, { status: 400 });
  try {
    const created = await createCampaign(context.db, parsed.value, user.id);
    return redirect(`${PAGE}?done=${encodeURIComponent(created.slug)}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields = err.firstFieldErrors();
    const errors: FieldErrors = codesToFieldErrors(Object.keys(fields).length > 0 ? fields : { form: err.messageKey }, words);
    return data({ errors, values }, { status: fields.slug === "slug_taken" ? 409 : 400 });
  }
}

export default function CampaignsAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const c = t.campaigns;
  const f = c.admin.fields;
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  const values = result?.values ?? null;
  const str = (k: string) =>
    values && typeof (values as Record<string, unknown>)[k] === "string" ? String((values as Record<string, unknown>)[k]) : "";
  const done = params.get("done");
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{c.admin.title}</h1>
      <p>{c.admin.intro}</p>
      {done ? (
        <p className="notice ok" role="status">
          {c.admin.created} <PageLink to={`/campaigns/${done}`}>/campaigns/{done}</PageLink>
        </p>
      ) : null}

      <h2 id="campaign-list-title">{c.admin.list}</h2>
      {d.campaigns.length === 0 ? (
        <p>{c.admin.none}</p>
      ) : (
        <TableScroll labelledBy="campaign-list-title">
          <table aria-labelledby="campaign-list-title">
            <thead>
              <tr>
                <th scope="col">{f.title}</th>
                <th scope="col">{f.opensOn}</th>
                <th scope="col">{f.closesOn}</th>
                <th scope="col">{f.state}</th>
                <th scope="col">{f.submitted}</th>
                <th scope="col">{f.link}</th>
              </tr>
            </thead>
            <tbody>
              {d.campaigns.map((x) => (
                <tr key={x.id} data-campaign={x.slug}>
                  <td>
                    <PageLink to={`/campaigns/${x.slug}`}>{x.title}</PageLink>
                  </td>
                  <td>{formatDate(x.opensOn, lang)}</td>
                  <td>{formatDate(x.closesOn, lang)}</td>
                  <td>{c.states[x.state]}</td>
                  <td>
                    <PageLink to={`/staff?campaign=${x.id}`} aria-label={`${c.admin.queueLink}: ${x.title}`}>
                      {x.submitted}
                    </PageLink>
                  </td>
                  <td>
                    <code>{`/submit?campaign=${x.slug}`}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 id="campaign-add-title">{c.admin.add}</h2>
      <Form method="post" aria-labelledby="campaign-add-title" noValidate>
        <ErrorSummary
          title={c.admin.errorsTitle}
          errors={errors}
          fields={FIELDS}
          labels={{
            title: f.title,
            slug: f.slug,
            description: f.description,
            reformAreas: f.reformAreas,
            opensOn: f.opensOn,
            closesOn: f.closesOn,
            owner: f.owner,
          }}
        />
        <TextField name="title" label={f.title} errors={errors.title} required defaultValue={str("title")} />
        <TextField name="slug" label={f.slug} hint={f.slugHint} errors={errors.slug} defaultValue={str("slug")} />
        <TextAreaField name="description" label={f.description} errors={errors.description} required defaultValue={str("description")} />
        <RadioGroup
          name="reformAreas"
          label={f.reformAreas}
          errors={errors.reformAreas}
          multiple
          options={REFORM_AREAS.map((a) => ({ value: a, label: t.common.area[a] }))}
          defaultValue={values?.reformAreas ?? []}
        />
        {(["opensOn", "closesOn"] as const).map((name) => (
          <TextField
            key={name}
            name={name}
            label={f[name]}
            hint={f.dateHint}
            errors={errors[name]}
            required
            type="date"
            defaultValue={str(name)}
          />
        ))}
        <SelectField
          name="owner"
          label={f.owner}
          errors={errors.owner}
          placeholder={f.ownerNone}
          defaultValue={str("owner")}
          options={[
            ...d.agencies.map((a) => ({ value: `agency:${a.id}`, label: a.name })),
            ...d.units.map((u) => ({ value: `unit:${u.id}`, label: u.name })),
          ]}
        />
        <button type="submit" className="primary">
          {c.admin.submit}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
