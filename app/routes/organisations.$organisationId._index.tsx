// An organisation's page: its details, community, strands and people; archive or restore it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { EngagementTimeline, TIMELINE_PAGE_PARAM } from "~/components/engagement-timeline";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  ORGANISATION_TYPE_LABELS,
  organisationIdSchema,
  organisationIntentSchema,
} from "~/domain/organisations.schema";
import {
  archiveOrganisation,
  findOrganisationScope,
  getOrganisation,
  restoreOrganisation,
} from "~/domain/organisations.server";
import { timelinePageSchema } from "~/domain/engagement-lists.schema";
import { organisationTimeline } from "~/domain/engagement-lists.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisation"} · CRG Engagement CRM` },
];

const londonDate = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeZone: "Europe/London",
});
const londonDateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "Europe/London",
});

/** An organisation outside the user's scope answers exactly like one that does not exist. */
function authoriseRead(request: Request, rawId: string | undefined) {
  const user = requireUser(request);
  const parsed = organisationIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const organisationId = parsed.data;
  const scope = findOrganisationScope(getDb(), organisationId);
  if (!scope) notFound();
  ensureAllowed(
    user,
    { as: 404, entityType: "organisation", entityId: organisationId },
    "record.read",
    scope,
  );
  return { user, organisationId, scope };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisationId, scope } = authoriseRead(request, params.organisationId);
  const db = getDb();
  const organisation = getOrganisation(db, user, organisationId);
  if (!organisation) notFound();
  const timelinePage = timelinePageSchema.parse(
    new URL(request.url).searchParams.get(TIMELINE_PAGE_PARAM),
  );
  return {
    organisation,
    communityLinked:
      organisation.community !== null &&
      can(user, "community.read", { communityId: organisation.community.id }),
    canEdit: can(user, "record.update", scope),
    canArchive: can(user, "record.archive", scope),
    timeline: organisationTimeline(db, user, organisationId, timelinePage),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisationId, scope } = authoriseRead(request, params.organisationId);
  ensureAllowed(
    user,
    { as: 403, entityType: "organisation", entityId: organisationId },
    "record.archive",
    scope,
  );
  const intent = organisationIntentSchema.safeParse((await readForm(request)).get("intent"));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const result =
    intent.data === "archive"
      ? archiveOrganisation(getDb(), user, organisationId)
      : restoreOrganisation(getDb(), user, organisationId);
  if (!result.ok) {
    return data({ error: result.formError ?? "That could not be done" }, { status: result.status });
  }
  return redirect(
    `/organisations/${organisationId}?done=${intent.data === "archive" ? "archived" : "restored"}`,
  );
}

const DONE_MESSAGES: Record<string, string> = {
  created: "The organisation was added.",
  saved: "The changes were saved.",
  archived: "The organisation was archived. It no longer appears in the lists by default.",
  restored: "The organisation was restored.",
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-4">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

export default function OrganisationPage() {
  const { organisation, communityLinked, canEdit, canArchive, timeline } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  const archived = organisation.archivedAt !== null;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/organisations" className="text-brand-700 underline">
          Organisations
        </Link>
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">
          <bdi>{organisation.name}</bdi>
        </h1>
        {canEdit ? (
          <Link
            to={`/organisations/${organisation.id}/edit`}
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Edit organisation
          </Link>
        ) : null}
      </div>
      {archived ? (
        <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          Archived on {londonDate.format(new Date(organisation.archivedAt!))}. It is kept, but left
          out of the lists unless archived organisations are asked for.
        </p>
      ) : null}

      <Section id="details" title="Details">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Type</dt>
          <dd>{ORGANISATION_TYPE_LABELS[organisation.type]}</dd>
          <dt className="font-medium">Community</dt>
          <dd>
            {organisation.community ? (
              communityLinked ? (
                <Link
                  to={`/communities/${organisation.community.id}`}
                  className="text-brand-700 underline"
                >
                  {organisation.community.name}
                </Link>
              ) : (
                organisation.community.name
              )
            ) : (
              "Not tied to one community"
            )}
          </dd>
          <dt className="font-medium">Strands</dt>
          <dd>
            <ul className="flex flex-wrap gap-2">
              {organisation.strands.map((strand) => (
                <li key={strand.key}>
                  <Link to={`/strands/${strand.key}`} className="text-brand-700 underline">
                    {strand.name}
                  </Link>
                </li>
              ))}
            </ul>
          </dd>
          <dt className="font-medium">Last changed</dt>
          <dd>{londonDateTime.format(new Date(organisation.updatedAt))}</dd>
        </dl>
      </Section>

      <Section id="contact-details" title="Contact details">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Address</dt>
          <dd className="whitespace-pre-line">{organisation.address || "None recorded"}</dd>
          <dt className="font-medium">Phone</dt>
          <dd>
            {organisation.phone ? (
              <a
                href={`tel:${organisation.phone.replace(/\s/g, "")}`}
                className="text-brand-700 underline"
              >
                {organisation.phone}
              </a>
            ) : (
              "None recorded"
            )}
          </dd>
          <dt className="font-medium">Email</dt>
          <dd>
            {organisation.email ? (
              <a href={`mailto:${organisation.email}`} className="text-brand-700 underline">
                {organisation.email}
              </a>
            ) : (
              "None recorded"
            )}
          </dd>
          <dt className="font-medium">Website</dt>
          <dd className="break-all">
            {organisation.website ? (
              // Only http(s) addresses are ever stored, so the link cannot run script.
              <a
                href={organisation.website}
                rel="noopener noreferrer nofollow"
                className="text-brand-700 underline"
              >
                {organisation.website}
              </a>
            ) : (
              "None recorded"
            )}
          </dd>
        </dl>
      </Section>

      <Section id="notes" title="Notes">
        <p className="whitespace-pre-line">{organisation.notes || "None"}</p>
      </Section>

      <Section id="people" title="People">
        {organisation.people.length ? (
          <ul className="space-y-1">
            {organisation.people.map((person) => (
              <li key={person.id}>
                <Link to={`/contacts/${person.id}`} className="text-brand-700 underline">
                  <bdi>{person.name}</bdi>
                </Link>
                {person.latinName && person.latinName !== person.name ? (
                  <span className="text-slate-700">
                    {" "}
                    (<bdi>{person.latinName}</bdi>)
                  </span>
                ) : null}
                {person.roleTitle ? (
                  <span>
                    , <bdi>{person.roleTitle}</bdi>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>No current contacts of this organisation that you can see.</p>
        )}
      </Section>

      <Section id="engagements" title="Engagements">
        <p className="mb-2 text-sm text-slate-700">
          Engagements any of its people attended, newest first.
        </p>
        <EngagementTimeline
          timeline={timeline}
          emptyText="No engagements with its people that you may see."
          logHref={null}
        />
      </Section>

      {canArchive ? (
        <section
          aria-labelledby="archive-heading"
          className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
        >
          <h2 id="archive-heading" className="text-xl font-semibold">
            {archived ? "Restore" : "Archive"}
          </h2>
          <FormErrors id="archive-errors" errors={actionData ? [actionData.error] : undefined} />
          <p>
            {archived
              ? "Restoring brings the organisation back into the lists."
              : "Archiving keeps the organisation and its people, and leaves it out of the lists by default. It can be restored later."}
          </p>
          <Form method="post">
            <SubmitButton name="intent" value={archived ? "restore" : "archive"}>
              {archived ? "Restore organisation" : "Archive organisation"}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
