// A contact's page: who they are, where they belong, how to reach them; archive or restore; admins merge a twin into it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { EngagementTimeline, TIMELINE_PAGE_PARAM } from "~/components/engagement-timeline";
import { FeedbackShortList } from "~/components/feedback-ui";
import { feedbackListHref } from "~/domain/feedback.schema";
import { shortFeedbackList } from "~/domain/feedback-lists.server";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  LAWFUL_BASIS_LABELS,
  VETTING_STATUS_LABELS,
  contactIdSchema,
  contactIntentSchema,
  contactMergeSchema,
} from "~/domain/contacts.schema";
import {
  archiveContact,
  findContactScope,
  getContactForView,
  getMergeCandidate,
  mergeContacts,
  restoreContact,
} from "~/domain/contacts.server";
import { actorOwnScope } from "~/domain/directory-scope.server";
import { engagementListHref, timelinePageSchema } from "~/domain/engagement-lists.schema";
import { contactTimeline } from "~/domain/engagement-lists.server";
import { languageName } from "~/domain/iso-codes";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.contact.latinName || data?.contact.name || "Contact"} · CRG Engagement CRM` },
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
/** Calendar dates (`*On`) are days, not instants: shown as written, with no time zone shift. */
const calendarDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });
function formatDay(isoDate: string | null): string {
  return isoDate ? calendarDate.format(new Date(`${isoDate}T00:00:00Z`)) : "Not recorded";
}

/** A contact outside the user's scope answers exactly like one that does not exist. */
function authoriseRead(request: Request, rawId: string | undefined) {
  const user = requireUser(request);
  const parsed = contactIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const contactId = parsed.data;
  const scope = findContactScope(getDb(), contactId);
  if (!scope) notFound();
  ensureAllowed(
    user,
    { as: 404, entityType: "contact", entityId: contactId },
    "record.read",
    scope,
  );
  return { user, contactId, scope };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, contactId, scope } = authoriseRead(request, params.contactId);
  const db = getDb();
  const contact = getContactForView(db, user, contactId);
  if (!contact) notFound();
  const timelinePage = timelinePageSchema.parse(
    new URL(request.url).searchParams.get(TIMELINE_PAGE_PARAM),
  );
  return {
    contact: {
      ...contact,
      preferredLanguageName: contact.preferredLanguage
        ? (languageName(contact.preferredLanguage) ?? contact.preferredLanguage)
        : null,
    },
    communityLinked:
      contact.community !== null &&
      can(user, "community.read", { communityId: contact.community.id }),
    canEdit: can(user, "record.update", scope),
    canArchive: can(user, "record.archive", scope),
    canMerge: can(user, "contact.merge"),
    canExportSubjectAccess: can(user, "contact.subjectAccess"),
    canErase: can(user, "contact.erase"),
    timeline: contactTimeline(db, user, contactId, timelinePage),
    canLogEngagement: can(user, "record.create", actorOwnScope(user)),
    feedback: shortFeedbackList(db, user, { contact: contactId }),
  };
}

type ActionResult =
  | { intent: "archive" | "restore"; error: string }
  | { intent: "mergePreview"; error: string | null; candidate: MergeCandidate | null };
type MergeCandidate = NonNullable<ReturnType<typeof getMergeCandidate>>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contactId, scope } = authoriseRead(request, params.contactId);
  const formData = await readForm(request);
  const intent = contactIntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const db = getDb();

  if (intent.data === "archive" || intent.data === "restore") {
    ensureAllowed(
      user,
      { as: 403, entityType: "contact", entityId: contactId },
      "record.archive",
      scope,
    );
    const result =
      intent.data === "archive"
        ? archiveContact(db, user, contactId)
        : restoreContact(db, user, contactId);
    if (!result.ok) {
      return data<ActionResult>(
        { intent: intent.data, error: result.formError ?? "That could not be done" },
        { status: result.status },
      );
    }
    return redirect(
      `/contacts/${contactId}?done=${intent.data === "archive" ? "archived" : "restored"}`,
    );
  }

  ensureAllowed(user, { as: 403, entityType: "contact", entityId: contactId }, "contact.merge");
  const merge = contactMergeSchema.safeParse(Object.fromEntries(formData));
  if (!merge.success) {
    return data<ActionResult>(
      {
        intent: "mergePreview",
        error: merge.error.issues[0]?.message ?? "Enter the number of a contact",
        candidate: null,
      },
      { status: 400 },
    );
  }
  const duplicateId = merge.data.duplicateId;
  if (intent.data === "mergePreview") {
    const candidate = getMergeCandidate(db, contactId, duplicateId);
    if (!candidate) {
      return data<ActionResult>(
        {
          intent: "mergePreview",
          error:
            duplicateId === contactId
              ? "That is this contact; enter the number of the other record"
              : "There is no contact with that number",
          candidate: null,
        },
        { status: 400 },
      );
    }
    return data<ActionResult>({ intent: "mergePreview", error: null, candidate });
  }
  const result = mergeContacts(db, user, contactId, duplicateId);
  if (!result.ok) {
    return data<ActionResult>(
      {
        intent: "mergePreview",
        error: result.formError ?? "The contacts could not be merged",
        candidate: null,
      },
      { status: result.status },
    );
  }
  return redirect(`/contacts/${contactId}?done=merged`);
}

const DONE_MESSAGES: Record<string, string> = {
  created: "The contact was added.",
  saved: "The changes were saved.",
  archived: "The contact was archived. It no longer appears in the lists by default.",
  restored: "The contact was restored.",
  merged: "The other record was merged into this contact and removed.",
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

function Details({ children }: { children: ReactNode }) {
  return <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">{children}</dl>;
}

function MergeSection({
  contactId,
  actionData,
}: {
  contactId: number;
  actionData: ActionResult | undefined;
}) {
  const preview = actionData?.intent === "mergePreview" ? actionData : null;
  const candidate = preview?.candidate ?? null;
  return (
    <section
      aria-labelledby="merge-heading"
      className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
    >
      <h2 id="merge-heading" className="text-xl font-semibold">
        Merge another contact into this one
      </h2>
      <p>
        When one person has two records, merge the other into this one: this record keeps its
        details and takes any the other lacks, their strands and tags are combined, and the other
        record is removed. The audit log keeps both.
      </p>
      {candidate ? (
        <div className="space-y-3 rounded border border-amber-700 bg-amber-50 p-4 text-amber-950">
          <h3 className="font-semibold">Check before merging</h3>
          <p>
            Merge contact #{candidate.id}, <bdi dir="auto">{candidate.name}</bdi>
            {candidate.latinName && candidate.latinName !== candidate.name
              ? ` (${candidate.latinName})`
              : null}
            {candidate.communityName ? `, ${candidate.communityName}` : null}
            {candidate.email ? `, ${candidate.email}` : null}
            {candidate.phone ? `, ${candidate.phone}` : null}
            {candidate.archivedAt ? " (archived)" : null}, into this contact? The other record is
            removed; this cannot be undone.
          </p>
          <Form method="post" className="flex flex-wrap items-center gap-4">
            <input type="hidden" name="duplicateId" value={candidate.id} />
            <SubmitButton name="intent" value="mergeConfirm">
              Merge #{candidate.id} into this contact
            </SubmitButton>
            <Link to={`/contacts/${contactId}`} className="text-brand-700 underline">
              Cancel
            </Link>
          </Form>
        </div>
      ) : (
        <Form method="post" className="space-y-3">
          <FormErrors id="merge-errors" errors={preview?.error ? [preview.error] : undefined} />
          <div>
            <label htmlFor="merge-duplicate-id" className="block font-medium">
              Number of the other contact
            </label>
            <p id="merge-duplicate-id-hint" className="text-sm text-slate-600">
              The number at the end of its page address, e.g. 1234 in /contacts/1234
            </p>
            <input
              id="merge-duplicate-id"
              name="duplicateId"
              inputMode="numeric"
              autoComplete="off"
              aria-describedby="merge-duplicate-id-hint"
              aria-invalid={preview?.error ? true : undefined}
              className="mt-1 block w-40 rounded border border-slate-400 bg-white px-3 py-2 text-base"
            />
          </div>
          <SubmitButton name="intent" value="mergePreview">
            Continue
          </SubmitButton>
        </Form>
      )}
    </section>
  );
}

export default function ContactPage() {
  const {
    contact,
    communityLinked,
    canEdit,
    canArchive,
    canMerge,
    canExportSubjectAccess,
    canErase,
    timeline,
    canLogEngagement,
    feedback,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  const archived = contact.archivedAt !== null;
  const archiveError =
    actionData && actionData.intent !== "mergePreview" ? actionData.error : undefined;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/contacts" className="text-brand-700 underline">
          Contacts
        </Link>
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            <span dir="auto" lang={contact.preferredLanguage || undefined}>
              {contact.name}
            </span>
          </h1>
          {contact.latinName && contact.latinName !== contact.name ? (
            <p className="text-lg text-slate-700">
              <span className="sr-only">In Latin letters: </span>
              <bdi dir="auto">{contact.latinName}</bdi>
            </p>
          ) : null}
          {contact.pronouns ? <p className="text-slate-700">Pronouns: {contact.pronouns}</p> : null}
        </div>
        {canEdit ? (
          <Link
            to={`/contacts/${contact.id}/edit`}
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Edit contact
          </Link>
        ) : null}
      </div>
      {archived ? (
        <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          Archived on {londonDate.format(new Date(contact.archivedAt!))}. The record is kept, but
          left out of the lists unless archived contacts are asked for.
        </p>
      ) : null}

      <Section id="who" title="Who they are">
        <Details>
          <dt className="font-medium">Role or title</dt>
          <dd>{contact.roleTitle || "Not recorded"}</dd>
          <dt className="font-medium">Organisation</dt>
          <dd>
            {contact.organisation ? (
              contact.organisation.visible ? (
                <Link
                  to={`/organisations/${contact.organisation.id}`}
                  className="text-brand-700 underline"
                >
                  <bdi dir="auto">{contact.organisation.name}</bdi>
                </Link>
              ) : (
                <bdi dir="auto">{contact.organisation.name}</bdi>
              )
            ) : (
              "None"
            )}
          </dd>
          <dt className="font-medium">Community</dt>
          <dd>
            {contact.community ? (
              communityLinked ? (
                <Link
                  to={`/communities/${contact.community.id}`}
                  className="text-brand-700 underline"
                >
                  {contact.community.name}
                </Link>
              ) : (
                contact.community.name
              )
            ) : (
              "Not tied to one community"
            )}
          </dd>
          <dt className="font-medium">Strands</dt>
          <dd>
            <ul className="flex flex-wrap gap-x-3 gap-y-1">
              {contact.strands.map((strand) => (
                <li key={strand.key}>
                  <Link to={`/strands/${strand.key}`} className="text-brand-700 underline">
                    {strand.name}
                  </Link>
                </li>
              ))}
            </ul>
          </dd>
        </Details>
      </Section>

      <Section id="reach" title="How to reach them">
        <Details>
          <dt className="font-medium">Email</dt>
          <dd className="break-all">
            {contact.email ? (
              <a href={`mailto:${contact.email}`} className="text-brand-700 underline">
                {contact.email}
              </a>
            ) : (
              "Not recorded"
            )}
          </dd>
          <dt className="font-medium">Phone</dt>
          <dd>
            {contact.phone ? (
              <a
                href={`tel:${contact.phone.replace(/\s/g, "")}`}
                className="text-brand-700 underline"
              >
                {contact.phone}
              </a>
            ) : (
              "Not recorded"
            )}
          </dd>
          <dt className="font-medium">Preferred language</dt>
          <dd>
            {contact.preferredLanguageName
              ? `${contact.preferredLanguageName} (${contact.preferredLanguage})`
              : "Not recorded"}
          </dd>
          <dt className="font-medium">Interpreter</dt>
          <dd>{contact.interpreterNeeded ? "Needs an interpreter" : "Not needed"}</dd>
        </Details>
      </Section>

      <Section id="crg" title="CRG membership">
        {contact.isCrgMember ? (
          <Details>
            <dt className="font-medium">Member</dt>
            <dd>Yes, a member of the Community Reference Group</dd>
            <dt className="font-medium">Terms of reference signed</dt>
            <dd>{formatDay(contact.termsOfReferenceSignedOn)}</dd>
            <dt className="font-medium">Vetting</dt>
            <dd>
              {contact.vettingStatus
                ? VETTING_STATUS_LABELS[contact.vettingStatus]
                : "Not recorded"}
              {contact.vettingOn ? `, on ${formatDay(contact.vettingOn)}` : null}
            </dd>
            <dt className="font-medium">Vetting review due</dt>
            <dd>{formatDay(contact.vettingReviewOn)}</dd>
            <dt className="font-medium">Confidentiality agreement signed</dt>
            <dd>{formatDay(contact.confidentialitySignedOn)}</dd>
            <dt className="font-medium">Declared interests</dt>
            <dd className="whitespace-pre-line">{contact.declaredInterests || "None declared"}</dd>
            <dt className="font-medium">Interests declared on</dt>
            <dd>{formatDay(contact.interestsDeclaredOn)}</dd>
          </Details>
        ) : (
          <p>
            Not a member of the Community Reference Group.
            {contact.vettingStatus
              ? ` Vetting: ${VETTING_STATUS_LABELS[contact.vettingStatus]}${contact.vettingOn ? `, on ${formatDay(contact.vettingOn)}` : ""}.`
              : null}
          </p>
        )}
      </Section>

      <Section id="data-protection" title="Data protection">
        <Details>
          <dt className="font-medium">Lawful basis</dt>
          <dd>
            {contact.lawfulBasis
              ? `${LAWFUL_BASIS_LABELS[contact.lawfulBasis]}, recorded on ${formatDay(contact.lawfulBasisRecordedOn)}`
              : "Not recorded"}
          </dd>
        </Details>
        {canExportSubjectAccess ? (
          <p className="mt-3">
            <a
              href={`/contacts/${contact.id}/subject-access`}
              className="text-brand-700 underline"
              download
            >
              Download everything held about this person (subject access, JSON)
            </a>
          </p>
        ) : null}
        {contact.retention ? (
          <p className="mt-3">
            Kept past the retention period until {formatDay(contact.retention.until)}:{" "}
            {contact.retention.reason}{" "}
            <Link to={`/contacts/${contact.id}/retention`} className="text-brand-700 underline">
              Change the decision
            </Link>
          </p>
        ) : null}
        {canErase ? (
          <p className="mt-3">
            {archived ? (
              <Link to={`/contacts/${contact.id}/erase`} className="text-brand-700 underline">
                Erase this person (at their request)…
              </Link>
            ) : (
              "To erase this person at their request, archive the record first."
            )}
          </p>
        ) : null}
      </Section>

      <Section id="relationship" title="Relationship">
        <Details>
          <dt className="font-medium">Key contact</dt>
          <dd>
            {contact.keyContactCadenceDays
              ? `Be in touch every ${contact.keyContactCadenceDays} day${contact.keyContactCadenceDays === 1 ? "" : "s"}`
              : "Not a key contact"}
          </dd>
          <dt className="font-medium">Last engaged</dt>
          <dd>
            {contact.lastEngagedAt
              ? londonDate.format(new Date(contact.lastEngagedAt))
              : "Never (no held engagement recorded)"}
          </dd>
          <dt className="font-medium">Owner</dt>
          <dd>
            {contact.owner
              ? `${contact.owner.displayName}${contact.owner.isActive ? "" : " (deactivated)"}`
              : "Nobody yet"}
          </dd>
          <dt className="font-medium">Tags</dt>
          <dd>
            {contact.tags.length ? (
              <ul className="flex flex-wrap gap-2">
                {contact.tags.map((tag) => (
                  <li key={tag}>
                    <Link
                      to={`/contacts?${new URLSearchParams({ tag })}`}
                      className="rounded bg-slate-100 px-2 py-0.5 text-brand-700 underline"
                    >
                      {tag}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              "None"
            )}
          </dd>
          <dt className="font-medium">Contact number</dt>
          <dd>{contact.id}</dd>
          <dt className="font-medium">Added</dt>
          <dd>{londonDateTime.format(new Date(contact.createdAt))}</dd>
          <dt className="font-medium">Last changed</dt>
          <dd>{londonDateTime.format(new Date(contact.updatedAt))}</dd>
        </Details>
      </Section>

      <Section id="notes" title="Notes">
        <p className="whitespace-pre-line" dir="auto">
          {contact.notes || "None"}
        </p>
      </Section>

      <Section id="engagements" title="Engagement history">
        <EngagementTimeline
          timeline={timeline}
          emptyText="No engagements with this contact that you may see."
          logHref={canLogEngagement ? `/engagements/new?contactId=${contact.id}` : null}
        />
        {timeline.total > 0 ? (
          <p className="mt-2">
            <Link
              to={engagementListHref({ contact: contact.id })}
              className="text-brand-700 underline"
            >
              Filter all {timeline.totalIsLowerBound ? "more than " : ""}
              {timeline.total.toLocaleString("en-GB")} engagements with this contact
            </Link>
          </p>
        ) : null}
      </Section>

      <FeedbackShortList
        items={feedback.items}
        total={feedback.total}
        allHref={feedbackListHref({ contact: contact.id })}
        emptyText="No feedback you may see names this contact."
      />

      {canArchive ? (
        <section
          aria-labelledby="archive-heading"
          className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
        >
          <h2 id="archive-heading" className="text-xl font-semibold">
            {archived ? "Restore" : "Archive"}
          </h2>
          <FormErrors id="archive-errors" errors={archiveError ? [archiveError] : undefined} />
          <p>
            {archived
              ? "Restoring brings the contact back into the lists."
              : "Archiving keeps the record and leaves it out of the lists by default. It can be restored later."}
          </p>
          <Form method="post">
            <SubmitButton name="intent" value={archived ? "restore" : "archive"}>
              {archived ? "Restore contact" : "Archive contact"}
            </SubmitButton>
          </Form>
        </section>
      ) : null}

      {canMerge ? <MergeSection contactId={contact.id} actionData={actionData} /> : null}
    </div>
  );
}
