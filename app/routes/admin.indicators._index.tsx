// The soft indicator definitions (admins only): every indicator, active first, and a way to add one.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { listIndicators } from "~/domain/indicators.server";

export const meta: MetaFunction = () => [{ title: "Indicator definitions · CRG Engagement CRM" }];

const NOTICES: Record<string, string> = {
  created: "The indicator was added.",
  saved: "The indicator was saved.",
  archived: "The indicator was archived. Its readings are kept; it takes no new ones.",
  restored: "The indicator is active again.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "indicator" }, "indicator.define");
  return { indicators: listIndicators(getDb(), { includeArchived: true }) };
}

export default function IndicatorDefinitionsPage() {
  const { indicators } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("done") ?? ""];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Indicator definitions</h1>
        <Link
          to="/admin/indicators/new"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Add an indicator
        </Link>
      </div>
      <p className="max-w-prose">
        Soft trust-and-confidence indicators, read per community each quarter (from a survey, a
        forum&apos;s vote, an officer&apos;s assessment). The hard indicators are worked out from
        the records and need no definition. See them all on the{" "}
        <Link to="/indicators" className="text-brand-700 underline">
          indicators dashboard
        </Link>
        .
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      {indicators.length === 0 ? (
        <p>No soft indicators yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full border-collapse bg-white text-left">
            <caption className="sr-only">Soft indicators</caption>
            <thead>
              <tr>
                <th scope="col" className="border border-slate-300 p-2">
                  Name
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Scale
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Better
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  Position
                </th>
                <th scope="col" className="border border-slate-300 p-2">
                  State
                </th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((indicator) => (
                <tr key={indicator.id}>
                  <th scope="row" className="border border-slate-300 p-2 font-medium">
                    <Link
                      to={`/admin/indicators/${indicator.id}`}
                      className="text-brand-700 underline"
                    >
                      <bdi dir="auto">{indicator.name}</bdi>
                    </Link>
                  </th>
                  <td className="border border-slate-300 p-2">
                    {indicator.scaleMin} to {indicator.scaleMax}
                  </td>
                  <td className="border border-slate-300 p-2">
                    {indicator.higherIsBetter ? "Higher" : "Lower"}
                  </td>
                  <td className="border border-slate-300 p-2">{indicator.position}</td>
                  <td className="border border-slate-300 p-2">
                    {indicator.archivedAt ? "Archived" : "Active"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
