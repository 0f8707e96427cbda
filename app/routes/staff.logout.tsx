import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/utils/auth.server";

/** Signing out is a POST (a link or an image on another site cannot sign anyone out). */
export async function action({ request, context }: ActionFunctionArgs) {
  return logout(request, context);
}

export async function loader() {
  return redirect("/staff");
}
