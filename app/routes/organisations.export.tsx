// The organisations list as CSV: the same filters and scope as the page, every matching row, audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { csvResponse, toCsv } from "~/domain/csv.server";
import { parseOrganisationListFilter } from "~/domain/organisations.schema";
import { exportOrganisations, ORGANISATION_EXPORT_HEADER } from "~/domain/organisations.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseOrganisationListFilter(new URL(request.url).searchParams);
  const now = new Date();
  const rows = exportOrganisations(getDb(), user, filter, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`organisations-${day}.csv`, toCsv(ORGANISATION_EXPORT_HEADER, rows));
}
