import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLang, langCookie } from "~/i18n/index";
import { safeRedirect } from "~/utils/http.server";

/** The language switch: a plain form post, so it works without JavaScript; the choice is remembered in a cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  if (!isLang(lang)) throw new Response("Unknown language", { status: 400 });
  return redirect(safeRedirect(form.get("redirectTo"), "/"), { headers: { "Set-Cookie": langCookie(lang) } });
}

export async function loader() {
  return redirect("/");
}
