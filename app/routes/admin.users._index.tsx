// The users list (admins only): everyone who can sign in, their role and assignments, filtered by the URL.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { Pagination } from "~/components/pagination";
import { roleLabel } from "~/components/site-header";
import { getDb } from "~/db/client.server";
import { ROLES } from "~/db/schema";
import { parseUserListFilter } from "~/domain/users.schema";
import { listUsers } from "~/domain/users.server";

export const meta: MetaFunction = () => [{ title: "Users · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "user" }, "admin.area");
  const filter = parseUserListFilter(new URL(request.url).searchParams);
  const page = listUsers(getDb(), filter);
  return { filter: { role: filter.role ?? "", status: filter.status ?? "" }, ...page };
}

const selectClass = "mt-1 block rounded border border-slate-400 bg-white px-3 py-2 text-base";

export default function UsersPage() {
  const { filter, users, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Users</h1>
        <Link
          to="/admin/users/new"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          New user
        </Link>
      </div>
      <Form
        method="get"
        action="/admin/users"
        className="flex flex-wrap items-end gap-4"
        aria-label="Filter users"
      >
        <div>
          <label htmlFor="filter-role" className="block font-medium">
            Role
          </label>
          <select id="filter-role" name="role" defaultValue={filter.role} className={selectClass}>
            <option value="">All roles</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="block font-medium">
            Status
          </label>
          <select
            id="filter-status"
            name="status"
            defaultValue={filter.status}
            className={selectClass}
          >
            <option value="">Active and deactivated</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </div>
        <button
          type="submit"
          className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
        >
          Filter
        </button>
      </Form>
      {users.length === 0 ? (
        <p>No users match these filters.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Users</caption>
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="p-2">
                  Name
                </th>
                <th scope="col" className="p-2">
                  Email
                </th>
                <th scope="col" className="p-2">
                  Role
                </th>
                <th scope="col" className="p-2">
                  Assignments
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="p-2 font-medium">
                    <Link to={`/admin/users/${user.id}`} className="text-brand-700 underline">
                      {user.displayName}
                    </Link>
                  </th>
                  <td className="p-2 break-all">{user.email}</td>
                  <td className="p-2">{roleLabel(user.role)}</td>
                  <td className="p-2">
                    <Assignments communities={user.communities} strands={user.strands} />
                  </td>
                  <td className="p-2">{user.isActive ? "Active" : "Deactivated"}</td>
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

function Assignments({
  communities,
  strands,
}: {
  communities: { id: number; name: string; archived: boolean }[];
  strands: { key: string; name: string }[];
}) {
  const names = [
    ...communities.map((community) =>
      community.archived ? `${community.name} (archived)` : community.name,
    ),
    ...strands.map((strand) => strand.name),
  ];
  return names.length ? <>{names.join(", ")}</> : <>—</>;
}
