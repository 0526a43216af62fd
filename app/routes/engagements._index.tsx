// The engagements list: filters in the URL, newest first, one page at a time, with a CSV export.
import { mayCreateEngagements } from "~/domain/engagements.server";
import { Notice } from "~/components/forms";
import { ENGAGEMENT_STATUS_LABELS, ENGAGEMENT_TYPE_LABELS } from "~/domain/engagements.schema";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { MarkingLabel } from "~/components/engagement-timeline";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import { ENGAGEMENT_TYPES, PROTECTIVE_MARKINGS } from "~/db/schema";
import { contactCommunityFilterChoices } from "~/domain/contacts.server";
import {
  engagementListFilterSchema,
  engagementListHref,
  isEngagementListFiltered,
} from "~/domain/engagement-lists.schema";
import {
  engagementOfficerFilterChoices,
  listEngagements,
  visibleContactName,
} from "~/domain/engagement-lists.server";
import { formatLondonDateTime } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Engagements · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const db = getDb();
  const submission = parseWithZod(new URL(request.url).searchParams, {
    schema: engagementListFilterSchema,
  });
  const choices = {
    communities: contactCommunityFilterChoices(db, user),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    officers: engagementOfficerFilterChoices(db),
    canCreate: mayCreateEngagements(user),
  };
  if (submission.status !== "success") {
    // No list at all: an unfiltered list under a filter form with errors would mislead.
    return data(
      {
        ...choices,
        filterResult: submission.reply() as SubmissionResult<string[]>,
        list: null,
        isFiltered: true,
        contactFilter: null,
        exportHref: null,
      },
      { status: 400 },
    );
  }
  const filter = submission.value;
  return {
    ...choices,
    filterResult: submission.reply() as SubmissionResult<string[]>,
    list: listEngagements(db, user, filter),
    isFiltered: isEngagementListFiltered(filter),
    contactFilter:
      filter.contact === undefined
        ? null
        : {
            id: filter.contact,
            name: visibleContactName(db, user, filter.contact) ?? `contact #${filter.contact}`,
          },
    exportHref: engagementListHref(filter, "/engagements/export"),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function FilterForm({
  lastResult,
  communities,
  strands,
  officers,
  contactFilter,
  isFiltered,
}: Pick<Loaded, "communities" | "strands" | "officers" | "contactFilter" | "isFiltered"> & {
  lastResult: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: engagementListFilterSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter engagements"
      {...getFormProps(form)}
      className="space-y-4 rounded border border-slate-300 bg-white p-4"
    >
      <FormErrors
        id={form.errorId}
        errors={[
          ...(form.errors ?? []),
          ...(fields.page.errors ?? []),
          ...(fields.contact.errors ?? []),
        ]}
      />
      {contactFilter ? (
        <p>
          Only engagements with <bdi dir="auto">{contactFilter.name}</bdi>.
          <input type="hidden" name="contact" value={contactFilter.id} />
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          meta={fields.community}
          label="Community"
          placeholder="All communities"
          options={communities.map((community) => ({
            value: String(community.id),
            label: community.name,
          }))}
        />
        <SelectField
          meta={fields.strand}
          label="Strand"
          placeholder="All strands"
          options={strands.map((strand) => ({ value: strand.key, label: strand.name }))}
        />
        <SelectField
          meta={fields.type}
          label="Type"
          placeholder="Any type"
          options={ENGAGEMENT_TYPES.map((type) => ({
            value: type,
            label: ENGAGEMENT_TYPE_LABELS[type],
          }))}
        />
        <SelectField
          meta={fields.officer}
          label="Attending officer"
          placeholder="Any officer"
          options={officers.map((officer) => ({
            value: String(officer.id),
            label: officer.isActive ? officer.displayName : `${officer.displayName} (deactivated)`,
          }))}
        />
        <TextField meta={fields.from} label="From" type="date" />
        <TextField meta={fields.to} label="To" type="date" />
        <SelectField
          meta={fields.status}
          label="Planned or held"
          placeholder="Planned and held"
          options={[
            { value: "planned", label: "Planned only" },
            { value: "held", label: "Held only" },
          ]}
        />
        <SelectField
          meta={fields.marking}
          label="Protective marking"
          placeholder="Any marking"
          options={PROTECTIVE_MARKINGS.map((marking) => ({ value: marking, label: marking }))}
        />
      </div>
      <div className="flex flex-wrap items-end gap-4">
        <button
          type="submit"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Apply filters
        </button>
        {isFiltered ? (
          <Link to="/engagements" className="text-brand-700 underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

export default function EngagementsPage() {
  const {
    communities,
    strands,
    officers,
    canCreate,
    filterResult,
    list,
    isFiltered,
    contactFilter,
    exportHref,
  } = useLoaderData<typeof loader>();
  const location = useLocation();
  const wasDeleted = new URLSearchParams(location.search).get("done") === "deleted";
  return (
    <div className="space-y-4">
      {wasDeleted ? <Notice>The engagement was deleted.</Notice> : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Engagements</h1>
        {canCreate ? (
          <div className="flex flex-wrap gap-3">
            <Link
              to="/engagements/new"
              className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            >
              Plan an engagement
            </Link>
            <Link
              to="/engagements/new?status=held"
              className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
            >
              Log a held engagement
            </Link>
          </div>
        ) : null}
      </div>

      {/* Keyed by the URL so going back or following a link shows that URL's filters. */}
      <FilterForm
        key={location.search}
        lastResult={filterResult}
        communities={communities}
        strands={strands}
        officers={officers}
        contactFilter={contactFilter}
        isFiltered={isFiltered}
      />

      {list === null ? (
        <p>Correct the filters above to see engagements.</p>
      ) : (
        <>
          {exportHref ? (
            <p>
              <a href={exportHref} className="text-brand-700 underline">
                Export CSV
              </a>{" "}
              <span className="text-sm text-slate-700">
                (every engagement matching these filters; minutes and outcomes are not included)
              </span>
            </p>
          ) : null}
          {list.engagements.length === 0 ? (
            isFiltered ? (
              <p>
                No engagements match these filters.{" "}
                <Link to="/engagements" className="text-brand-700 underline">
                  Clear filters
                </Link>
              </p>
            ) : (
              <p>No engagements you may see yet.</p>
            )
          ) : (
            // Relative, so visually hidden text stays inside the scroll box at phone width.
            <div className="relative overflow-x-auto">
              <table className="w-full border-collapse bg-white text-left">
                <caption className="sr-only">
                  Engagements matching the filters, newest first
                </caption>
                <thead>
                  <tr className="border-b border-slate-400">
                    <th scope="col" className="p-2">
                      When (London)
                    </th>
                    <th scope="col" className="p-2">
                      Engagement
                    </th>
                    <th scope="col" className="p-2">
                      Planned or held
                    </th>
                    <th scope="col" className="p-2">
                      Communities
                    </th>
                    <th scope="col" className="p-2">
                      Strands
                    </th>
                    <th scope="col" className="p-2">
                      Officers
                    </th>
                    <th scope="col" className="p-2">
                      Contacts
                    </th>
                    <th scope="col" className="p-2">
                      Marking
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.engagements.map((engagement) => {
                    const startsAt = new Date(engagement.startsAt);
                    return (
                      <tr key={engagement.id} className="border-b border-slate-200 align-top">
                        <td className="whitespace-nowrap p-2">
                          <time dateTime={startsAt.toISOString()}>
                            {formatLondonDateTime(startsAt)}
                          </time>
                        </td>
                        <th scope="row" className="p-2 font-medium">
                          <Link
                            to={`/engagements/${engagement.id}`}
                            className="text-brand-700 underline"
                          >
                            <bdi dir="auto">{engagement.title}</bdi>
                          </Link>
                          <span className="block text-sm font-normal">
                            {ENGAGEMENT_TYPE_LABELS[engagement.type]}
                            {engagement.isOnline
                              ? ", online"
                              : engagement.location
                                ? `, ${engagement.location}`
                                : null}
                          </span>
                        </th>
                        <td className="p-2">{ENGAGEMENT_STATUS_LABELS[engagement.status]}</td>
                        <td className="p-2">
                          {engagement.communities.map((community) => community.name).join(", ")}
                        </td>
                        <td className="p-2">
                          {engagement.strands.map((strand) => strand.name).join(", ")}
                        </td>
                        <td className="p-2">
                          {engagement.officers.length
                            ? engagement.officers.map((officer) => officer.displayName).join(", ")
                            : "—"}
                        </td>
                        <td className="p-2">{engagement.contactCount}</td>
                        <td className="p-2">
                          <MarkingLabel marking={engagement.marking} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={list.page}
            pageCount={list.pageCount}
            total={list.total}
            totalIsLowerBound={list.totalIsLowerBound}
          />
        </>
      )}
    </div>
  );
}
