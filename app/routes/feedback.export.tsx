// The feedback list as CSV: the same filters and scope as the page, every matching row, audited, no names.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { csvResponse } from "~/domain/csv.server";
import { parseFeedbackListFilter } from "~/domain/feedback.schema";
import { exportFeedback } from "~/domain/feedback-lists.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseFeedbackListFilter(new URL(request.url).searchParams);
  const now = new Date();
  const csv = exportFeedback(getDb(), user, filter, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`feedback-${day}.csv`, csv, { request, context });
}
