// The organisations list as CSV: the same filters and scope as the page, every matching row, audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { csvResponse } from "~/domain/csv.server";
import { parseOrganisationListFilter } from "~/domain/organisations.schema";
import { exportOrganisations } from "~/domain/organisations.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseOrganisationListFilter(new URL(request.url).searchParams);
  const now = new Date();
  const csv = exportOrganisations(getDb(), user, filter, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`organisations-${day}.csv`, csv, { request, context });
}
