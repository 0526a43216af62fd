// The feedback list: filters in the URL, newest received (or soonest due) first, a page at a time, with a CSV export.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { dueText, FeedbackStatusLabel, summaryLine } from "~/components/feedback-ui";
import {
  ariaSortOf,
  EmptyList,
  ExportLink,
  FilterActions,
  filterInputClass,
  FilterSelect,
  SortLink,
} from "~/components/list-controls";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES } from "~/db/schema";
import { contactCommunityFilterChoices, contactOwnerFilterChoices } from "~/domain/contacts.server";
import {
  DUE_SOON_DAYS,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_STATUS_LABELS,
  isFeedbackListFiltered,
  parseFeedbackListFilter,
  type FeedbackSort,
} from "~/domain/feedback.schema";
import { listFeedbackPage } from "~/domain/feedback-lists.server";
import { mayRecordFeedback } from "~/domain/feedback.server";
import { formatCalendarDate } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Feedback · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseFeedbackListFilter(new URL(request.url).searchParams);
  const db = getDb();
  return {
    filter,
    direction: filter.dir ?? (filter.sort === "due" ? "asc" : "desc"),
    isFiltered: isFeedbackListFiltered(filter),
    ...listFeedbackPage(db, user, filter, new Date()),
    communities: contactCommunityFilterChoices(db, user),
    strands: listStrands(db).map(({ key, name }) => ({ key, name })),
    owners: contactOwnerFilterChoices(db),
    mayRecord: mayRecordFeedback(user),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function FilterForm({ loaded }: { loaded: Loaded }) {
  const { filter, communities, strands, owners } = loaded;
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter feedback"
      className="grid gap-4 rounded border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
    >
      {/* Filters that only a link sets (from a contact's or engagement's page) ride along. */}
      {filter.contact ? <input type="hidden" name="contact" value={filter.contact} /> : null}
      {filter.engagement ? (
        <input type="hidden" name="engagement" value={filter.engagement} />
      ) : null}
      <input type="hidden" name="sort" value={filter.sort} />
      <FilterSelect
        id="filter-community"
        name="community"
        label="Community"
        value={filter.community === undefined ? "" : String(filter.community)}
      >
        <option value="">Any community</option>
        <option value="group">The whole group</option>
        {communities.map((community) => (
          <option key={community.id} value={community.id}>
            {community.name}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="filter-strand" name="strand" label="Strand" value={filter.strand ?? ""}>
        <option value="">Any strand</option>
        {strands.map((strand) => (
          <option key={strand.key} value={strand.key}>
            {strand.name}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id="filter-category"
        name="category"
        label="Category"
        value={filter.category ?? ""}
      >
        <option value="">Any category</option>
        {FEEDBACK_CATEGORIES.map((category) => (
          <option key={category} value={category}>
            {FEEDBACK_CATEGORY_LABELS[category]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="filter-status" name="status" label="Status" value={filter.status ?? ""}>
        <option value="">Any status</option>
        {FEEDBACK_STATUSES.map((status) => (
          <option key={status} value={status}>
            {FEEDBACK_STATUS_LABELS[status]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id="filter-owner"
        name="owner"
        label="Owner"
        value={filter.owner ? String(filter.owner) : ""}
      >
        <option value="">Anyone</option>
        {owners.map((owner) => (
          <option key={owner.id} value={owner.id}>
            {owner.isActive ? owner.displayName : `${owner.displayName} (deactivated)`}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect id="filter-overdue" name="overdue" label="Overdue" value={filter.overdue ?? ""}>
        <option value="">Overdue or not</option>
        <option value="yes">Open and overdue only</option>
      </FilterSelect>
      <FilterSelect id="filter-due" name="due" label="Due soon" value={filter.due ?? ""}>
        <option value="">Any due date</option>
        <option value="week">Open and due within {DUE_SOON_DAYS} days</option>
      </FilterSelect>
      <FilterSelect
        id="filter-escalated"
        name="escalated"
        label="Escalated"
        value={filter.escalated ?? ""}
      >
        <option value="">Escalated or not</option>
        <option value="yes">Ever escalated</option>
        <option value="awaiting">Awaiting the steering group&apos;s decision</option>
      </FilterSelect>
      <div>
        <label htmlFor="filter-from" className="block font-medium">
          Received from
        </label>
        <input
          id="filter-from"
          type="date"
          name="from"
          defaultValue={filter.from ?? ""}
          className={filterInputClass}
        />
      </div>
      <div>
        <label htmlFor="filter-to" className="block font-medium">
          Received to
        </label>
        <input
          id="filter-to"
          type="date"
          name="to"
          defaultValue={filter.to ?? ""}
          className={filterInputClass}
        />
      </div>
      <div className="sm:col-span-2">
        <label htmlFor="filter-q" className="block font-medium">
          Summary contains
        </label>
        <input
          id="filter-q"
          type="search"
          name="q"
          dir="auto"
          defaultValue={filter.q ?? ""}
          className={filterInputClass}
        />
      </div>
      <FilterActions
        listPath="/feedback"
        isFiltered={loaded.isFiltered}
        className="sm:col-span-2"
      />
    </Form>
  );
}

export default function FeedbackListPage() {
  const loaded = useLoaderData<typeof loader>();
  const { filter, direction, feedback, today } = loaded;
  const location = useLocation();
  const sortHeader = (column: FeedbackSort, label: string) => (
    <th scope="col" className="p-2" aria-sort={ariaSortOf(column, filter.sort, direction)}>
      <SortLink
        column={column}
        label={label}
        current={filter.sort}
        direction={direction}
        descendingFirst={["received"]}
      />
    </th>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Feedback</h1>
        {loaded.mayRecord ? (
          <Link
            to="/feedback/new"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            Record feedback
          </Link>
        ) : null}
      </div>
      {/* Keyed by the URL so going back or following a link shows that URL's filters. */}
      <FilterForm key={location.search} loaded={loaded} />
      <ExportLink exportPath="/feedback/export" noun="feedback item (without names)" />
      {feedback.length === 0 ? (
        <EmptyList
          listPath="/feedback"
          isFiltered={loaded.isFiltered}
          pluralNoun="feedback items"
        />
      ) : (
        // Relative, so visually hidden text stays inside the scroll box at phone width.
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Feedback matching the filters</caption>
            <thead>
              <tr className="border-b border-slate-400">
                {sortHeader("received", "Received")}
                <th scope="col" className="p-2">
                  Summary
                </th>
                <th scope="col" className="p-2">
                  Community
                </th>
                <th scope="col" className="p-2">
                  Category and strands
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
                <th scope="col" className="p-2">
                  Owner
                </th>
                {sortHeader("due", "Response due")}
              </tr>
            </thead>
            <tbody>
              {feedback.map((item) => (
                <tr key={item.id} className="border-b border-slate-200 align-top">
                  <td className="whitespace-nowrap p-2">{formatCalendarDate(item.receivedOn)}</td>
                  <th scope="row" className="p-2 font-medium">
                    <Link to={`/feedback/${item.id}`} className="text-brand-700 underline">
                      <bdi dir="auto">{summaryLine(item.summary)}</bdi>
                    </Link>
                    {item.awaitingDecision ? (
                      <span className="block text-sm font-normal">
                        Escalated: awaiting decision
                      </span>
                    ) : null}
                  </th>
                  <td className="p-2">{item.communityName ?? "Whole group"}</td>
                  <td className="p-2">
                    {FEEDBACK_CATEGORY_LABELS[item.category]}
                    <span className="block text-sm text-slate-700">
                      {item.strands.map((strand) => strand.name).join(", ")}
                    </span>
                  </td>
                  <td className="p-2">
                    <FeedbackStatusLabel status={item.status} />
                  </td>
                  <td className="p-2">{item.ownerName}</td>
                  <td className="p-2">
                    {formatCalendarDate(item.responseDueOn)}
                    {item.status === "responded" || item.status === "closed" ? null : (
                      <span
                        className={`block text-sm ${item.isOverdue ? "font-semibold text-red-900" : "text-slate-700"}`}
                      >
                        {dueText(item.responseDueOn, today)}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={loaded.page}
        pageCount={loaded.pageCount}
        total={loaded.total}
        totalIsLowerBound={loaded.totalIsLowerBound}
      />
    </div>
  );
}
