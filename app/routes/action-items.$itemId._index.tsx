// One action item: what it is, its RAG, its progress history (never rewritten) and the progress form.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { RagLabel, statusLabel } from "~/components/action-plan-ui";
import {
  FormErrors,
  Notice,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "~/components/forms";
import { getDb } from "~/db/client.server";
import type { ActionItemStatus } from "~/db/schema";
import { ragOf } from "~/domain/action-item-rag";
import {
  actionItemIntentSchema,
  actionPlanIdSchema,
  engagementLinkSchema,
  progressUpdateSchema,
  type ProgressUpdateFormValues,
  type ProgressUpdateInput,
} from "~/domain/action-plans.schema";
import {
  addProgressUpdate,
  getActionItem,
  linkableEngagements,
  linkableFeedback,
  linkEngagement,
  listLinkedEngagements,
  listLinkedFeedback,
  setFeedbackLink,
  listProgressUpdates,
  nextStatuses,
  unlinkEngagement,
} from "~/domain/action-plans.server";
import { feedbackLinkSchema } from "~/domain/feedback.schema";
import { formatCalendarDate, formatLondonDateTime, londonToday } from "~/domain/london-time";
import { FeedbackStatusLabel, summaryLine } from "~/components/feedback-ui";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.title ?? "Action item"} · CRG Engagement CRM` },
];

/** The item, if the user may see it; otherwise 404 so ids cannot be probed. */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = actionPlanIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const item = getActionItem(getDb(), parsed.data);
  if (!item || !can(user, "actionItem.read", item)) notFound();
  return { user, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, item } = authorise(request, params.itemId);
  const today = londonToday(new Date());
  const mayManage = can(user, "actionItem.manage", item);
  const mayReport = can(user, "actionItem.progress", item);
  return {
    item,
    rag: ragOf(
      { status: item.status, dueOn: item.dueOn, createdAt: item.createdAt },
      item.lastUpdateAt === null ? null : new Date(item.lastUpdateAt),
      today,
    ),
    updates: listProgressUpdates(getDb(), item.id),
    linkedEngagements: listLinkedEngagements(getDb(), user, item.id),
    linkableEngagements: mayReport ? linkableEngagements(getDb(), user, item) : [],
    linkedFeedback: listLinkedFeedback(getDb(), user, item.id),
    linkableFeedback: mayManage ? linkableFeedback(getDb(), user, item) : [],
    mayManage,
    mayReport,
    statusChoices: mayReport ? nextStatuses(item.status, mayManage) : [],
    today,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, item } = authorise(request, params.itemId);
  ensureAllowed(
    user,
    { as: 403, entityType: "action_item", entityId: item.id },
    "actionItem.progress",
    item,
  );
  const formData = await readForm(request);
  const intent = actionItemIntentSchema.safeParse(formData.get("intent") ?? "progress");
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const db = getDb();

  if (intent.data === "link-feedback" || intent.data === "unlink-feedback") {
    ensureAllowed(
      user,
      { as: 403, entityType: "action_item", entityId: item.id },
      "actionItem.manage",
      item,
    );
    const submission = parseWithZod(formData, { schema: feedbackLinkSchema });
    if (submission.status !== "success") {
      return data({ intent: intent.data, result: submission.reply() }, { status: 400 });
    }
    const linked = intent.data === "link-feedback";
    const result = setFeedbackLink(
      db,
      user,
      { itemId: item.id, feedbackId: submission.value.feedbackId },
      linked,
    );
    if (!result.ok) {
      return data(
        {
          intent: intent.data,
          result: submission.reply({
            formErrors: result.formError ? [result.formError] : undefined,
            fieldErrors: result.fieldErrors,
          }),
        },
        { status: result.formError ? 409 : 400 },
      );
    }
    return redirect(
      `/action-items/${item.id}?feedback=${linked ? "linked" : "unlinked"}#feedback-heading`,
    );
  }

  if (intent.data === "link" || intent.data === "unlink") {
    const submission = parseWithZod(formData, { schema: engagementLinkSchema });
    if (submission.status !== "success") {
      return data({ intent: intent.data, result: submission.reply() }, { status: 400 });
    }
    const result =
      intent.data === "link"
        ? linkEngagement(db, user, item.id, submission.value.engagementId)
        : unlinkEngagement(db, user, item.id, submission.value.engagementId);
    if (!result.ok) {
      return data(
        {
          intent: intent.data,
          result: submission.reply({
            formErrors: result.formError ? [result.formError] : undefined,
            fieldErrors: result.fieldErrors,
          }),
        },
        { status: result.formError ? 409 : 400 },
      );
    }
    return redirect(`/action-items/${item.id}?${intent.data}ed=1#engagements-heading`);
  }

  const submission = parseWithZod(formData, { schema: progressUpdateSchema });
  if (submission.status !== "success") {
    return data({ intent: "progress" as const, result: submission.reply() }, { status: 400 });
  }
  const result = addProgressUpdate(db, user, item.id, submission.value);
  if (!result.ok) {
    return data(
      {
        intent: "progress" as const,
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
      },
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/action-items/${item.id}?updated=1#history-heading`);
}

function ProgressForm({
  statusChoices,
  today,
}: {
  statusChoices: readonly ActionItemStatus[];
  today: string;
}) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<ProgressUpdateFormValues, ProgressUpdateInput>({
    id: "progress",
    lastResult: actionData?.intent === "progress" ? actionData.result : undefined,
    defaultValue: { happenedOn: today, note: "", newStatus: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: progressUpdateSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.happenedOn} label="When it happened" type="date" />
      <TextareaField
        meta={fields.note}
        label="Progress note"
        hint="Needed to mark the item done, blocked or cancelled, or to reopen it."
      />
      <SelectField
        meta={fields.newStatus}
        label="New status"
        placeholder="Leave the status as it is"
        options={statusChoices.map((status) => ({ value: status, label: statusLabel(status) }))}
      />
      <SubmitButton name="intent" value="progress">
        Record progress
      </SubmitButton>
    </Form>
  );
}

/** Links one record (an engagement, a feedback item) to the item: one select and a submit. */
function LinkForm({
  intent,
  fieldName,
  schema,
  label,
  placeholder,
  options,
  submitLabel,
}: {
  intent: "link" | "link-feedback";
  fieldName: "engagementId" | "feedbackId";
  schema: typeof engagementLinkSchema | typeof feedbackLinkSchema;
  label: string;
  placeholder: string;
  options: { value: string; label: string }[];
  submitLabel: string;
}) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, string | undefined>, Record<string, number>>({
    id: `${intent}-form`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields[fieldName]!}
        label={label}
        placeholder={placeholder}
        options={options}
      />
      <SubmitButton name="intent" value={intent}>
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}

export default function ActionItemPage() {
  const {
    item,
    rag,
    updates,
    linkedEngagements,
    linkableEngagements,
    linkedFeedback,
    linkableFeedback,
    mayManage,
    mayReport,
    statusChoices,
    today,
  } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/action-plans/${item.communityId}`} className="text-brand-700 underline">
          Action plan: {item.communityName}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        <bdi dir="auto">{item.title}</bdi>
      </h1>
      {searchParams.get("created") ? <Notice>Item added.</Notice> : null}
      {searchParams.get("saved") ? <Notice>Item saved.</Notice> : null}
      {searchParams.get("updated") ? <Notice>Progress recorded.</Notice> : null}
      <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-medium">RAG</dt>
        <dd>
          <RagLabel rag={rag} />
        </dd>
        <dt className="font-medium">Status</dt>
        <dd>{statusLabel(item.status)}</dd>
        <dt className="font-medium">Strand</dt>
        <dd>{item.strandName}</dd>
        <dt className="font-medium">Owner</dt>
        <dd>{item.ownerName ?? "Nobody"}</dd>
        <dt className="font-medium">Due</dt>
        <dd>{formatCalendarDate(item.dueOn)}</dd>
        <dt className="font-medium">From the template</dt>
        <dd>{item.templateItemId === null ? "No, added by hand" : "Yes"}</dd>
      </dl>
      {item.description ? (
        <p className="max-w-prose whitespace-pre-line">{item.description}</p>
      ) : null}
      {mayManage ? (
        <p>
          <Link to={`/action-items/${item.id}/edit`} className="text-brand-700 underline">
            Edit or reassign this item
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-semibold">
          Progress history
        </h2>
        {updates.length === 0 ? (
          <p>No progress recorded yet.</p>
        ) : (
          <ol className="space-y-3">
            {updates.map((update) => (
              <li key={update.id} className="rounded border border-slate-300 bg-white p-3">
                <p className="font-medium">
                  {formatCalendarDate(update.happenedOn)} · {update.authorName}
                  {update.newStatus ? ` · status: ${statusLabel(update.newStatus)}` : null}
                </p>
                {update.note ? <p className="whitespace-pre-line">{update.note}</p> : null}
                <p className="text-sm text-slate-700">
                  Written {formatLondonDateTime(new Date(update.createdAt))}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="engagements-heading" className="space-y-3">
        <h2 id="engagements-heading" className="text-xl font-semibold">
          Related engagements
        </h2>
        {searchParams.get("linked") ? <Notice>Engagement linked.</Notice> : null}
        {searchParams.get("unlinked") ? <Notice>Engagement unlinked.</Notice> : null}
        {linkedEngagements.length === 0 ? (
          <p>No engagements linked.</p>
        ) : (
          <ul className="space-y-2">
            {linkedEngagements.map((engagement) => (
              <li key={engagement.id} className="flex flex-wrap items-center gap-3">
                <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
                  <bdi dir="auto">{engagement.title}</bdi>
                </Link>
                <span className="text-sm text-slate-700">
                  {formatLondonDateTime(new Date(engagement.startsAt))}
                </span>
                {mayReport ? (
                  <Form method="post">
                    <input type="hidden" name="engagementId" value={engagement.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="unlink"
                      className="text-brand-700 underline"
                    >
                      Unlink<span className="sr-only"> {engagement.title}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayReport && linkableEngagements.length > 0 ? (
          <LinkForm
            intent="link"
            fieldName="engagementId"
            schema={engagementLinkSchema}
            label="Engagement of this community"
            placeholder="Choose an engagement"
            options={linkableEngagements.map((engagement) => ({
              value: String(engagement.id),
              label: `${engagement.title} (${formatLondonDateTime(new Date(engagement.startsAt))})`,
            }))}
            submitLabel="Link engagement"
          />
        ) : null}
      </section>

      <section aria-labelledby="feedback-heading" className="space-y-3">
        <h2 id="feedback-heading" className="text-xl font-semibold">
          Related feedback
        </h2>
        {searchParams.get("feedback") === "linked" ? <Notice>Feedback linked.</Notice> : null}
        {searchParams.get("feedback") === "unlinked" ? <Notice>Feedback unlinked.</Notice> : null}
        {linkedFeedback.length === 0 ? (
          <p>No feedback you may see is linked.</p>
        ) : (
          <ul className="space-y-2">
            {linkedFeedback.map((linked) => (
              <li key={linked.id} className="flex flex-wrap items-center gap-3">
                <Link to={`/feedback/${linked.id}`} className="text-brand-700 underline">
                  <bdi dir="auto">{summaryLine(linked.summary)}</bdi>
                </Link>
                <span className="text-sm text-slate-700">
                  {formatCalendarDate(linked.receivedOn)} · {linked.communityName ?? "Whole group"}
                </span>
                <FeedbackStatusLabel status={linked.status} />
                {mayManage ? (
                  <Form method="post">
                    <input type="hidden" name="feedbackId" value={linked.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="unlink-feedback"
                      className="text-brand-700 underline"
                    >
                      Unlink<span className="sr-only"> {summaryLine(linked.summary)}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayManage && linkableFeedback.length > 0 ? (
          <LinkForm
            intent="link-feedback"
            fieldName="feedbackId"
            schema={feedbackLinkSchema}
            label="Feedback of this community or the whole group"
            placeholder="Choose feedback"
            options={linkableFeedback.map((choice) => ({
              value: String(choice.id),
              label: `${formatCalendarDate(choice.receivedOn)} · ${choice.communityName ?? "Whole group"} · ${summaryLine(choice.summary)}`,
            }))}
            submitLabel="Link feedback"
          />
        ) : null}
      </section>

      {mayReport ? (
        <section
          aria-labelledby="progress-heading"
          className="space-y-3 border-t border-slate-300 pt-6"
        >
          <h2 id="progress-heading" className="text-xl font-semibold">
            Record progress
          </h2>
          <ProgressForm statusChoices={statusChoices} today={today} />
        </section>
      ) : null}
    </div>
  );
}
