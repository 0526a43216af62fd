// The communities list: every community the user may see; admins also manage the active twelve.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/policy";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { Pagination } from "~/components/pagination";
import { getDb } from "~/db/client.server";
import {
  COMMUNITY_STATUS_LABELS,
  MAX_ACTIVE_COMMUNITIES,
  parseCommunityListFilter,
} from "~/domain/communities.schema";
import { countActiveCommunities, listCommunityPage } from "~/domain/communities.server";
import { countryName, languageName } from "~/domain/iso-codes";

export const meta: MetaFunction = () => [{ title: "Communities · CRG Engagement CRM" }];

const londonDate = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeZone: "Europe/London",
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "community" }, "community.list");
  const filter = parseCommunityListFilter(new URL(request.url).searchParams);
  const canManage = can(user, "community.manage");
  const db = getDb();
  // Archived communities are an admin's housekeeping view; others only ever see active ones.
  const includeArchived = canManage && filter.archived;
  const page = listCommunityPage(db, user, { includeArchived, page: filter.page });
  return {
    canManage,
    isLiaison: user.role === "liaison",
    includeArchived,
    activeCount: canManage ? countActiveCommunities(db) : null,
    page: page.page,
    pageCount: page.pageCount,
    total: page.total,
    communities: page.communities.map((community) => ({
      ...community,
      countryName: countryName(community.countryCode) ?? community.countryCode,
      languageNames: community.languages.map((code) => languageName(code) ?? code),
    })),
  };
}

export default function CommunitiesPage() {
  const {
    canManage,
    isLiaison,
    includeArchived,
    activeCount,
    communities,
    page,
    pageCount,
    total,
  } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Communities</h1>
        {canManage ? (
          <Link
            to="/communities/new"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            New community
          </Link>
        ) : null}
      </div>
      {canManage && activeCount !== null ? (
        <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
          <p>
            <strong>
              {activeCount} of {MAX_ACTIVE_COMMUNITIES} active
            </strong>
            {activeCount >= MAX_ACTIVE_COMMUNITIES ? " — archive one before adding another." : null}
          </p>
          <Link
            to={includeArchived ? "/communities" : "/communities?archived=include"}
            className="text-brand-700 underline"
          >
            {includeArchived ? "Hide archived communities" : "Include archived communities"}
          </Link>
        </div>
      ) : null}
      {communities.length === 0 ? (
        <p>
          {isLiaison
            ? "You are not assigned to any community yet. An admin can assign you."
            : "No communities yet."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">
              {includeArchived ? "Active and archived communities" : "Active communities"}
            </caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="p-2">
                  Community
                </th>
                <th scope="col" className="p-2">
                  Country
                </th>
                <th scope="col" className="p-2">
                  Languages
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
                <th scope="col" className="p-2">
                  Lead officer
                </th>
                <th scope="col" className="p-2">
                  State
                </th>
              </tr>
            </thead>
            <tbody>
              {communities.map((community) => (
                <tr key={community.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
                      {community.name}
                    </Link>
                  </th>
                  <td className="p-2">
                    {community.countryName}{" "}
                    <span className="text-sm text-slate-600">({community.countryCode})</span>
                  </td>
                  <td className="p-2">
                    {community.languageNames.length ? community.languageNames.join(", ") : "—"}
                  </td>
                  <td className="p-2">{COMMUNITY_STATUS_LABELS[community.status]}</td>
                  <td className="p-2">{community.leadOfficerName ?? "—"}</td>
                  <td className="p-2">
                    {community.archivedAt
                      ? `Archived ${londonDate.format(new Date(community.archivedAt))}`
                      : "Active"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} />
    </div>
  );
}
