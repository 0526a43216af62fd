// The organisations list: search, filters and sort in the URL, one page at a time, with a CSV export.
import { actorOwnScope } from "~/domain/directory-scope.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { can } from "~/auth/policy";
import { requireUser } from "~/auth/guard.server";
import {
  EmptyList,
  ExportLink,
  FilterActions,
  FilterSelect,
  SortLink,
  ariaSortOf,
  filterInputClass,
} from "~/components/list-controls";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { ORGANISATION_TYPES } from "~/db/schema";
import {
  ORGANISATION_TYPE_LABELS,
  parseOrganisationListFilter,
  sortDirection,
  type OrganisationSort,
} from "~/domain/organisations.schema";
import { communityFilterChoices, listOrganisations } from "~/domain/organisations.server";
import { listStrands } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Organisations · CRG Engagement CRM" }];

const londonDateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseOrganisationListFilter(new URL(request.url).searchParams);
  const db = getDb();
  const list = listOrganisations(db, user, filter);
  return {
    filter: {
      q: filter.q ?? "",
      community: filter.community === undefined ? "" : String(filter.community),
      strand: filter.strand ?? "",
      type: filter.type ?? "",
      archived: filter.archived ?? "",
      sort: filter.sort ?? "name",
      dir: sortDirection(filter),
    },
    isFiltered: Boolean(
      filter.q || filter.community || filter.strand || filter.type || filter.archived,
    ),
    communities: communityFilterChoices(db, user),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    canCreate: can(user, "record.create", actorOwnScope(user)),
    ...list,
  };
}

export default function OrganisationsPage() {
  const {
    filter,
    isFiltered,
    communities,
    strands,
    canCreate,
    organisations,
    total,
    totalIsLowerBound,
    page,
    pageCount,
  } = useLoaderData<typeof loader>();
  const location = useLocation();
  const ariaSort = (column: OrganisationSort) => ariaSortOf(column, filter.sort, filter.dir);
  const sortProps = {
    current: filter.sort,
    direction: filter.dir,
    descendingFirst: ["updated"] as const,
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Organisations</h1>
        {canCreate ? (
          <Link
            to="/organisations/new"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            New organisation
          </Link>
        ) : null}
      </div>

      <Form
        method="get"
        key={location.search}
        role="search"
        aria-label="Filter organisations"
        className="grid gap-3 rounded border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3"
      >
        <div className="sm:col-span-2 lg:col-span-3">
          <label htmlFor="filter-q" className="block font-medium">
            Search
          </label>
          <input
            id="filter-q"
            type="search"
            name="q"
            defaultValue={filter.q}
            maxLength={200}
            className={filterInputClass}
          />
        </div>
        <FilterSelect
          id="filter-community"
          name="community"
          label="Community"
          value={filter.community}
        >
          <option value="">All communities</option>
          <option value="none">Not tied to one community</option>
          {communities.map((community) => (
            <option key={community.id} value={community.id}>
              {community.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-strand" name="strand" label="Strand" value={filter.strand}>
          <option value="">All strands</option>
          {strands.map((strand) => (
            <option key={strand.key} value={strand.key}>
              {strand.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-type" name="type" label="Type" value={filter.type}>
          <option value="">All types</option>
          {ORGANISATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {ORGANISATION_TYPE_LABELS[type]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-archived" name="archived" label="Archived" value={filter.archived}>
          <option value="">Current only</option>
          <option value="include">Current and archived</option>
          <option value="only">Archived only</option>
        </FilterSelect>
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <FilterActions
          listPath="/organisations"
          isFiltered={isFiltered}
          className="sm:col-span-2 lg:col-span-3"
        />
      </Form>

      <ExportLink exportPath="/organisations/export" noun="organisation" />

      {organisations.length === 0 ? (
        <EmptyList listPath="/organisations" isFiltered={isFiltered} pluralNoun="organisations" />
      ) : (
        // Relative, so the visually hidden (absolutely placed) labels in the table stay inside the
        // scroll box instead of widening the whole page at phone width.
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Organisations matching the filters</caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="p-2" aria-sort={ariaSort("name")}>
                  <SortLink column="name" label="Name" {...sortProps} />
                </th>
                <th scope="col" className="p-2">
                  Type
                </th>
                <th scope="col" className="p-2">
                  Community
                </th>
                <th scope="col" className="p-2">
                  Strands
                </th>
                <th scope="col" className="p-2" aria-sort={ariaSort("updated")}>
                  <SortLink column="updated" label="Last changed" {...sortProps} />
                </th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    <Link
                      to={`/organisations/${organisation.id}`}
                      className="text-brand-700 underline"
                    >
                      <bdi>{organisation.name}</bdi>
                    </Link>
                    {organisation.archivedAt ? (
                      <span className="ml-2 text-sm font-normal text-slate-700">(archived)</span>
                    ) : null}
                  </th>
                  <td className="p-2">{ORGANISATION_TYPE_LABELS[organisation.type]}</td>
                  <td className="p-2">{organisation.communityName ?? "—"}</td>
                  <td className="p-2">
                    {organisation.strands.map((strand) => strand.name).join(", ")}
                  </td>
                  <td className="p-2">{londonDateTime.format(new Date(organisation.updatedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        total={total}
        totalIsLowerBound={totalIsLowerBound}
      />
    </div>
  );
}
