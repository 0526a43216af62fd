// A community's page: its details and officers, with the sections later parts of the CRM fill.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { COMMUNITY_STATUS_LABELS, communityIdSchema } from "~/domain/communities.schema";
import { getCommunity, listLiaisonOfficers } from "~/domain/communities.server";
import { countryName, languageName } from "~/domain/iso-codes";

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
    canManage: can(user, "community.manage"),
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

/** Sections other features fill in; until then they say so rather than show made-up content. */
const LATER_SECTIONS = [
  { id: "contacts", title: "Contacts" },
  { id: "organisations", title: "Organisations" },
  { id: "engagements", title: "Engagements" },
  { id: "action-plan", title: "Action plan" },
  { id: "feedback", title: "Feedback" },
  { id: "indicators", title: "Indicators" },
] as const;

export default function CommunityPage() {
  const { community, liaisonOfficers, canManage } = useLoaderData<typeof loader>();
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

      {LATER_SECTIONS.map((section) => (
        <Section key={section.id} id={section.id} title={section.title}>
          <p className="text-slate-700">Not shown on this page yet.</p>
        </Section>
      ))}
    </div>
  );
}
