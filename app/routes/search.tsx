// The header search: contacts and organisations the user may see that match, with links into the filtered lists.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { SEARCH_RESULT_LIMIT, searchContacts } from "~/domain/contacts.server";
import {
  ORGANISATION_TYPE_LABELS,
  parseOrganisationListFilter,
} from "~/domain/organisations.schema";
import { listOrganisations } from "~/domain/organisations.server";
import { searchMatchExpression } from "~/domain/search-text";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.query ? `Search: ${data.query}` : "Search"} · CRG Engagement CRM` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  if (searchMatchExpression(query) === null) {
    return { query, searched: false as const };
  }
  const db = getDb();
  const contactResults = searchContacts(db, user, query);
  // The organisations list answers the same question with the same scope, so "see all" agrees.
  const organisationPage = listOrganisations(
    db,
    user,
    parseOrganisationListFilter(new URLSearchParams({ q: query })),
  );
  return {
    query,
    searched: true as const,
    contacts: contactResults.contacts,
    contactTotal: contactResults.total,
    contactTotalIsLowerBound: contactResults.totalIsLowerBound,
    organisations: organisationPage.organisations
      .slice(0, SEARCH_RESULT_LIMIT)
      .map((organisation) => ({
        id: organisation.id,
        name: organisation.name,
        type: organisation.type,
        communityName: organisation.communityName,
      })),
    organisationTotal: organisationPage.total,
    organisationTotalIsLowerBound: organisationPage.totalIsLowerBound,
  };
}

/** "57", or "more than 2,000" when the count stopped at the list's limit. */
function countText(total: number, isLowerBound = false): string {
  return `${isLowerBound ? "more than " : ""}${total.toLocaleString("en-GB")}`;
}

function SeeAll({
  to,
  shown,
  total,
  totalIsLowerBound = false,
  noun,
}: {
  to: string;
  shown: number;
  total: number;
  totalIsLowerBound?: boolean;
  noun: string;
}) {
  if (total === 0) return null;
  let text = `Open these ${noun} in the list`;
  if (totalIsLowerBound) text = `See the ${countText(total, true)} ${noun} in the list`;
  else if (total > shown) text = `See all ${countText(total)} ${noun}`;
  return (
    <p className="mt-3">
      <Link to={to} className="text-brand-700 underline">
        {text}
      </Link>
    </p>
  );
}

export default function SearchPage() {
  const result = useLoaderData<typeof loader>();
  const listQuery = new URLSearchParams({ q: result.query }).toString();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Search</h1>
      <Form
        method="get"
        role="search"
        aria-label="Search the directory"
        className="flex max-w-xl flex-wrap items-end gap-2"
      >
        <div className="min-w-0 flex-1">
          <label htmlFor="search-q" className="block font-medium">
            Names in any script, organisations, email, phone, tags or notes
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            dir="auto"
            defaultValue={result.query}
            maxLength={200}
            className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
          />
        </div>
        <button
          type="submit"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Search
        </button>
      </Form>

      {!result.searched ? (
        <p>Type a name, an organisation, an email address, a phone number or a tag.</p>
      ) : (
        <>
          <section
            aria-labelledby="contacts-heading"
            className="rounded border border-slate-300 bg-white p-4"
          >
            <h2 id="contacts-heading" className="text-xl font-semibold">
              Contacts ({countText(result.contactTotal, result.contactTotalIsLowerBound)})
            </h2>
            {result.contacts.length ? (
              <ul className="mt-2 space-y-2">
                {result.contacts.map((contact) => (
                  <li key={contact.id}>
                    <Link
                      to={`/contacts/${contact.id}`}
                      className="font-medium text-brand-700 underline"
                    >
                      <bdi dir="auto">{contact.name}</bdi>
                    </Link>
                    {contact.latinName && contact.latinName !== contact.name ? (
                      <span className="text-slate-700">
                        {" "}
                        (<bdi dir="auto">{contact.latinName}</bdi>)
                      </span>
                    ) : null}
                    <span className="block text-sm text-slate-700">
                      {[contact.roleTitle, contact.organisationName, contact.communityName]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2">No contacts you can see match “{result.query}”.</p>
            )}
            <SeeAll
              to={`/contacts?${listQuery}`}
              shown={result.contacts.length}
              total={result.contactTotal}
              totalIsLowerBound={result.contactTotalIsLowerBound}
              noun="contacts"
            />
          </section>

          <section
            aria-labelledby="organisations-heading"
            className="rounded border border-slate-300 bg-white p-4"
          >
            <h2 id="organisations-heading" className="text-xl font-semibold">
              {`Organisations (${countText(result.organisationTotal, result.organisationTotalIsLowerBound)})`}
            </h2>
            {result.organisations.length ? (
              <ul className="mt-2 space-y-2">
                {result.organisations.map((organisation) => (
                  <li key={organisation.id}>
                    <Link
                      to={`/organisations/${organisation.id}`}
                      className="font-medium text-brand-700 underline"
                    >
                      <bdi dir="auto">{organisation.name}</bdi>
                    </Link>
                    <span className="block text-sm text-slate-700">
                      {[ORGANISATION_TYPE_LABELS[organisation.type], organisation.communityName]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-2">No organisations you can see match “{result.query}”.</p>
            )}
            <SeeAll
              to={`/organisations?${listQuery}`}
              shown={result.organisations.length}
              total={result.organisationTotal}
              totalIsLowerBound={result.organisationTotalIsLowerBound}
              noun="organisations"
            />
          </section>
        </>
      )}
    </div>
  );
}
