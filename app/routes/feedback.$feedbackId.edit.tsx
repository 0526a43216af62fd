// Edit what feedback said and where it belongs: read access to see it, write access to change it.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { FeedbackForm } from "~/components/feedback-ui";
import { getDb } from "~/db/client.server";
import { engagementCommunityChoices, pickerStateFromForm } from "~/domain/engagements.server";
import { feedbackEditSchema, feedbackIdSchema } from "~/domain/feedback.schema";
import {
  feedbackEditValues,
  findFeedbackAccess,
  getFeedbackForView,
  updateFeedback,
} from "~/domain/feedback.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Edit feedback · CRG Engagement CRM" }];

/** One the user may not see is not there (404); one they may see but not change is refused (403). */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = feedbackIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const access = findFeedbackAccess(getDb(), parsed.data);
  if (!access) notFound();
  const denial = { entityType: "feedback", entityId: parsed.data };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", access);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", access);
  return { user, feedbackId: parsed.data, access };
}

function formChoices(user: SessionUser, currentCommunityIds: readonly number[]) {
  const db = getDb();
  return {
    communities: engagementCommunityChoices(db, user, currentCommunityIds),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    wholeGroupAllowed: can(user, "record.create", {
      communityIds: [],
      strandKeys: user.strandKeys,
    }),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, feedbackId, access } = authorise(request, params.feedbackId);
  const view = getFeedbackForView(getDb(), user, feedbackId, { detail: "edit form" });
  if (!view) notFound();
  return {
    feedbackId,
    defaultValue: feedbackEditValues(view),
    picker: { chosenContacts: view.contacts, pickerResults: null, pickerQuery: "" },
    hiddenContactCount: view.hiddenContactCount,
    ...formChoices(user, access.communityIds),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, feedbackId, access } = authorise(request, params.feedbackId);
  const formData = await readForm(request);
  const db = getDb();
  const picker = pickerStateFromForm(db, user, formData);
  const submission = parseWithZod(formData, { schema: feedbackEditSchema() });
  const back = { picker, ...formChoices(user, access.communityIds) };
  if (formData.get("intent") === "find-contacts") {
    return data({ result: { ...submission.reply(), status: undefined, error: {} }, ...back });
  }
  if (submission.status !== "success") {
    return data({ result: submission.reply(), ...back }, { status: 400 });
  }
  const result = updateFeedback(db, user, feedbackId, submission.value);
  if (!result.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
        ...back,
      },
      { status: result.status },
    );
  }
  return redirect(`/feedback/${feedbackId}?done=saved`);
}

export default function EditFeedbackPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/feedback/${loaded.feedbackId}`} className="text-brand-700 underline">
          Back to the feedback
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit feedback</h1>
      <p className="max-w-prose">
        The owner and the due date change from the feedback page, where each change keeps its reason
        in the history.
        {loaded.hiddenContactCount > 0
          ? ` It also names ${loaded.hiddenContactCount} contact${loaded.hiddenContactCount === 1 ? "" : "s"} you cannot see; saving keeps them.`
          : null}
      </p>
      <FeedbackForm
        mode="edit"
        lastResult={actionData?.result}
        defaultValue={loaded.defaultValue}
        communities={loaded.communities}
        strands={loaded.strands}
        owners={[]}
        wholeGroupAllowed={loaded.wholeGroupAllowed}
        picker={actionData?.picker ?? loaded.picker}
        engagement={null}
      />
    </div>
  );
}
