// Add an organisation to the directory, in a community and strands the user may write to.
import { actorOwnScope } from "~/domain/directory-scope.server";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { EMPTY_ORGANISATION_FORM, OrganisationForm } from "~/components/organisation-form";
import { getDb } from "~/db/client.server";
import { organisationSchema } from "~/domain/organisations.schema";
import {
  communityChoices,
  createOrganisation,
  mayLeaveCommunityEmpty,
} from "~/domain/organisations.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New organisation · CRG Engagement CRM" }];

function authorise(request: Request): SessionUser {
  const user = requireUser(request);
  ensureAllowed(
    user,
    { as: 403, entityType: "organisation" },
    "record.create",
    actorOwnScope(user),
  );
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = authorise(request);
  const db = getDb();
  const communities = communityChoices(db, user);
  const mayLeaveEmpty = mayLeaveCommunityEmpty(user);
  return {
    communities,
    mayLeaveCommunityEmpty: mayLeaveEmpty,
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    // A liaison officer with one community need not choose it.
    defaultCommunityId:
      !mayLeaveEmpty && communities.length === 1 ? String(communities[0]!.id) : "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = authorise(request);
  const submission = parseWithZod(await readForm(request), { schema: organisationSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const result = createOrganisation(getDb(), user, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.status },
    );
  }
  return redirect(`/organisations/${result.organisationId}?done=created`);
}

export default function NewOrganisationPage() {
  const { communities, mayLeaveCommunityEmpty, strands, defaultCommunityId } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/organisations" className="text-brand-700 underline">
          Organisations
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New organisation</h1>
      <OrganisationForm
        lastResult={lastResult}
        defaultValue={{ ...EMPTY_ORGANISATION_FORM, communityId: defaultCommunityId }}
        communities={communities}
        mayLeaveCommunityEmpty={mayLeaveCommunityEmpty}
        strands={strands}
        submitLabel="Add organisation"
      />
    </div>
  );
}
