// Any address no route claims: the 404 page, inside the full layout with the user's navigation.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requireUser(request);
  throw new Response("Not found", { status: 404 });
}

export async function action({ request }: LoaderFunctionArgs) {
  requireUser(request);
  throw new Response("Not found", { status: 404 });
}

export default function NotFoundPage() {
  return null;
}
