// Sign out: the session is deleted on the server, not only forgotten by the browser.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSessionUser } from "~/auth/guard.server";
import { blankSessionCookie } from "~/auth/session.server";
import { signOut } from "~/auth/sign-in.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const current = getSessionUser(request);
  if (current) signOut(current.session, new Date());
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
}
