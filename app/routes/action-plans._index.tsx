// Action plans across communities: communities × status and RAG counts, and the items list with
// its filters in the URL ("my items", overdue, strand, status, RAG), red items first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import { ActionItemsTable, statusLabel } from "~/components/action-plan-ui";
import { EmptyList, ExportLink, FilterActions, FilterSelect } from "~/components/list-controls";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { ACTION_ITEM_STATUSES, STRAND_KEYS } from "~/db/schema";
import {
  RAG_LABELS,
  RAG_RATINGS,
  parseActionItemListFilter,
  type ActionItemListFilter,
} from "~/domain/action-plans.schema";
import { listActionItemPage, planOverview } from "~/domain/action-plans.server";
import { COMMUNITY_STATUS_LABELS } from "~/domain/communities.schema";
import { listCommunities } from "~/domain/communities.server";
import { londonToday } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Action plans · CRG Engagement CRM" }];

function isFiltered(filter: ActionItemListFilter): boolean {
  return Boolean(
    filter.community ||
    filter.strand ||
    filter.status ||
    filter.rag ||
    filter.mine ||
    filter.overdue,
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseActionItemListFilter(new URL(request.url).searchParams);
  const db = getDb();
  const today = londonToday(new Date());
  const communities = listCommunities(db, user).filter((community) =>
    can(user, "actionPlan.read", { communityId: community.id }),
  );
  return {
    filter,
    overview: planOverview(db, user, today, filter.strand),
    ...listActionItemPage(db, user, filter, today),
    communities: communities.map(({ id, name }) => ({ id, name })),
    strands: listStrands(db).map(({ key, name }) => ({ key, name })),
    canEditTemplate: STRAND_KEYS.some((strandKey) =>
      can(user, "actionTemplate.edit", { strandKey }),
    ),
  };
}

export default function ActionPlansPage() {
  const { filter, overview, items, total, page, pageCount, communities, strands, canEditTemplate } =
    useLoaderData<typeof loader>();
  const filtered = isFiltered(filter);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Action plans</h1>
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link to="?mine=yes" className="text-brand-700 underline">
            My items
          </Link>
        </li>
        <li>
          <Link to="?overdue=yes" className="text-brand-700 underline">
            Overdue items
          </Link>
        </li>
        {canEditTemplate ? (
          <li>
            <Link to="/action-plans/template" className="text-brand-700 underline">
              Edit the template
            </Link>
          </li>
        ) : null}
      </ul>

      <section aria-labelledby="overview-heading" className="space-y-2">
        <h2 id="overview-heading" className="text-xl font-semibold">
          Communities
        </h2>
        {overview.length === 0 ? (
          <p>
            No action items you can see yet. Open a community&apos;s plan to apply the template.
          </p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left">
              <caption className="sr-only">
                Items per community by status and RAG, most red first
              </caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Community
                  </th>
                  {ACTION_ITEM_STATUSES.map((status) => (
                    <th key={status} scope="col" className="p-2">
                      {statusLabel(status)}
                    </th>
                  ))}
                  <th scope="col" className="p-2">
                    {RAG_LABELS.red}
                  </th>
                  <th scope="col" className="p-2">
                    {RAG_LABELS.amber}
                  </th>
                  <th scope="col" className="p-2">
                    {RAG_LABELS.green}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.map((row) => (
                  <tr key={row.communityId} className="border-b border-slate-200">
                    <th scope="row" className="p-2 font-medium">
                      <Link
                        to={`/action-plans/${row.communityId}`}
                        className="text-brand-700 underline"
                      >
                        {row.communityName}
                      </Link>
                      <span className="block text-sm font-normal text-slate-700">
                        {COMMUNITY_STATUS_LABELS[row.communityStatus]}
                      </span>
                    </th>
                    <td className="p-2">{row.notStarted}</td>
                    <td className="p-2">{row.inProgress}</td>
                    <td className="p-2">{row.blocked}</td>
                    <td className="p-2">{row.done}</td>
                    <td className="p-2">{row.cancelled}</td>
                    <td className="p-2">{row.red}</td>
                    <td className="p-2">{row.amber}</td>
                    <td className="p-2">{row.green}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {communities.length > 0 ? (
          <details>
            <summary className="cursor-pointer text-brand-700 underline">
              Open a community&apos;s plan
            </summary>
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
              {communities.map((community) => (
                <li key={community.id}>
                  <Link to={`/action-plans/${community.id}`} className="text-brand-700 underline">
                    {community.name}
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="items-heading" className="space-y-3">
        <h2 id="items-heading" className="text-xl font-semibold">
          Items
        </h2>
        <Form method="get" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <FilterSelect
            id="filter-community"
            name="community"
            label="Community"
            value={filter.community ? String(filter.community) : ""}
          >
            <option value="">Any community</option>
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
          <FilterSelect id="filter-status" name="status" label="Status" value={filter.status ?? ""}>
            <option value="">Any status</option>
            {ACTION_ITEM_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="filter-rag" name="rag" label="RAG" value={filter.rag ?? ""}>
            <option value="">Any rating</option>
            {RAG_RATINGS.map((rag) => (
              <option key={rag} value={rag}>
                {RAG_LABELS[rag]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="filter-mine" name="mine" label="Owner" value={filter.mine ?? ""}>
            <option value="">Anyone</option>
            <option value="yes">Only my items</option>
          </FilterSelect>
          <FilterSelect id="filter-overdue" name="overdue" label="Due" value={filter.overdue ?? ""}>
            <option value="">Any due date</option>
            <option value="yes">Overdue only</option>
          </FilterSelect>
          <FilterActions
            listPath="/action-plans"
            isFiltered={filtered}
            className="sm:col-span-2 lg:col-span-2"
          />
        </Form>
        <ExportLink exportPath="/action-plans/export" noun="item" />
        {items.length === 0 ? (
          <EmptyList listPath="/action-plans" isFiltered={filtered} pluralNoun="action items" />
        ) : (
          <ActionItemsTable
            caption="Action items matching the filters, red first"
            items={items}
            showCommunity
            showStrand
          />
        )}
        <Pagination page={page} pageCount={pageCount} total={total} />
      </section>
    </div>
  );
}
