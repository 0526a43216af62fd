// A community's page: its details, officers, and the people and organisations the user may see in it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { EngagementTimeline, TIMELINE_PAGE_PARAM } from "~/components/engagement-timeline";
import { Notice } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { COMMUNITY_STATUS_LABELS, communityIdSchema } from "~/domain/communities.schema";
import { getCommunity, listLiaisonOfficers } from "~/domain/communities.server";
import { listContacts } from "~/domain/contacts.server";
import { engagementListHref, timelinePageSchema } from "~/domain/engagement-lists.schema";
import { FeedbackShortList } from "~/components/feedback-ui";
import { feedbackListHref } from "~/domain/feedback.schema";
import { shortFeedbackList } from "~/domain/feedback-lists.server";
import { communityTimeline } from "~/domain/engagement-lists.server";
import { listOrganisations } from "~/domain/organisations.server";
import { ORGANISATION_TYPE_LABELS } from "~/domain/organisations.schema";
import { countryName, languageName } from "~/domain/iso-codes";
import { formatIndicatorValue } from "~/domain/indicator-change";
import { latestCommunityReadings } from "~/domain/indicators.server";
import { quarterLabel, type Quarter } from "~/domain/quarters";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.community.name ?? "Community"} · CRG Engagement CRM` },
];

const londonDate = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeZone: "Europe/London",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const parsed = communityIdSchema.safeParse(params.communityId);
  if (!parsed.success) notFound();
  const communityId = parsed.data;
  ensureAllowed(
    user,
    { as: 404, entityType: "community", entityId: communityId },
    "community.read",
    { communityId },
  );
  const db = getDb();
  const community = getCommunity(db, user, communityId);
  if (!community) notFound();
  return {
    community: {
      ...community,
      countryName: countryName(community.countryCode) ?? community.countryCode,
      languageNames: community.languages.map((code) => ({
        code,
        name: languageName(code) ?? code,
      })),
    },
    liaisonOfficers: listLiaisonOfficers(db, communityId),
    // The first page of each list, through the same scoped queries as the full lists.
    contacts: listContacts(db, user, { community: communityId, page: 1 }),
    organisations: listOrganisations(db, user, { community: communityId, page: 1 }),
    canManage: can(user, "community.manage"),
    timeline: communityTimeline(
      db,
      user,
      communityId,
      timelinePageSchema.parse(new URL(request.url).searchParams.get(TIMELINE_PAGE_PARAM)),
    ),
    canLogEngagement: can(user, "record.create", {
      communityIds: [communityId],
      strandKeys: user.strandKeys,
    }),
    feedback: shortFeedbackList(db, user, { community: communityId }),
    latestReadings: latestCommunityReadings(db, communityId),
    canRecordReadings: can(user, "indicator.record", { communityId }),
  };
}

const DONE_MESSAGES: Record<string, string> = {
  created: "The community was added.",
  saved: "The changes were saved.",
  archived: "The community was archived. Its records are kept.",
  restored: "The community is active again.",
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

export default function CommunityPage() {
  const {
    community,
    liaisonOfficers,
    canManage,
    contacts,
    organisations,
    timeline,
    canLogEngagement,
    feedback,
    latestReadings,
    canRecordReadings,
  } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const done = DONE_MESSAGES[searchParams.get("done") ?? ""];
  return (
    <div className="space-y-6">
      <p>
        <Link to="/communities" className="text-brand-700 underline">
          Communities
        </Link>
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{community.name}</h1>
        {canManage ? (
          <Link
            to={`/communities/${community.id}/edit`}
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Edit community
          </Link>
        ) : null}
      </div>
      {community.archivedAt ? (
        <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          Archived on {londonDate.format(new Date(community.archivedAt))}. It no longer counts
          towards the twelve active communities; its records are kept.
        </p>
      ) : null}

      <Section id="details" title="Details">
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Source country</dt>
          <dd>
            {community.countryName} ({community.countryCode})
          </dd>
          <dt className="font-medium">Languages</dt>
          <dd>
            {community.languageNames.length
              ? community.languageNames
                  .map((language) => `${language.name} (${language.code})`)
                  .join(", ")
              : "None recorded"}
          </dd>
          <dt className="font-medium">Status</dt>
          <dd>{COMMUNITY_STATUS_LABELS[community.status]}</dd>
          <dt className="font-medium">Lead officer</dt>
          <dd>
            {community.leadOfficer
              ? `${community.leadOfficer.displayName}${community.leadOfficer.isActive ? "" : " (deactivated)"}`
              : "None yet"}
          </dd>
          <dt className="font-medium">Notes</dt>
          <dd className="whitespace-pre-line">{community.notes || "None"}</dd>
        </dl>
      </Section>

      <Section id="liaison-officers" title="Liaison officers">
        {liaisonOfficers.length ? (
          <ul className="list-disc pl-5">
            {liaisonOfficers.map((officer) => (
              <li key={officer.id}>
                {officer.displayName}{" "}
                <a href={`mailto:${officer.email}`} className="text-brand-700 underline">
                  {officer.email}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>No liaison officer is assigned to this community yet.</p>
        )}
      </Section>

      <Section id="contacts" title="Contacts">
        {contacts.total === 0 ? (
          <p>No contacts of this community that you may see.</p>
        ) : (
          <>
            <ul className="grid gap-1 sm:grid-cols-2">
              {contacts.contacts.map((contact) => (
                <li key={contact.id}>
                  <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                    <bdi>{contact.name}</bdi>
                  </Link>
                  {contact.latinName ? (
                    <span className="text-slate-700"> ({contact.latinName})</span>
                  ) : null}
                  {contact.roleTitle ? (
                    <span className="text-sm text-slate-700"> · {contact.roleTitle}</span>
                  ) : null}
                </li>
              ))}
            </ul>
            <p className="mt-2">
              <Link to={`/contacts?community=${community.id}`} className="text-brand-700 underline">
                All {contacts.totalIsLowerBound ? "more than " : ""}
                {contacts.total.toLocaleString("en-GB")} contacts of this community
              </Link>
            </p>
          </>
        )}
      </Section>

      <Section id="organisations" title="Organisations">
        {organisations.total === 0 ? (
          <p>No organisations of this community that you may see.</p>
        ) : (
          <>
            <ul className="grid gap-1 sm:grid-cols-2">
              {organisations.organisations.map((organisation) => (
                <li key={organisation.id}>
                  <Link
                    to={`/organisations/${organisation.id}`}
                    className="text-brand-700 underline"
                  >
                    <bdi>{organisation.name}</bdi>
                  </Link>
                  <span className="text-sm text-slate-700">
                    {" "}
                    · {ORGANISATION_TYPE_LABELS[organisation.type]}
                  </span>
                </li>
              ))}
            </ul>
            <p className="mt-2">
              <Link
                to={`/organisations?community=${community.id}`}
                className="text-brand-700 underline"
              >
                All {organisations.totalIsLowerBound ? "more than " : ""}
                {organisations.total.toLocaleString("en-GB")} organisations of this community
              </Link>
            </p>
          </>
        )}
      </Section>

      <Section id="engagements" title="Engagements">
        <EngagementTimeline
          timeline={timeline}
          emptyText="No engagements of this community that you may see."
          logHref={
            canLogEngagement && !community.archivedAt
              ? `/engagements/new?communityId=${community.id}`
              : null
          }
        />
        {timeline.total > 0 ? (
          <p className="mt-2">
            <Link
              to={engagementListHref({ community: community.id })}
              className="text-brand-700 underline"
            >
              Filter all {timeline.totalIsLowerBound ? "more than " : ""}
              {timeline.total.toLocaleString("en-GB")} engagements of this community
            </Link>
          </p>
        ) : null}
      </Section>

      <Section id="action-plan" title="Action plan">
        <p>
          <Link to={`/action-plans/${community.id}`} className="text-brand-700 underline">
            {community.name}&apos;s action plan
          </Link>{" "}
          (status: {COMMUNITY_STATUS_LABELS[community.status]})
        </p>
      </Section>

      <FeedbackShortList
        items={feedback.items}
        total={feedback.total}
        allHref={feedbackListHref({ community: community.id })}
        emptyText="No feedback from this community that you may see."
      />

      <Section id="indicators" title="Trust and confidence">
        {latestReadings.length === 0 ? (
          <p>No soft indicators are defined yet.</p>
        ) : (
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            {latestReadings.map((reading) => (
              <div key={reading.indicatorId} className="contents">
                <dt className="font-medium">
                  <bdi dir="auto">{reading.name}</bdi>
                </dt>
                <dd>
                  {reading.value === null || reading.quarter === null
                    ? "No reading yet"
                    : `${formatIndicatorValue(reading.value, "scale")} of ${reading.scaleMax} (${quarterLabel(reading.quarter as Quarter)})`}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p className="mt-2 flex flex-wrap gap-x-4">
          <Link to={`/communities/${community.id}/indicators`} className="text-brand-700 underline">
            {canRecordReadings && !community.archivedAt ? "Record readings" : "Readings by quarter"}
          </Link>
          <Link to={`/indicators?community=${community.id}`} className="text-brand-700 underline">
            Trends on the indicators dashboard
          </Link>
        </p>
      </Section>

      <Section id="you-said-we-did" title="You said, we did">
        <p>
          <Link
            to={`/communities/${community.id}/you-said-we-did`}
            className="text-brand-700 underline"
          >
            What {community.name} told us and what we did
          </Link>{" "}
          (shareable feedback only, without names; printable).
        </p>
      </Section>
    </div>
  );
}
