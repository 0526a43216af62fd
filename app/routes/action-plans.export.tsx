// The action-items list as CSV: the same filters and scope as the page, every matching row, audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { parseActionItemListFilter } from "~/domain/action-plans.schema";
import { exportActionItems } from "~/domain/action-plans.server";
import { csvResponse } from "~/domain/csv.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseActionItemListFilter(new URL(request.url).searchParams);
  const now = new Date();
  const csv = exportActionItems(getDb(), user, filter, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`action-items-${day}.csv`, csv, { request, context });
}
