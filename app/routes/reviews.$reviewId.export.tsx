// A steering review's frozen figures and every item before it with its decision as CSV, one value a
// row, the export audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { csvFromRows, csvResponse } from "~/domain/csv.server";
import { routeIdSchema } from "~/domain/steering-reviews.schema";
import { REVIEW_EXPORT_HEADER, exportReviewPack } from "~/domain/steering-reviews.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.read");
  const reviewId = routeIdSchema.safeParse(params.reviewId);
  if (!reviewId.success) notFound();
  const exported = exportReviewPack(getDb(), user, reviewId.data);
  if (!exported) notFound();
  return csvResponse(
    `steering-review-${reviewId.data}-${exported.heldOn}.csv`,
    csvFromRows(REVIEW_EXPORT_HEADER, exported.rows),
    { request, context },
  );
}
