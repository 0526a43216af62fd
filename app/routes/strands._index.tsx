// The six strands the CRG works through, with what each covers and who leads it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { listStrandsWithLeads } from "~/domain/strands.server";

export const meta: MetaFunction = () => [{ title: "Strands · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  requireUser(request);
  return { strands: listStrandsWithLeads(getDb()) };
}

export default function StrandsPage() {
  const { strands } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Strands</h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        {strands.map((strand) => (
          <li key={strand.key} className="rounded border border-slate-300 bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link to={`/strands/${strand.key}`} className="text-brand-700 underline">
                {strand.name}
              </Link>
            </h2>
            <p className="mt-1 text-slate-700">{strand.description || "No description yet."}</p>
            <p className="mt-2 text-sm">
              <span className="font-medium">Leads: </span>
              {strand.leads.length
                ? strand.leads.map((lead) => lead.displayName).join(", ")
                : "none yet"}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
