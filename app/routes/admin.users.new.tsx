// Add a user (admins only): their role, their assignments and an initial password.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { UserForm } from "~/components/user-form";
import { getDb } from "~/db/client.server";
import { newUserSchema } from "~/domain/users.schema";
import { communityChoices, createUser, strandChoices } from "~/domain/users.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New user · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "user" }, "admin.area");
  const db = getDb();
  return { communities: communityChoices(db), strands: strandChoices(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "user" }, "admin.area");
  const submission = parseWithZod(await readForm(request), { schema: newUserSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await createUser(getDb(), user, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
        hideFields: ["password"],
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/admin/users/${result.userId}?done=created`);
}

export default function NewUserPage() {
  const { communities, strands } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/users" className="text-brand-700 underline">
          Users
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New user</h1>
      <UserForm
        mode="new"
        lastResult={lastResult}
        communities={communities}
        strands={strands}
        submitLabel="Add user"
      />
    </div>
  );
}
