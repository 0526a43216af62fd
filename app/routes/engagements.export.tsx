// The engagements list as CSV: the same filters and scope as the page, every matching row, audited.
import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { csvResponse } from "~/domain/csv.server";
import { engagementListFilterSchema } from "~/domain/engagement-lists.schema";
import { exportEngagements } from "~/domain/engagement-lists.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const submission = parseWithZod(new URL(request.url).searchParams, {
    schema: engagementListFilterSchema,
  });
  if (submission.status !== "success") {
    // A file wider than the filters asked for would leave the building unnoticed: refuse instead.
    const messages = Object.values(submission.error ?? {})
      .flat()
      .filter((message): message is string => typeof message === "string");
    throw new Response(`The export's filters are not valid: ${messages.join("; ")}`, {
      status: 400,
    });
  }
  const now = new Date();
  // Minutes and outcomes are never exported: the marking decides per reader who may read them.
  const csv = exportEngagements(getDb(), user, submission.value, now);
  const day = now.toISOString().slice(0, 10);
  return csvResponse(`engagements-${day}.csv`, csv, { request, context });
}
