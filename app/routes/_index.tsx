// Home: what the signed-in user works on, by role: an officer's upcoming engagements, follow-ups,
// contacts due for contact, feedback awaiting a response and CRG vetting reviews falling due;
// steering's way to the dashboard; the communities and strands.
import { ENGAGEMENT_TYPE_LABELS } from "~/domain/engagements.schema";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import type { Actor } from "~/auth/policy";
import { CrgDutiesDue } from "~/components/crg-duties-due";
import { MarkingLabel } from "~/components/engagement-timeline";
import { getDb, type Db } from "~/db/client.server";
import { listCommunities } from "~/domain/communities.server";
import { engagementListHref } from "~/domain/engagement-lists.schema";
import {
  contactsDueForContact,
  followUpsDueFor,
  upcomingEngagementsFor,
} from "~/domain/engagement-lists.server";
import {
  dueInDaysText,
  formatCalendarDate,
  formatLondonDateTime,
  londonToday,
} from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";
import { CRG_DUTY_NOTICE_DAYS } from "~/domain/contacts.schema";
import { crgDutiesDue } from "~/domain/contacts.server";
import { feedbackAwaitingResponse } from "~/domain/feedback-lists.server";
import { FeedbackAwaitingResponse } from "~/components/feedback-ui";
import { roleLabel } from "~/components/site-header";

function myWork(db: Db, user: Actor, now: Date) {
  // Steering members neither attend as officers nor own contacts; their home is the dashboard.
  if (user.role === "steering") return null;
  const work = {
    upcoming: upcomingEngagementsFor(db, user, now),
    followUps: followUpsDueFor(db, user, now),
    dueContacts: contactsDueForContact(db, user, now),
    feedback: feedbackAwaitingResponse(db, user, now),
    crgDuties: crgDutiesDue(db, user, now),
    upcomingHref: engagementListHref({
      officer: user.id,
      status: "planned",
      from: londonToday(now),
    }),
  };
  const empty =
    work.upcoming.total === 0 &&
    work.followUps.total === 0 &&
    work.dueContacts.total === 0 &&
    work.feedback.total === 0 &&
    work.crgDuties.total === 0;
  // An admin who attends nothing and owns nothing has no "my work" to show.
  return user.role === "admin" && empty ? null : work;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const db = getDb();
  const communities = listCommunities(db, user);
  const strands = listStrands(db).filter(
    (strand) => user.role !== "strand_lead" || user.strandKeys.includes(strand.key),
  );
  return { user, communities, strands, work: myWork(db, user, new Date()) };
}

function MoreCount({ shown, total, href }: { shown: number; total: number; href?: string }) {
  if (total <= shown) return null;
  const text = `and ${total - shown} more`;
  return (
    <p className="mt-2 text-sm">
      {href ? (
        <Link to={href} className="text-brand-700 underline">
          {text}
        </Link>
      ) : (
        text
      )}
    </p>
  );
}

type Work = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["work"]>;

