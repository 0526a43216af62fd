// One community's (or the whole group's) overdue feedback before a steering review, a page at a
// time by key, filtered in the URL by whether the group has decided it; each item links to its
// decision page while the review is open.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { Notice } from "~/components/forms";
import { FilterActions, FilterSelect } from "~/components/list-controls";
import { ReviewItemList } from "~/components/review-item";
import { getDb } from "~/db/client.server";
import { formatCalendarDate } from "~/domain/london-time";
import {
  WHOLE_GROUP,
  overdueItemsPath,
  parseOverdueItemsFilter,
  routeIdSchema,
} from "~/domain/steering-reviews.schema";
import { openOverdueItems } from "~/domain/steering-reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Overdue feedback, ${data?.group.communityName ?? ""} · ${data?.review.title ?? "Steering review"} · CRG Engagement CRM`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.read");
  const reviewId = routeIdSchema.safeParse(params.reviewId);
  const filter = parseOverdueItemsFilter(new URL(request.url).searchParams);
  if (!reviewId.success || !filter) notFound();
  const opened = openOverdueItems(getDb(), user, reviewId.data, filter);
  if (!opened) notFound();
  const { nextFrom, ...page } = opened;
  const listed = { communityId: filter.communityId, decision: filter.decision };
  return {
    ...page,
    decision: filter.decision ?? "",
    nextPageHref: nextFrom ? overdueItemsPath(reviewId.data, { ...listed, from: nextFrom }) : null,
    firstPageHref: filter.from ? overdueItemsPath(reviewId.data, listed) : null,
    everyItemHref: overdueItemsPath(reviewId.data, { communityId: filter.communityId }),
    mayManage: opened.review.status === "open" && can(user, "review.manage"),
  };
}

export default function OverdueItemsPage() {
  const { review, group, items, decision, nextPageHref, firstPageHref, everyItemHref, mayManage } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      <p className="print:hidden">
        <Link to={`/reviews/${review.id}#overdue-heading`} className="text-brand-700 underline">
          Back to <bdi dir="auto">{review.title}</bdi>
        </Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">
          Overdue feedback: <bdi dir="auto">{group.communityName}</bdi>
        </h1>
        <p>
          {`${group.items} overdue ${group.items === 1 ? "item" : "items"} before the review, ${group.decided} decided; oldest answer due ${formatCalendarDate(group.oldestDueOn)}. Oldest answer due first.`}
        </p>
      </header>
      {searchParams.get("decided") ? <Notice>Decision recorded.</Notice> : null}

      <Form method="get" className="flex flex-wrap items-end gap-3 print:hidden">
        <input
          type="hidden"
          name="community"
          value={group.communityId === null ? WHOLE_GROUP : String(group.communityId)}
        />
        <FilterSelect id="decision" name="decision" label="Show" value={decision}>
          <option value="">Every item</option>
          <option value="awaiting">Not decided yet</option>
          <option value="decided">Decided</option>
        </FilterSelect>
        <FilterActions listPath={everyItemHref} isFiltered={decision !== ""} />
      </Form>

      {items.length === 0 ? (
        <p>No item of this community matches.</p>
      ) : (
        <ReviewItemList
          reviewId={review.id}
          items={items}
          mayManage={mayManage}
          nextPageHref={nextPageHref}
          firstPageHref={firstPageHref}
          label="Pages of overdue items"
        />
      )}
    </div>
  );
}
