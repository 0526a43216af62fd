// Edit an engagement, moving it in time or changing who attended included: read access to see it, write access to change it.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { EngagementForm } from "~/components/engagement-form";
import { getDb } from "~/db/client.server";
import { engagementSchema, recordIdParamSchema } from "~/domain/engagements.schema";
import {
  engagementCommunityChoices,
  engagementFormValues,
  findEngagementAccess,
  getEngagementForView,
  officerChoices,
  pickerStateFromForm,
  updateEngagement,
} from "~/domain/engagements.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.engagement.title ?? "engagement"} · CRG Engagement CRM` },
];

/** One the user may not see is not there (404); one they may see but not change is refused (403). */
function authorise(
  request: Request,
  rawId: string | undefined,
): { user: SessionUser; engagementId: number } {
  const user = requireUser(request);
  const parsed = recordIdParamSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const engagementId = parsed.data;
  const access = findEngagementAccess(getDb(), engagementId);
  if (!access) notFound();
  const denial = { entityType: "engagement", entityId: engagementId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", access);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", access);
  return { user, engagementId };
}

function formChoices(
  user: SessionUser,
  engagement: { communityIds: number[]; officerIds: number[] },
) {
  const db = getDb();
  return {
    communities: engagementCommunityChoices(db, user, engagement.communityIds),
    officers: officerChoices(db, engagement.officerIds),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const engagement = getEngagementForView(getDb(), user, engagementId, { detail: "edit form" });
  if (!engagement) notFound();
  return {
    engagement: { id: engagement.id, title: engagement.title },
    defaultValue: engagementFormValues(engagement),
    minutesWithheld: engagement.minutesWithheld,
    picker: { chosenContacts: engagement.attendees, pickerResults: null, pickerQuery: "" },
    ...formChoices(user, {
      communityIds: engagement.communities.map((community) => community.id),
      officerIds: engagement.officers.map((officer) => officer.id),
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, engagementId } = authorise(request, params.engagementId);
  const formData = await readForm(request);
  const db = getDb();
  const picker = pickerStateFromForm(db, user, formData);
  const submission = parseWithZod(formData, { schema: engagementSchema() });
  if (formData.get("intent") === "find-contacts") {
    return data({ result: { ...submission.reply(), status: undefined, error: {} }, picker });
  }
  if (submission.status !== "success") {
    return data({ result: submission.reply(), picker }, { status: 400 });
  }
  const result = updateEngagement(db, user, engagementId, submission.value);
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
  return redirect(`/engagements/${engagementId}?done=saved`);
}

export default function EditEngagementPage() {
  const { engagement, defaultValue, minutesWithheld, picker, communities, officers, strands } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
          <bdi dir="auto">{engagement.title}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit <bdi dir="auto">{engagement.title}</bdi>
      </h1>
      <EngagementForm
        lastResult={actionData?.result}
        defaultValue={defaultValue}
        communities={communities}
        strands={strands}
        officers={officers}
        picker={actionData?.picker ?? picker}
        minutesWithheld={minutesWithheld}
      />
    </div>
  );
}
