// Plan an engagement, or log one directly as held, in communities and strands the user may write to.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { EMPTY_ENGAGEMENT_FORM, EngagementForm } from "~/components/engagement-form";
import { getDb } from "~/db/client.server";
import { engagementSchema, newEngagementPrefillSchema } from "~/domain/engagements.schema";
import {
  createEngagement,
  engagementCommunityChoices,
  officerChoices,
  pickerStateFromForm,
  visibleContactsByIds,
} from "~/domain/engagements.server";
import { actorOwnScope } from "~/domain/directory-scope.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New engagement · CRG Engagement CRM" }];

function authorise(request: Request): SessionUser {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "engagement" }, "record.create", actorOwnScope(user));
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = authorise(request);
  const db = getDb();
  const prefill = newEngagementPrefillSchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const communities = engagementCommunityChoices(db, user);
  const officers = officerChoices(db);
  // A link from a community or contact page starts the form there; anything else is ignored.
  const communityId =
    prefill.communityId !== undefined &&
    communities.some((community) => community.id === prefill.communityId)
      ? [String(prefill.communityId)]
      : communities.length === 1
        ? [String(communities[0]!.id)]
        : [];
  return {
    communities,
    officers,
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    defaultValue: {
      ...EMPTY_ENGAGEMENT_FORM,
      status: prefill.status ?? "planned",
      communityIds: communityId,
      officerIds: officers.some((officer) => officer.id === user.id) ? [String(user.id)] : [],
    },
    picker: {
      chosenContacts:
        prefill.contactId === undefined ? [] : visibleContactsByIds(db, user, [prefill.contactId]),
      pickerResults: null,
      pickerQuery: "",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = authorise(request);
  const formData = await readForm(request);
  const db = getDb();
  const picker = pickerStateFromForm(db, user, formData);
  const submission = parseWithZod(formData, { schema: engagementSchema() });
  if (formData.get("intent") === "find-contacts") {
    // Only a search: everything typed comes back as it was, without judging it yet.
    return data({ result: { ...submission.reply(), status: undefined, error: {} }, picker });
  }
  if (submission.status !== "success") {
    return data({ result: submission.reply(), picker }, { status: 400 });
  }
  const result = createEngagement(db, user, submission.value);
  if (!result.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
        picker,
      },
      { status: result.status },
    );
  }
  return redirect(`/engagements/${result.engagementId}?done=created`);
}

export default function NewEngagementPage() {
  const { communities, officers, strands, defaultValue, picker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/engagements" className="text-brand-700 underline">
          Engagements
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New engagement</h1>
      <EngagementForm
        lastResult={actionData?.result}
        defaultValue={defaultValue}
        communities={communities}
        strands={strands}
        officers={officers}
        picker={actionData?.picker ?? picker}
        minutesWithheld={false}
      />
    </div>
  );
}
