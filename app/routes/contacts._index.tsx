// The contacts list: search, filters and sort in the URL, one page at a time, with a CSV export.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
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
import { CrgDutiesDue } from "~/components/crg-duties-due";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { ORGANISATION_TYPES } from "~/db/schema";
import {
  contactSortDirection,
  isContactListFiltered,
  parseContactListFilter,
  CRG_DUTY_NOTICE_DAYS,
  type ContactSort,
} from "~/domain/contacts.schema";
import {
  contactCommunityFilterChoices,
  contactOwnerFilterChoices,
  listContacts,
  mayCreateContacts,
} from "~/domain/contacts.server";
import { ORGANISATION_TYPE_LABELS } from "~/domain/organisations.schema";
import { listStrands } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Contacts · CRG Engagement CRM" }];

const londonDateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Europe/London",
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const filter = parseContactListFilter(new URL(request.url).searchParams);
  const db = getDb();
  const list = listContacts(db, user, filter);
  return {
    filter: {
      q: filter.q ?? "",
      community: filter.community === undefined ? "" : String(filter.community),
      strand: filter.strand ?? "",
      orgType: filter.orgType ?? "",
      owner: filter.owner === undefined ? "" : String(filter.owner),
      tag: filter.tag ?? "",
      crg: filter.crg ?? "",
      archived: filter.archived ?? "",
      sort: filter.sort ?? "name",
      dir: contactSortDirection(filter),
    },
    isFiltered: isContactListFiltered(filter),
    communities: contactCommunityFilterChoices(db, user),
    owners: contactOwnerFilterChoices(db),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    canCreate: mayCreateContacts(user),
    ...list,
  };
}

export default function ContactsPage() {
  const {
    filter,
    isFiltered,
    communities,
    owners,
    strands,
    canCreate,
    contacts,
    total,
    totalIsLowerBound,
    page,
    pageCount,
  } = useLoaderData<typeof loader>();
  const location = useLocation();
  const ariaSort = (column: ContactSort) => ariaSortOf(column, filter.sort, filter.dir);
  const sortProps = {
    current: filter.sort,
    direction: filter.dir,
    descendingFirst: ["updated"] as const,
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Contacts</h1>
        {canCreate ? (
          <Link
            to="/contacts/new"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            New contact
          </Link>
        ) : null}
      </div>

      <Form
        method="get"
        key={location.search}
        role="search"
        aria-label="Filter contacts"
        className="grid gap-3 rounded border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        <div className="sm:col-span-2 lg:col-span-4">
          <label htmlFor="filter-q" className="block font-medium">
            Search
          </label>
          <p id="filter-q-hint" className="text-sm text-slate-600">
            Names in any script, organisation, email, phone, tags or notes
          </p>
          <input
            id="filter-q"
            type="search"
            name="q"
            dir="auto"
            defaultValue={filter.q}
            maxLength={200}
            aria-describedby="filter-q-hint"
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
        <FilterSelect
          id="filter-org-type"
          name="orgType"
          label="Organisation type"
          value={filter.orgType}
        >
          <option value="">Any organisation</option>
          {ORGANISATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {ORGANISATION_TYPE_LABELS[type]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-owner" name="owner" label="Owner" value={filter.owner}>
          <option value="">Anyone</option>
          <option value="none">Nobody</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.isActive ? owner.displayName : `${owner.displayName} (deactivated)`}
            </option>
          ))}
        </FilterSelect>
        <div>
          <label htmlFor="filter-tag" className="block font-medium">
            Tag
          </label>
          <input
            id="filter-tag"
            name="tag"
            defaultValue={filter.tag}
            maxLength={40}
            className={filterInputClass}
          />
        </div>
        <FilterSelect id="filter-crg" name="crg" label="CRG membership" value={filter.crg}>
          <option value="">Members and others</option>
          <option value="yes">CRG members only</option>
          <option value="review-due">
            CRG members with a review or renewal due (within {CRG_DUTY_NOTICE_DAYS} days or passed)
          </option>
          <option value="no">Not CRG members</option>
        </FilterSelect>
        <FilterSelect id="filter-archived" name="archived" label="Archived" value={filter.archived}>
          <option value="">Current only</option>
          <option value="include">Current and archived</option>
          <option value="only">Archived only</option>
        </FilterSelect>
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <FilterActions
          listPath="/contacts"
          isFiltered={isFiltered}
          className="sm:col-span-2 lg:col-span-4"
        />
      </Form>

      <ExportLink exportPath="/contacts/export" noun="contact" />

      {contacts.length === 0 ? (
        <EmptyList listPath="/contacts" isFiltered={isFiltered} pluralNoun="contacts" />
      ) : (
        // Relative, so the visually hidden (absolutely placed) labels in the table stay inside the
        // scroll box instead of widening the whole page at phone width.
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Contacts matching the filters</caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="p-2" aria-sort={ariaSort("name")}>
                  <SortLink column="name" label="Name" {...sortProps} />
                </th>
                <th scope="col" className="p-2">
                  Organisation
                </th>
                <th scope="col" className="p-2">
                  Community
                </th>
                <th scope="col" className="p-2">
                  Strands
                </th>
                <th scope="col" className="p-2" aria-sort={ariaSort("owner")}>
                  <SortLink column="owner" label="Owner" {...sortProps} />
                </th>
                <th scope="col" className="p-2" aria-sort={ariaSort("updated")}>
                  <SortLink column="updated" label="Last changed" {...sortProps} />
                </th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                      <bdi dir="auto">{contact.name}</bdi>
                    </Link>
                    {contact.latinName && contact.latinName !== contact.name ? (
                      <span className="block text-sm font-normal text-slate-700">
                        <bdi dir="auto">{contact.latinName}</bdi>
                      </span>
                    ) : null}
                    {contact.roleTitle ? (
                      <span className="block text-sm font-normal">{contact.roleTitle}</span>
                    ) : null}
                    {contact.isCrgMember ? (
                      <span className="mt-1 inline-block rounded bg-brand-700 px-2 py-0.5 text-xs font-normal text-white">
                        CRG member
                      </span>
                    ) : null}
                    {contact.archivedAt ? (
                      <span className="ml-2 text-sm font-normal text-slate-700">(archived)</span>
                    ) : null}
                    <CrgDutiesDue duties={contact.crgDutiesDue} />
                    {contact.tags.length ? (
                      <span className="block text-sm font-normal text-slate-700">
                        <span className="sr-only">Tags: </span>
                        {contact.tags.join(", ")}
                      </span>
                    ) : null}
                  </th>
                  <td className="p-2">
                    {contact.organisationName ? (
                      <bdi dir="auto">{contact.organisationName}</bdi>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="p-2">{contact.communityName ?? "—"}</td>
                  <td className="p-2">{contact.strands.map((strand) => strand.name).join(", ")}</td>
                  <td className="p-2">{contact.ownerName ?? "—"}</td>
                  <td className="p-2">{londonDateTime.format(new Date(contact.updatedAt))}</td>
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
