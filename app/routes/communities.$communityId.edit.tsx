// Edit a community's details, or archive or restore it (admins only).
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { CommunityForm } from "~/components/community-form";
import { FormErrors, SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  communityIdSchema,
  communityIntentSchema,
  communitySchema,
} from "~/domain/communities.schema";
import {
  archiveCommunity,
  getCommunity,
  leadOfficerChoices,
  restoreCommunity,
  updateCommunity,
} from "~/domain/communities.server";
import { allCountries } from "~/domain/iso-codes";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.community.name ?? "community"} · CRG Engagement CRM` },
];

function authorise(
  request: Request,
  rawId: string | undefined,
): {
  user: SessionUser;
  communityId: number;
} {
  const user = requireUser(request);
  const parsed = communityIdSchema.safeParse(rawId);
  ensureAllowed(
    user,
    { as: 403, entityType: "community", entityId: parsed.success ? parsed.data : null },
    "community.manage",
  );
  if (!parsed.success) notFound();
  return { user, communityId: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, communityId } = authorise(request, params.communityId);
  const db = getDb();
  const community = getCommunity(db, user, communityId);
  if (!community) notFound();
  return {
    community,
    countries: allCountries(),
    leadOfficers: leadOfficerChoices(db, community.leadOfficerId),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, communityId } = authorise(request, params.communityId);
  const db = getDb();
  if (!getCommunity(db, user, communityId)) notFound();
  const formData = await readForm(request);
  const intent = communityIntentSchema.safeParse(formData.get("intent") ?? "save");
  if (!intent.success) throw new Response("Unknown action", { status: 400 });

  if (intent.data === "archive" || intent.data === "restore") {
    const result =
      intent.data === "archive"
        ? archiveCommunity(db, user, communityId)
        : restoreCommunity(db, user, communityId);
    if (!result.ok) {
      return data(
        { intent: intent.data, error: result.formError ?? "That could not be done" },
        { status: 409 },
      );
    }
    return redirect(
      `/communities/${communityId}?done=${intent.data === "archive" ? "archived" : "restored"}`,
    );
  }

  const submission = parseWithZod(formData, { schema: communitySchema });
  if (submission.status !== "success") {
    return data({ intent: "save" as const, result: submission.reply() }, { status: 400 });
  }
  const result = updateCommunity(db, user, communityId, submission.value);
  if (!result.ok) {
    return data(
      {
        intent: "save" as const,
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
      },
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/communities/${communityId}?done=saved`);
}

export default function EditCommunityPage() {
  const { community, countries, leadOfficers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "result" in actionData ? actionData.result : undefined;
  const statusError = actionData && "error" in actionData ? actionData.error : undefined;
  const archived = community.archivedAt !== null;
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
          {community.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit {community.name}</h1>
      <CommunityForm
        lastResult={lastResult}
        countries={countries}
        leadOfficers={leadOfficers}
        defaultValue={{
          name: community.name,
          countryCode: community.countryCode,
          languages: community.languages.join(", "),
          status: community.status,
          leadOfficerId: community.leadOfficerId ? String(community.leadOfficerId) : "",
          notes: community.notes,
        }}
        submitLabel="Save changes"
      />
      <section
        aria-labelledby="archive-heading"
        className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
      >
        <h2 id="archive-heading" className="text-xl font-semibold">
          {archived ? "Restore" : "Archive"}
        </h2>
        <FormErrors id="archive-errors" errors={statusError ? [statusError] : undefined} />
        <p>
          {archived
            ? "Restoring makes the community active again. It counts towards the twelve active communities."
            : "Archiving keeps the community and everything recorded against it, and frees one of the twelve active places. It can be restored later."}
        </p>
        <Form method="post">
          <SubmitButton name="intent" value={archived ? "restore" : "archive"}>
            {archived ? "Restore community" : "Archive community"}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
