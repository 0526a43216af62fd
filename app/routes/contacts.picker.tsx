// The contact picker's search as you type: the contacts the user may see whose names match, as JSON.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { pickerQuerySchema } from "~/domain/engagements.schema";
import { findContactsForPicker } from "~/domain/engagements.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const query = pickerQuerySchema.parse(new URL(request.url).searchParams.get("q") ?? "");
  return Response.json(findContactsForPicker(getDb(), user, query), {
    headers: { "Cache-Control": "private, no-store" },
  });
}