function MyWork({ work, userId }: { work: Work; userId: number }) {
  const { upcoming, followUps, dueContacts, crgDuties } = work;
  return (
    <section aria-labelledby="my-work-heading" className="space-y-4">
      <h2 id="my-work-heading" className="text-xl font-semibold">
        My work
      </h2>
      <div className="grid gap-4 lg:grid-cols-3">
        <section
          aria-labelledby="upcoming-heading"
          className="rounded border border-slate-300 bg-white p-4"
        >
          <h3 id="upcoming-heading" className="text-lg font-semibold">
            My upcoming engagements
          </h3>
          {upcoming.total === 0 ? (
            <p className="mt-2">No planned engagements with you attending.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {upcoming.engagements.map((engagement) => (
                <li key={engagement.id}>
                  <time
                    dateTime={new Date(engagement.startsAt).toISOString()}
                    className="block text-sm text-slate-700"
                  >
                    {formatLondonDateTime(new Date(engagement.startsAt))}
                  </time>
                  <Link
                    to={`/engagements/${engagement.id}`}
                    className="font-medium text-brand-700 underline"
                  >
                    <bdi dir="auto">{engagement.title}</bdi>
                  </Link>
                  <p className="flex flex-wrap gap-x-2 text-sm">
                    <span>
                      {ENGAGEMENT_TYPE_LABELS[engagement.type]}
                      {engagement.isOnline
                        ? ", online"
                        : engagement.location
                          ? `, ${engagement.location}`
                          : null}
                    </span>
                    <MarkingLabel marking={engagement.marking} />
                  </p>
                </li>
              ))}
            </ul>
          )}
          <MoreCount
            shown={upcoming.engagements.length}
            total={upcoming.total}
            href={work.upcomingHref}
          />
        </section>

        <section
          aria-labelledby="follow-ups-heading"
          className="rounded border border-slate-300 bg-white p-4"
        >
          <h3 id="follow-ups-heading" className="text-lg font-semibold">
            My follow-ups due or overdue
          </h3>
          {followUps.total === 0 ? (
            <p className="mt-2">Nothing due in the next 7 days, and nothing overdue.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {followUps.followUps.map((followUp) => (
                <li key={followUp.id}>
                  <p className={followUp.daysUntilDue < 0 ? "font-semibold" : undefined}>
                    {dueInDaysText(followUp.daysUntilDue)}
                    <span className="font-normal text-slate-700">
                      {" "}
                      ({formatCalendarDate(followUp.dueOn)})
                    </span>
                  </p>
                  <p dir="auto">{followUp.description}</p>
                  {followUp.engagement ? (
                    <p className="text-sm">
                      From{" "}
                      <Link
                        to={`/engagements/${followUp.engagement.id}`}
                        className="text-brand-700 underline"
                      >
                        <bdi dir="auto">{followUp.engagement.title}</bdi>
                      </Link>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <MoreCount shown={followUps.followUps.length} total={followUps.total} />
        </section>

        <section
          aria-labelledby="due-contacts-heading"
          className="rounded border border-slate-300 bg-white p-4"
        >
          <h3 id="due-contacts-heading" className="text-lg font-semibold">
            Contacts due for contact
          </h3>
          <p className="text-sm text-slate-700">
            Key contacts past their cadence, and your contacts not engaged for 90 days.
          </p>
          {dueContacts.total === 0 ? (
            <p className="mt-2">Nobody is due for contact.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {dueContacts.contacts.map((contact) => (
                <li key={contact.id}>
                  <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                    <bdi dir="auto">{contact.name}</bdi>
                  </Link>
                  {contact.latinName && contact.latinName !== contact.name ? (
                    <span className="text-slate-700">
                      {" "}
                      (<bdi dir="auto">{contact.latinName}</bdi>)
                    </span>
                  ) : null}
                  <p className="text-sm font-semibold">
                    {contact.daysSinceEngaged === null
                      ? "Never engaged"
                      : `${contact.daysSinceEngaged} day${contact.daysSinceEngaged === 1 ? "" : "s"} since last engaged`}
                  </p>
                  <p className="text-sm text-slate-700">
                    {[
                      contact.keyContactCadenceDays
                        ? `Key contact, every ${contact.keyContactCadenceDays} days`
                        : null,
                      contact.ownedByMe ? "You own this contact" : null,
                    ]
                      .filter(Boolean)
                      .join("; ")}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <MoreCount shown={dueContacts.contacts.length} total={dueContacts.total} />
        </section>

        <FeedbackAwaitingResponse
          items={work.feedback.items}
          total={work.feedback.total}
          today={work.feedback.today}
          ownerId={userId}
        />

        {crgDuties.total > 0 ? (
          <section
            aria-labelledby="crg-duties-heading"
            className="rounded border border-slate-300 bg-white p-4"
          >
            <h3 id="crg-duties-heading" className="text-lg font-semibold">
              CRG reviews and renewals due
            </h3>
            <p className="text-sm text-slate-700">
              Members whose vetting review, confidentiality agreement or declaration of interests is
              due within {CRG_DUTY_NOTICE_DAYS} days, has passed or was never recorded. The
              agreement is signed, and interests declared, again a year after the last time.
            </p>
            <ul className="mt-2 space-y-2">
              {crgDuties.members.map((member) => (
                <li key={member.id}>
                  <Link to={`/contacts/${member.id}`} className="text-brand-700 underline">
                    <bdi dir="auto">{member.name}</bdi>
                  </Link>
                  {member.latinName && member.latinName !== member.name ? (
                    <span className="text-slate-700">
                      {" "}
                      (<bdi dir="auto">{member.latinName}</bdi>)
                    </span>
                  ) : null}
                  <CrgDutiesDue duties={member.duties} />
                </li>
              ))}
            </ul>
            <MoreCount
              shown={crgDuties.members.length}
              total={crgDuties.total}
              href="/contacts?crg=review-due"
            />
          </section>
        ) : null}
      </div>
    </section>
  );
}

export default function HomePage() {
  const { user, communities, strands, work } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.displayName}</h1>
        <p className="mt-1 text-slate-700">Signed in as {roleLabel(user.role)}.</p>
      </div>
      {user.role === "steering" ? (
        <section
          aria-labelledby="dashboard-heading"
          className="rounded border-2 border-brand-700 bg-white p-4"
        >
          <h2 id="dashboard-heading" className="text-xl font-semibold">
            Dashboard
          </h2>
          <p className="mt-1">
            Where the programme is and is not reaching: held engagements by community and strand.
          </p>
          <p className="mt-3">
            <Link
              to="/dashboard"
              className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            >
              Open the dashboard
            </Link>
          </p>
        </section>
      ) : null}
      {work ? <MyWork work={work} userId={user.id} /> : null}
      <section aria-labelledby="communities-heading">
        <h2 id="communities-heading" className="text-xl font-semibold">
          {user.role === "liaison" ? "Your communities" : "Communities"}
        </h2>
        {communities.length === 0 ? (
          <p className="mt-2">
            {user.role === "liaison"
              ? "You are not assigned to any community yet. An admin can assign you."
              : "No active communities yet."}
          </p>
        ) : (
          <ul className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {communities.map((community) => (
              <li key={community.id} className="rounded border border-slate-300 bg-white p-3">
                <Link
                  to={`/communities/${community.id}`}
                  className="font-medium text-brand-700 underline"
                >
                  {community.name}
                </Link>
                <span className="ml-2 text-sm text-slate-600">{community.countryCode}</span>
                <p className="text-sm text-slate-700">
                  Status: {community.status.replace("_", " ")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="strands-heading">
        <h2 id="strands-heading" className="text-xl font-semibold">
          {user.role === "strand_lead" ? "Your strands" : "Strands"}
        </h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {strands.map((strand) => (
            <li key={strand.key} className="rounded border border-slate-300 bg-white p-3">
              <Link to={`/strands/${strand.key}`} className="font-medium text-brand-700 underline">
                {strand.name}
              </Link>
              <p className="text-sm text-slate-700">{strand.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
