// Edit an organisation's details: read access to see it, write access to both its old and new place.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { OrganisationForm } from "~/components/organisation-form";
import { getDb } from "~/db/client.server";
import { organisationIdSchema, organisationSchema } from "~/domain/organisations.schema";
import {
  communityChoices,
  findOrganisationScope,
  getOrganisation,
  mayLeaveCommunityEmpty,
  updateOrganisation,
} from "~/domain/organisations.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.organisation.name ?? "organisation"} · CRG Engagement CRM` },
];

/** One the user may not see is not there (404); one they may see but not change is refused (403). */
function authorise(
  request: Request,
  rawId: string | undefined,
): { user: SessionUser; organisationId: number } {
  const user = requireUser(request);
  const parsed = organisationIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const organisationId = parsed.data;
  const scope = findOrganisationScope(getDb(), organisationId);
  if (!scope) notFound();
  const denial = { entityType: "organisation", entityId: organisationId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", scope);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", scope);
  return { user, organisationId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisationId } = authorise(request, params.organisationId);
  const db = getDb();
  const organisation = getOrganisation(db, user, organisationId);
  if (!organisation) notFound();
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      type: organisation.type,
      communityId: organisation.communityId,
      strandKeys: organisation.strandKeys,
      address: organisation.address,
      phone: organisation.phone,
      email: organisation.email,
      website: organisation.website,
      notes: organisation.notes,
    },
    communities: communityChoices(db, user, organisation.communityId),
    mayLeaveCommunityEmpty: mayLeaveCommunityEmpty(user),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisationId } = authorise(request, params.organisationId);
  const submission = parseWithZod(await readForm(request), { schema: organisationSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const result = updateOrganisation(getDb(), user, organisationId, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.status },
    );
  }
  return redirect(`/organisations/${organisationId}?done=saved`);
}

export default function EditOrganisationPage() {
  const { organisation, communities, mayLeaveCommunityEmpty, strands } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/organisations/${organisation.id}`} className="text-brand-700 underline">
          <bdi>{organisation.name}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit <bdi>{organisation.name}</bdi>
      </h1>
      <OrganisationForm
        lastResult={lastResult}
        defaultValue={{
          name: organisation.name,
          type: organisation.type,
          communityId: organisation.communityId === null ? "" : String(organisation.communityId),
          strandKeys: organisation.strandKeys,
          address: organisation.address,
          phone: organisation.phone,
          email: organisation.email,
          website: organisation.website,
          notes: organisation.notes,
        }}
        communities={communities}
        mayLeaveCommunityEmpty={mayLeaveCommunityEmpty}
        strands={strands}
        submitLabel="Save changes"
      />
    </div>
  );
}
