// The contacts list as CSV: the same filters and scope as the page, every matching row, audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { parseContactListFilter } from "~/domain/contacts.schema";
import { exportContacts } from "~/domain/contacts.server";
import { csvResponse } from "~/domain/csv.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseContactListFilter(new URL(request.url).searchParams);
  const now = new Date();
  const csv = exportContacts(getDb(), user, filter, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`contacts-${day}.csv`, csv, { request, context });
}
