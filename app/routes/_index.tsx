// Home: what the signed-in user works on, by role.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { listCommunities } from "~/domain/communities.server";
import { listStrands } from "~/domain/strands.server";
import { roleLabel } from "~/components/site-header";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const db = getDb();
  const communities = listCommunities(db, user);
  const strands = listStrands(db).filter(
    (strand) => user.role !== "strand_lead" || user.strandKeys.includes(strand.key),
  );
  return { user, communities, strands };
}

export default function HomePage() {
  const { user, communities, strands } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.displayName}</h1>
        <p className="mt-1 text-slate-700">Signed in as {roleLabel(user.role)}.</p>
      </div>
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
