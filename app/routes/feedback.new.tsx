// Record critical-friend feedback, from scratch or from an engagement it was given at.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { FeedbackForm, type FeedbackFormDefaults } from "~/components/feedback-ui";
import { getDb } from "~/db/client.server";
import { actorOwnScope } from "~/domain/directory-scope.server";
import { engagementCommunityChoices, pickerStateFromForm } from "~/domain/engagements.server";
import {
  defaultResponseDueOn,
  feedbackRecordSchema,
  newFeedbackPrefillSchema,
} from "~/domain/feedback.schema";
import {
  createFeedback,
  feedbackOwnerChoices,
  feedbackPrefillFromEngagement,
  readableEngagement,
} from "~/domain/feedback.server";
import { londonToday } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Record feedback · CRG Engagement CRM" }];

function authorise(request: Request): SessionUser {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "feedback" }, "record.create", actorOwnScope(user));
  return user;
}

function formChoices(user: SessionUser) {
  const db = getDb();
  return {
    communities: engagementCommunityChoices(db, user),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    wholeGroupAllowed: can(user, "record.create", {
      communityIds: [],
      strandKeys: user.strandKeys,
    }),
    owners: feedbackOwnerChoices(db),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = authorise(request);
  const db = getDb();
  const now = new Date();
  const choices = formChoices(user);
  const { engagementId } = newFeedbackPrefillSchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const prefill =
    engagementId === undefined
      ? null
      : feedbackPrefillFromEngagement(
          db,
          user,
          engagementId,
          choices.communities.map((community) => community.id),
          now,
        );
  // An engagement the user may not read is not there: the link answers as its page would.
  if (engagementId !== undefined && prefill === null) notFound();
  const receivedOn = prefill?.receivedOn ?? londonToday(now);
  const defaultValue: FeedbackFormDefaults = {
    receivedOn,
    communityId:
      prefill?.communityId ??
      (choices.communities.length === 1 ? String(choices.communities[0]!.id) : ""),
    channel: "meeting",
    category: "",
    strandKeys: prefill?.strandKeys ?? [],
    summary: "",
    sentiment: "",
    priority: "medium",
    isShareable: false,
    ownerUserId: String(user.id),
    responseDueOn: defaultResponseDueOn(receivedOn),
    dueDateReason: "",
  };
  return {
    ...choices,
    defaultValue,
    engagement: prefill?.engagement ?? null,
    picker: { chosenContacts: prefill?.contacts ?? [], pickerResults: null, pickerQuery: "" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = authorise(request);
  const formData = await readForm(request);
  const db = getDb();
  const picker = pickerStateFromForm(db, user, formData);
  const submission = parseWithZod(formData, { schema: feedbackRecordSchema() });
  const engagementId = Number(formData.get("engagementId"));
  const engagement =
    Number.isSafeInteger(engagementId) && engagementId > 0
      ? readableEngagement(db, user, engagementId)
      : null;
  const back = { picker, engagement, ...formChoices(user) };
  if (formData.get("intent") === "find-contacts") {
    return data({ result: { ...submission.reply(), status: undefined, error: {} }, ...back });
  }
  if (submission.status !== "success") {
    return data({ result: submission.reply(), ...back }, { status: 400 });
  }
  const result = createFeedback(db, user, submission.value);
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
  return redirect(`/feedback/${result.id}?done=recorded`);
}

export default function NewFeedbackPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/feedback" className="text-brand-700 underline">
          Feedback
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Record feedback</h1>
      <p className="max-w-prose">
        Advice the community gave the police, individually or as a group. It needs an answer: what
        was done, or why the advice was not taken.
      </p>
      <FeedbackForm
        mode="record"
        lastResult={actionData?.result}
        defaultValue={loaded.defaultValue}
        communities={loaded.communities}
        strands={loaded.strands}
        owners={loaded.owners}
        wholeGroupAllowed={loaded.wholeGroupAllowed}
        picker={actionData?.picker ?? loaded.picker}
        engagement={actionData?.engagement ?? loaded.engagement}
      />
    </div>
  );
}
