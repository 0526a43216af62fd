// An engagement's page: its marking first, what and when, who took part, the minutes when the marking allows, and its follow-ups.
import { ActionItemsTable } from "~/components/action-plan-ui";
import { listItemsForEngagement } from "~/domain/action-plans.server";
import { FeedbackShortList } from "~/components/feedback-ui";
import { feedbackListHref } from "~/domain/feedback.schema";
import { shortFeedbackList } from "~/domain/feedback-lists.server";
import { mayRecordFeedback } from "~/domain/feedback.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { Notice, SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  ENGAGEMENT_TYPE_LABELS,
  recordIdParamSchema,
  sentimentLabel,
} from "~/domain/engagements.schema";
import {
  findEngagementAccess,
  getEngagementForView,
  mayChangeFollowUp,
  officerChoices,
} from "~/domain/engagements.server";
import {
  formatCalendarDate,
  formatLondonDateTime,
  londonToday,
  toLondonWallClock,
} from "~/domain/london-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.engagement.title ?? "Engagement"} · CRG Engagement CRM` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const parsed = recordIdParamSchema.safeParse(params.engagementId);
  if (!parsed.success) notFound();
  const engagementId = parsed.data;
  const db = getDb();
  const access = findEngagementAccess(db, engagementId);
  if (!access) notFound();
  ensureAllowed(
    user,
    { as: 404, entityType: "engagement", entityId: engagementId },
    "record.read",
    access,
  );
  const engagement = getEngagementForView(db, user, engagementId);
  if (!engagement) notFound();
  const now = new Date();
  const today = londonToday(now);
  const mayWrite = can(user, "record.update", access);
  const endsAt = new Date(engagement.startsAt.getTime() + engagement.durationMinutes * 60_000);
  return {
    engagement: {
      ...engagement,
      startsAtText: formatLondonDateTime(engagement.startsAt),
      endsAtText:
        toLondonWallClock(endsAt).date === toLondonWallClock(engagement.startsAt).date
          ? toLondonWallClock(endsAt).time
          : formatLondonDateTime(endsAt),
      communities: engagement.communities.map((community) => ({
        ...community,
        linked: can(user, "community.read", { communityId: community.id }),
      })),
      followUps: engagement.followUps.map((followUp) => ({
        ...followUp,
        dueOnText: formatCalendarDate(followUp.dueOn),
        completedOnText: followUp.completedAt ? formatLondonDateTime(followUp.completedAt) : null,
        overdue: followUp.completedAt === null && followUp.dueOn < today,
        mayChange: mayChangeFollowUp(user, followUp.ownerUserId, access),
      })),
    },
    mayEdit: mayWrite,
    mayRecordHeld: mayWrite && engagement.status === "planned",
    mayAddFollowUp: mayWrite,
    followUpOwners: mayWrite ? officerChoices(db) : [],
    currentUserId: user.id,
    mayDelete: can(user, "engagement.delete", access),
    actionItems: listItemsForEngagement(db, user, engagementId, today),
    feedback: shortFeedbackList(db, user, { engagement: engagementId }),
    mayRecordFeedback: mayRecordFeedback(user),
  };
}

