// The audit log: admins see who did what and when, filtered by the URL, newest first.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { AUDIT_ACTIONS } from "~/db/schema";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_FILTER_FIELDS,
  auditFilterSchema,
  type AuditFilterInput,
} from "~/domain/audit.schema";
import { listAuditActors, listAuditEntityTypes, listAuditEvents } from "~/domain/audit.server";

export const meta: MetaFunction = () => [{ title: "Audit log · CRG Engagement CRM" }];

const londonTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (Array.isArray(value)) return value.length ? value.map(describeValue).join(", ") : "(empty)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function describeChanges(changes: Record<string, [unknown, unknown]> | null): string[] {
  if (!changes) return [];
  return Object.entries(changes).map(
    ([field, [oldValue, newValue]]) =>
      `${field}: ${describeValue(oldValue)} → ${describeValue(newValue)}`,
  );
}

function auditLogHref(filter: AuditFilterInput, before?: number): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined && value !== "") params.set(field, String(value));
  }
  if (before !== undefined) params.set("before", String(before));
  const query = params.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "audit_event" }, "admin.area");
  const db = getDb();
  const submission = parseWithZod(new URL(request.url).searchParams, {
    schema: auditFilterSchema,
  });
  const choices = { actors: listAuditActors(db), entityTypes: listAuditEntityTypes(db) };
  if (submission.status !== "success") {
    // No list at all: an unfiltered list under a filter form with errors would mislead.
    return data(
      {
        ...choices,
        filterResult: submission.reply() as SubmissionResult<string[]>,
        events: null,
        olderEventsHref: null,
        newestEventsHref: null,
      },
      { status: 400 },
    );
  }
  const filter = submission.value;
  const page = listAuditEvents(db, filter);
  return {
    ...choices,
    filterResult: submission.reply() as SubmissionResult<string[]>,
    events: page.events.map((event) => ({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      occurredAtLondon: londonTime.format(event.occurredAt),
      actorEmail: event.actorEmail,
      actorUserId: event.actorUserId,
      action: AUDIT_ACTION_LABELS[event.action],
      entityType: event.entityType,
      entityId: event.entityId,
      changes: describeChanges(event.changes),
      detail: event.detail,
    })),
    olderEventsHref: page.nextBefore === null ? null : auditLogHref(filter, page.nextBefore),
    newestEventsHref: filter.before === undefined ? null : auditLogHref(filter),
  };
}

export default function AuditLogPage() {
  const { actors, entityTypes, filterResult, events, olderEventsHref, newestEventsHref } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {/* Keyed by the URL so going back or following a link shows that URL's filters. */}
      <AuditFilterForm
        key={location.search}
        lastResult={filterResult}
        actors={actors}
        entityTypes={entityTypes}
      />
      <section aria-labelledby="events-heading" className="space-y-3">
        <h2 id="events-heading" className="text-xl font-semibold">
          Events
        </h2>
        {events === null ? (
          <p>Correct the filters above to see events.</p>
        ) : events.length === 0 ? (
          <p>No events match these filters.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-left text-sm">
              <caption className="sr-only">Audit events, newest first</caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="p-2">
                    Time (London)
                  </th>
                  <th scope="col" className="p-2">
                    Actor
                  </th>
                  <th scope="col" className="p-2">
                    Action
                  </th>
                  <th scope="col" className="p-2">
                    Entity
                  </th>
                  <th scope="col" className="p-2">
                    Changed fields
                  </th>
                  <th scope="col" className="p-2">
                    Detail
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="whitespace-nowrap p-2 font-normal">
                      <time dateTime={event.occurredAt}>{event.occurredAtLondon}</time>
                    </th>
                    <td className="break-all p-2">
                      {event.actorEmail ??
                        (event.actorUserId === null
                          ? "No signed-in user"
                          : `#${event.actorUserId}`)}
                    </td>
                    <td className="p-2">{event.action}</td>
                    <td className="p-2">
                      {event.entityType}
                      {event.entityId !== null ? ` ${event.entityId}` : null}
                    </td>
                    <td className="break-words p-2">
                      {event.changes.length ? (
                        <ul>
                          {event.changes.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="break-words p-2">{event.detail ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {olderEventsHref || newestEventsHref ? (
          <nav aria-label="Pages" className="flex flex-wrap gap-4">
            {newestEventsHref ? (
              <Link to={newestEventsHref} className="text-brand-700 underline">
                Newest events
              </Link>
            ) : null}
            {olderEventsHref ? (
              <Link to={olderEventsHref} className="text-brand-700 underline" rel="next">
                Older events
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

function AuditFilterForm({
  lastResult,
  actors,
  entityTypes,
}: {
  lastResult: SubmissionResult<string[]>;
  actors: { id: number; email: string; displayName: string }[];
  entityTypes: string[];
}) {
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: auditFilterSchema }),
    shouldValidate: "onSubmit",
  });
  const chosenType = fields.entityType.initialValue;
  // A type typed into the URL but not (yet) in the log still shows as chosen.
  const typeOptions =
    typeof chosenType === "string" && chosenType !== "" && !entityTypes.includes(chosenType)
      ? [...entityTypes, chosenType]
      : entityTypes;
  return (
    <section aria-labelledby="filter-heading">
      <h2 id="filter-heading" className="text-xl font-semibold">
        Filter
      </h2>
      <Form method="get" {...getFormProps(form)} className="mt-3 space-y-4">
        <FormErrors
          id={form.errorId}
          errors={[...(form.errors ?? []), ...(fields.before.errors ?? [])]}
        />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <SelectField
            meta={fields.action}
            label="Action"
            placeholder="Any action"
            options={AUDIT_ACTIONS.map((action) => ({
              value: action,
              label: AUDIT_ACTION_LABELS[action],
            }))}
          />
          <SelectField
            meta={fields.entityType}
            label="Entity type"
            placeholder="Any type"
            options={typeOptions.map((type) => ({ value: type, label: type }))}
          />
          <TextField meta={fields.entityId} label="Entity id" />
          <SelectField
            meta={fields.actorUserId}
            label="Actor"
            placeholder="Anyone"
            options={actors.map((actor) => ({
              value: String(actor.id),
              label: `${actor.email} (${actor.displayName})`,
            }))}
          />
          <TextField meta={fields.fromOn} label="From" type="date" />
          <TextField meta={fields.toOn} label="To" type="date" />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>Show events</SubmitButton>
          <Link to="/admin/audit" className="text-brand-700 underline">
            Clear filters
          </Link>
        </div>
      </Form>
    </section>
  );
}
