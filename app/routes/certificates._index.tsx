import "~/i18n/sections/public";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CertificateForm } from "~/components/certificate-form";
import { dictionaryFor, langFromRequest } from "~/i18n/index";
import { useT } from "~/i18n/use-t";
import { normaliseCertificateNumber } from "~/models/council/certificates.server";
import { publicPageHeaders } from "~/utils/cache.server";

/** A document: no JavaScript (see root.tsx). */
export const handle = { hydrate: false };

export const headers = publicPageHeaders;

/** The form is a GET to this page, so it works without JavaScript and the answer has its own address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const number = new URL(request.url).searchParams.get("number");
  if (number && number.trim()) {
    throw redirect(`/certificates/${encodeURIComponent(normaliseCertificateNumber(number).slice(0, 40))}`);
  }
  const t = dictionaryFor(langFromRequest(request)).public.certificates;
  return data({ meta: { title: t.metaTitle } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.meta.title ?? "" }];

export default function CertificatesIndex() {
  useLoaderData<typeof loader>();
  const t = useT().public.certificates;
  return (
    <section aria-labelledby="cert-title">
      <h1 id="cert-title">{t.title}</h1>
      <p className="lead">{t.intro}</p>
      <CertificateForm />
    </section>
  );
}