const DONE_MESSAGES: Record<string, string> = {
  created: "The engagement was saved.",
  saved: "The changes were saved.",
  held: "The engagement was recorded as held.",
  "follow-up-added": "The follow-up was added.",
  "follow-up-completed": "The follow-up was marked done.",
  "follow-up-reopened": "The follow-up was reopened.",
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

const linkButton =
  "rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100";

const fieldClass = "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base";

/**
 * A follow-up added right here; it posts to the follow-up form's own address, which shows the
 * form again with its errors beside the fields when something is missing.
 */
function AddFollowUpForm({
  engagementId,
  owners,
  defaultOwnerId,
}: {
  engagementId: number;
  owners: readonly { id: number; displayName: string }[];
  defaultOwnerId: number;
}) {
  return (
    <Form
      method="post"
      action={`/engagements/${engagementId}/follow-ups/new`}
      className="mt-4 space-y-3 border-t border-slate-300 pt-4"
      aria-labelledby="add-follow-up-heading"
    >
      <h3 id="add-follow-up-heading" className="font-semibold">
        Add a follow-up
      </h3>
      <div>
        <label htmlFor="follow-up-description" className="block font-medium">
          What to do
        </label>
        <input
          id="follow-up-description"
          name="description"
          required
          maxLength={500}
          className={fieldClass}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="follow-up-owner" className="block font-medium">
            Owner
          </label>
          <select
            id="follow-up-owner"
            name="ownerUserId"
            defaultValue={
              owners.some((owner) => owner.id === defaultOwnerId) ? String(defaultOwnerId) : ""
            }
            className={fieldClass}
          >
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.displayName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="follow-up-due" className="block font-medium">
            Due on
          </label>
          <input id="follow-up-due" name="dueOn" type="date" required className={fieldClass} />
        </div>
      </div>
      <SubmitButton>Add follow-up</SubmitButton>
    </Form>
  );
}

export default function EngagementPage() {
  const {
    engagement,
    mayEdit,
    mayRecordHeld,
    mayAddFollowUp,
    mayDelete,
    followUpOwners,
    currentUserId,
    actionItems,
    feedback,
    mayRecordFeedback,
  } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  const sensitive = engagement.marking === "OFFICIAL-SENSITIVE";
  return (
    <div className="space-y-6">
      <p
        className={`inline-block rounded border-2 px-3 py-1 font-bold tracking-wide ${
          sensitive ? "border-red-800 text-red-900" : "border-slate-700 text-slate-900"
        }`}
      >
        <span className="sr-only">Protective marking: </span>
        {engagement.marking}
      </p>
      <p>
        <Link to="/engagements" className="text-brand-700 underline">
          Engagements
        </Link>
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            <bdi dir="auto">{engagement.title}</bdi>
          </h1>
          <p className="text-lg text-slate-700">
            {ENGAGEMENT_TYPE_LABELS[engagement.type]} ·{" "}
            {engagement.status === "held" ? "Held" : "Planned"}
          </p>
        </div>
        <div className="flex flex-wrap gap-3">
          {mayRecordHeld ? (
            <Link to={`/engagements/${engagement.id}/held`} className={linkButton}>
              Record as held
            </Link>
          ) : null}
          {mayEdit ? (
            <Link to={`/engagements/${engagement.id}/edit`} className={linkButton}>
              Edit engagement
            </Link>
          ) : null}
          {mayDelete ? (
            <Link to={`/engagements/${engagement.id}/delete`} className={linkButton}>
              Delete engagement
            </Link>
          ) : null}
        </div>
      </div>

      <Section id="when" title="When and where">
        <Details>
          <dt className="font-medium">Starts</dt>
          <dd>
            {engagement.startsAtText} <span className="text-slate-700">(London time)</span>
          </dd>
          <dt className="font-medium">Duration</dt>
          <dd>
            {engagement.durationMinutes} minutes, until {engagement.endsAtText}
          </dd>
          <dt className="font-medium">Place</dt>
          <dd>
            {engagement.location ? <bdi dir="auto">{engagement.location}</bdi> : null}
            {engagement.location && engagement.isOnline ? " · " : null}
            {engagement.isOnline ? "Online" : null}
            {!engagement.location && !engagement.isOnline ? "Not recorded" : null}
          </dd>
          <dt className="font-medium">Communities</dt>
          <dd>
            <ul className="flex flex-wrap gap-x-4">
              {engagement.communities.map((community) => (
                <li key={community.id}>
                  {community.linked ? (
                    <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
                      {community.name}
                    </Link>
                  ) : (
                    community.name
                  )}
                </li>
              ))}
            </ul>
          </dd>
          <dt className="font-medium">Strands</dt>
          <dd>{engagement.strands.map((strand) => strand.name).join(", ")}</dd>
        </Details>
      </Section>

      <Section id="who" title="Who took part">
        <h3 className="font-medium">Contacts</h3>
        {engagement.attendees.length ? (
          <ul className="list-disc pl-5">
            {engagement.attendees.map((contact) => (
              <li key={contact.id}>
                <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                  <bdi dir="auto">{contact.name}</bdi>
                </Link>
                {contact.latinName && contact.latinName !== contact.name ? (
                  <>
                    {" "}
                    (<bdi dir="auto">{contact.latinName}</bdi>)
                  </>
                ) : null}
                {contact.communityName ? `, ${contact.communityName}` : null}
              </li>
            ))}
          </ul>
        ) : engagement.hiddenAttendeeCount === 0 ? (
          <p>No contacts recorded.</p>
        ) : null}
        {engagement.hiddenAttendeeCount > 0 ? (
          <p className="text-slate-700">
            {engagement.hiddenAttendeeCount === 1
              ? "1 more contact attended"
              : `${engagement.hiddenAttendeeCount} more contacts attended`}{" "}
            whose records are outside your communities and strands.
          </p>
        ) : null}
        <h3 className="mt-3 font-medium">Officers</h3>
        {engagement.officers.length ? (
          <ul className="list-disc pl-5">
            {engagement.officers.map((officer) => (
              <li key={officer.id}>{officer.displayName}</li>
            ))}
          </ul>
        ) : (
          <p>No officers recorded.</p>
        )}
      </Section>

      <Section id="record" title="Purpose and record">
        <Details>
          <dt className="font-medium">Purpose</dt>
          <dd className="whitespace-pre-line">{engagement.purpose || "Not recorded"}</dd>
          <dt className="font-medium">Sentiment</dt>
          <dd>{sentimentLabel(engagement.sentiment)}</dd>
          {engagement.minutesWithheld ? null : (
            <>
              <dt className="font-medium">Minutes</dt>
              <dd className="whitespace-pre-line">{engagement.minutes || "Not recorded"}</dd>
              <dt className="font-medium">Outcomes</dt>
              <dd className="whitespace-pre-line">{engagement.outcomes || "Not recorded"}</dd>
            </>
          )}
        </Details>
        {engagement.minutesWithheld ? (
          <p className="mt-3 rounded border border-slate-400 bg-slate-50 p-3">
            The minutes and outcomes are withheld: this engagement is marked OFFICIAL-SENSITIVE, and
            they are shown only to its attending officers, the leads of its strands and admins.
          </p>
        ) : null}
      </Section>

      <Section id="follow-ups" title="Follow-ups">
        {engagement.followUps.length ? (
          <ul className="space-y-3">
            {engagement.followUps.map((followUp) => (
              <li key={followUp.id} className="rounded border border-slate-300 p-3">
                <p className="whitespace-pre-line">{followUp.description}</p>
                <p className="text-slate-700">
                  Owner: {followUp.ownerName} · Due {followUp.dueOnText}
                  {followUp.completedOnText ? ` · Done ${followUp.completedOnText}` : null}
                  {followUp.overdue ? (
                    <>
                      {" · "}
                      <strong className="text-red-900">Overdue</strong>
                    </>
                  ) : null}
                  {followUp.completedAt === null && !followUp.overdue ? " · Open" : null}
                </p>
                {followUp.mayChange ? (
                  <Form
                    method="post"
                    action={`/engagements/${engagement.id}/follow-ups/${followUp.id}`}
                    className="mt-2"
                  >
                    {followUp.completedAt === null ? (
                      <SubmitButton name="intent" value="complete">
                        Mark done<span className="sr-only">: {followUp.description}</span>
                      </SubmitButton>
                    ) : (
                      <SubmitButton name="intent" value="reopen">
                        Reopen<span className="sr-only">: {followUp.description}</span>
                      </SubmitButton>
                    )}
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>No follow-ups.</p>
        )}
        {mayAddFollowUp ? (
          <AddFollowUpForm
            engagementId={engagement.id}
            owners={followUpOwners}
            defaultOwnerId={currentUserId}
          />
        ) : null}
      </Section>

      <Section id="action-items" title="Action-plan items">
        {actionItems.length === 0 ? (
          <p>No action-plan item you may see is linked to this engagement.</p>
        ) : (
          <ActionItemsTable
            caption="Action-plan items linked to this engagement"
            items={actionItems}
            showCommunity
            showStrand
          />
        )}
      </Section>

      <FeedbackShortList
        items={feedback.items}
        total={feedback.total}
        allHref={feedbackListHref({ engagement: engagement.id })}
        recordHref={mayRecordFeedback ? `/feedback/new?engagementId=${engagement.id}` : null}
        emptyText="No feedback you may see was recorded from this engagement."
      />
    </div>
  );
}
