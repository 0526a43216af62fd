// One feedback item: what was said, the answer, its whole history (never rewritten), the linked
// action items and, for whoever may progress it, the workflow's forms.
import { getFormProps, useForm, type DefaultValue } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { ActionItemsTable } from "~/components/action-plan-ui";
import { dueText, FeedbackStatusLabel } from "~/components/feedback-ui";
import {
  FormErrors,
  Notice,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "~/components/forms";
import { getDb } from "~/db/client.server";
import { FEEDBACK_RESPONSE_OUTCOMES } from "~/db/schema";
import { listItemsForFeedback } from "~/domain/action-plans.server";
import { sentimentLabel } from "~/domain/engagements.schema";
import {
  dueDateChangeSchema,
  escalateSchema,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_CHANNEL_LABELS,
  FEEDBACK_EVENT_LABELS,
  FEEDBACK_PRIORITY_LABELS,
  FEEDBACK_RESPONSE_OUTCOME_LABELS,
  FEEDBACK_STATUS_LABELS,
  feedbackIdSchema,
  feedbackIntentSchema,
  isOpenStatus,
  reassignSchema,
  responseSchema,
  statusChangeSchema,
  type FeedbackIntent,
} from "~/domain/feedback.schema";
import {
  changeFeedbackDueDate,
  changeFeedbackStatus,
  escalateFeedback,
  feedbackOwnerChoices,
  findFeedbackAccess,
  getFeedbackForView,
  nextStatuses,
  reassignFeedback,
  respondToFeedback,
  type FeedbackWriteResult,
} from "~/domain/feedback.server";
import { formatCalendarDate, formatLondonDateTime, londonToday } from "~/domain/london-time";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Feedback · CRG Engagement CRM" }];

/** The item's id and access, if the user may read it; otherwise 404 so ids cannot be probed. */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = feedbackIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const access = findFeedbackAccess(getDb(), parsed.data);
  if (!access) notFound();
  ensureAllowed(
    user,
    { as: 404, entityType: "feedback", entityId: parsed.data },
    "record.read",
    access,
  );
  return { user, feedbackId: parsed.data, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, feedbackId, access } = authorise(request, params.feedbackId);
  const db = getDb();
  const now = new Date();
  const view = getFeedbackForView(db, user, feedbackId, { now });
  if (!view) notFound();
  const today = londonToday(now);
  const mayProgress = can(user, "feedback.progress", access);
  return {
    feedback: view,
    today,
    mayProgress,
    mayEdit: can(user, "record.update", access),
    mayDecide: view.escalatedAt !== null && can(user, "feedback.decide", access),
    statusChoices: mayProgress
      ? nextStatuses(view.status).filter((status) => status !== "responded")
      : [],
    mayRespond: mayProgress && nextStatuses(view.status).includes("responded"),
    owners: mayProgress ? feedbackOwnerChoices(db, view.ownerUserId) : [],
    actionItems: listItemsForFeedback(db, user, feedbackId, today),
  };
}

const SCHEMAS = {
  status: () => statusChangeSchema,
  respond: () => responseSchema(),
  due_date: () => dueDateChangeSchema,
  owner: () => reassignSchema,
  escalate: () => escalateSchema,
} satisfies Record<FeedbackIntent, () => z.ZodObject>;

const DONE: Record<FeedbackIntent, string> = {
  status: "status",
  respond: "responded",
  due_date: "due",
  owner: "owner",
  escalate: "escalated",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, feedbackId, access } = authorise(request, params.feedbackId);
  ensureAllowed(
    user,
    { as: 403, entityType: "feedback", entityId: feedbackId },
    "feedback.progress",
    access,
  );
  const formData = await readForm(request);
  const intent = feedbackIntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const db = getDb();
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent.data]() });
  if (submission.status !== "success") {
    return data({ intent: intent.data, result: submission.reply() }, { status: 400 });
  }
  const value = submission.value as never;
  const steps: Record<FeedbackIntent, () => FeedbackWriteResult> = {
    status: () => changeFeedbackStatus(db, user, feedbackId, value),
    respond: () => respondToFeedback(db, user, feedbackId, value),
    due_date: () => changeFeedbackDueDate(db, user, feedbackId, value),
    owner: () => reassignFeedback(db, user, feedbackId, value),
    escalate: () => escalateFeedback(db, user, feedbackId, value),
  };
  const result = steps[intent.data]();
  if (!result.ok) {
    return data(
      {
        intent: intent.data,
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors as Record<string, string[]> | undefined,
        }),
      },
      { status: result.status },
    );
  }
  return redirect(`/feedback/${feedbackId}?done=${DONE[intent.data]}#history-heading`);
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** One workflow form: its own conform state, its errors only when it was the one posted. */
function useStepForm<Schema extends z.ZodObject>(
  intent: FeedbackIntent,
  schema: Schema,
  defaultValue?: Partial<Record<keyof z.input<Schema>, string>>,
) {
  const actionData = useActionData<typeof action>();
  type Values = Partial<Record<keyof z.input<Schema>, string>>;
  return useForm<Values, z.output<Schema>>({
    id: `feedback-${intent}`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    defaultValue: defaultValue as DefaultValue<Values> | undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
}

function StepSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-3 rounded border border-slate-300 bg-white p-4"
    >
      <h3 id={id} className="text-lg font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

function StatusForm({ choices }: { choices: Loaded["statusChoices"] }) {
  const [form, fields] = useStepForm("status", statusChangeSchema);
  return (
    <StepSection id="status-step-heading" title="Move it on">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.toStatus}
          label="Next step"
          placeholder="Choose the next step"
          options={choices.map((status) => ({
            value: status,
            label: FEEDBACK_STATUS_LABELS[status],
          }))}
        />
        <TextareaField meta={fields.note} label="Note (optional)" />
        <SubmitButton name="intent" value="status">
          Change status
        </SubmitButton>
      </Form>
    </StepSection>
  );
}

function ResponseForm({ today }: { today: string }) {
  const [form, fields] = useStepForm("respond", responseSchema(), { respondedOn: today });
  return (
    <StepSection id="respond-step-heading" title="Record the response">
      <p className="text-sm text-slate-700">
        The answer the community gets: what was done, or the reason the advice was not taken.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.responseOutcome}
          label="Outcome"
          placeholder="Choose the outcome"
          options={FEEDBACK_RESPONSE_OUTCOMES.map((outcome) => ({
            value: outcome,
            label: FEEDBACK_RESPONSE_OUTCOME_LABELS[outcome],
          }))}
        />
        <TextareaField
          meta={fields.responseText}
          label="What was done, or why not"
          hint="Shareable items show this, without names, in the community's summary."
        />
        <TextField meta={fields.respondedOn} label="Responded on" type="date" />
        <SubmitButton name="intent" value="respond">
          Record response
        </SubmitButton>
      </Form>
    </StepSection>
  );
}

function DueDateForm({ current }: { current: string }) {
  const [form, fields] = useStepForm("due_date", dueDateChangeSchema, { responseDueOn: current });
  return (
    <StepSection id="due-step-heading" title="Change the due date">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.responseDueOn} label="New due date" type="date" />
        <TextareaField meta={fields.reason} label="Reason" />
        <SubmitButton name="intent" value="due_date">
          Change due date
        </SubmitButton>
      </Form>
    </StepSection>
  );
}

function ReassignForm({ owners }: { owners: Loaded["owners"] }) {
  const [form, fields] = useStepForm("owner", reassignSchema);
  return (
    <StepSection id="owner-step-heading" title="Reassign">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.ownerUserId}
          label="New owner"
          placeholder="Choose who answers it"
          options={owners.map((owner) => ({ value: String(owner.id), label: owner.displayName }))}
        />
        <TextareaField meta={fields.note} label="Note (optional)" />
        <SubmitButton name="intent" value="owner">
          Reassign
        </SubmitButton>
      </Form>
    </StepSection>
  );
}

function EscalateForm() {
  const [form, fields] = useStepForm("escalate", escalateSchema);
  return (
    <StepSection id="escalate-step-heading" title="Escalate to the steering group">
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField meta={fields.reason} label="Why the steering group should decide" />
        <SubmitButton name="intent" value="escalate">
          Escalate
        </SubmitButton>
      </Form>
    </StepSection>
  );
}

const DONE_NOTICES: Record<string, string> = {
  recorded: "Feedback recorded.",
  saved: "Changes saved.",
  status: "Status changed.",
  responded: "Response recorded.",
  due: "Due date changed.",
  owner: "Feedback reassigned.",
  escalated: "Escalated to the steering group.",
};

function History({ events }: { events: Loaded["feedback"]["events"] }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="text-xl font-semibold">
        History
      </h2>
      <ol className="space-y-2">
        {events.map((event) => (
          <li key={event.id} className="rounded border border-slate-300 bg-white p-3">
            <p className="font-medium">
              {FEEDBACK_EVENT_LABELS[event.kind]}
              {event.kind === "recorded" || event.toLabel === null
                ? null
                : event.fromLabel !== null
                  ? `: ${event.fromLabel} → ${event.toLabel}`
                  : `: ${event.toLabel}`}
            </p>
            {event.note ? (
              <p className="whitespace-pre-line" dir="auto">
                {event.note}
              </p>
            ) : null}
            <p className="text-sm text-slate-700">
              {event.actorName},{" "}
              <time dateTime={new Date(event.occurredAt).toISOString()}>
                {formatLondonDateTime(new Date(event.occurredAt))}
              </time>{" "}
              (London)
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function FeedbackPage() {
  const loaded = useLoaderData<typeof loader>();
  const { feedback, today } = loaded;
  const [searchParams] = useSearchParams();
  const notice = DONE_NOTICES[searchParams.get("done") ?? ""];
  const open = isOpenStatus(feedback.status);
  return (
    <div className="space-y-6">
      <p>
        <Link to="/feedback" className="text-brand-700 underline">
          Feedback
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Feedback from {feedback.community?.name ?? "the whole group"},{" "}
        {formatCalendarDate(feedback.receivedOn)}
      </h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p className="flex flex-wrap items-center gap-3">
        <FeedbackStatusLabel status={feedback.status} />
        {open ? (
          <span className={feedback.responseDueOn < today ? "font-semibold" : undefined}>
            {dueText(feedback.responseDueOn, today)}
          </span>
        ) : null}
        {feedback.awaitingDecision ? (
          <span className="rounded border border-red-800 bg-red-50 px-2 py-0.5 text-sm font-medium text-red-900">
            Escalated: awaiting decision
          </span>
        ) : null}
      </p>
      <p className="max-w-prose whitespace-pre-line" dir="auto">
        {feedback.summary}
      </p>
      <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-medium">Community</dt>
        <dd>
          {feedback.community ? (
            <Link to={`/communities/${feedback.community.id}`} className="text-brand-700 underline">
              {feedback.community.name}
            </Link>
          ) : (
            "The whole group"
          )}
        </dd>
        <dt className="font-medium">Strands</dt>
        <dd>{feedback.strands.map((strand) => strand.name).join(", ")}</dd>
        <dt className="font-medium">Given by</dt>
        <dd>
          {feedback.contacts.length + feedback.hiddenContactCount === 0 ? (
            "No one named: collective advice"
          ) : (
            <ul>
              {feedback.contacts.map((contact) => (
                <li key={contact.id}>
                  <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                    <bdi dir="auto">{contact.name}</bdi>
                  </Link>
                </li>
              ))}
              {Array.from({ length: feedback.hiddenContactCount }, (_, index) => (
                <li key={`hidden-${index}`}>a contact you cannot see</li>
              ))}
            </ul>
          )}
        </dd>
        <dt className="font-medium">Given at</dt>
        <dd>
          {feedback.engagement ? (
            <Link
              to={`/engagements/${feedback.engagement.id}`}
              className="text-brand-700 underline"
            >
              <bdi dir="auto">{feedback.engagement.title}</bdi>
            </Link>
          ) : feedback.engagementId !== null ? (
            "an engagement you cannot see"
          ) : (
            "Not recorded at an engagement"
          )}
        </dd>
        <dt className="font-medium">Channel</dt>
        <dd>{FEEDBACK_CHANNEL_LABELS[feedback.channel]}</dd>
        <dt className="font-medium">Category</dt>
        <dd>{FEEDBACK_CATEGORY_LABELS[feedback.category]}</dd>
        <dt className="font-medium">Sentiment</dt>
        <dd>{sentimentLabel(feedback.sentiment)}</dd>
        <dt className="font-medium">Priority</dt>
        <dd>{FEEDBACK_PRIORITY_LABELS[feedback.priority]}</dd>
        <dt className="font-medium">Shareable</dt>
        <dd>{feedback.isShareable ? "Yes, without names" : "No"}</dd>
        <dt className="font-medium">Owner</dt>
        <dd>{feedback.ownerName}</dd>
        <dt className="font-medium">Response due</dt>
        <dd>{formatCalendarDate(feedback.responseDueOn)}</dd>
        <dt className="font-medium">Recorded by</dt>
        <dd>
          {feedback.createdByName ?? "—"}, {formatLondonDateTime(new Date(feedback.createdAt))}
        </dd>
      </dl>
      {loaded.mayEdit ? (
        <p>
          <Link to={`/feedback/${feedback.id}/edit`} className="text-brand-700 underline">
            Edit this feedback
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="response-heading" className="space-y-2">
        <h2 id="response-heading" className="text-xl font-semibold">
          Response
        </h2>
        {feedback.responseOutcome ? (
          <>
            <p className="font-medium">
              {FEEDBACK_RESPONSE_OUTCOME_LABELS[feedback.responseOutcome]}, on{" "}
              {feedback.respondedOn ? formatCalendarDate(feedback.respondedOn) : "—"}
              {feedback.respondedOn && feedback.respondedOn > feedback.responseDueOn
                ? " (after the due date)"
                : " (on time)"}
            </p>
            <p className="max-w-prose whitespace-pre-line" dir="auto">
              {feedback.responseText}
            </p>
          </>
        ) : (
          <p>No response yet.</p>
        )}
      </section>

      {feedback.escalatedAt ? (
        <section aria-labelledby="steering-heading" className="space-y-2">
          <h2 id="steering-heading" className="text-xl font-semibold">
            Steering group
          </h2>
          <p>
            Escalated by {feedback.escalatedByName ?? "—"},{" "}
            {formatLondonDateTime(new Date(feedback.escalatedAt))} (London):
          </p>
          <p className="max-w-prose whitespace-pre-line" dir="auto">
            {feedback.escalationReason}
          </p>
          {feedback.steeringDecidedAt ? (
            <>
              <p className="font-medium">
                Decision by {feedback.steeringDecidedByName ?? "—"},{" "}
                {formatLondonDateTime(new Date(feedback.steeringDecidedAt))} (London)
                {feedback.awaitingDecision ? ", before the latest escalation" : null}:
              </p>
              <p className="max-w-prose whitespace-pre-line" dir="auto">
                {feedback.steeringDecision}
              </p>
            </>
          ) : (
            <p>No decision recorded yet.</p>
          )}
          {loaded.mayDecide ? (
            <p>
              <Link to={`/feedback/${feedback.id}/decision`} className="text-brand-700 underline">
                Record the steering group&apos;s decision
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="items-heading" className="space-y-3">
        <h2 id="items-heading" className="text-xl font-semibold">
          Linked action items
        </h2>
        {loaded.actionItems.length === 0 ? (
          <p>No action items you may see are linked to this feedback.</p>
        ) : (
          <ActionItemsTable
            caption="Action items linked to this feedback"
            items={loaded.actionItems}
            showCommunity
            showStrand
          />
        )}
      </section>

      <History events={feedback.events} />

      {loaded.mayProgress && feedback.status !== "closed" ? (
        <section
          aria-labelledby="workflow-heading"
          className="space-y-4 border-t border-slate-300 pt-6"
        >
          <h2 id="workflow-heading" className="text-xl font-semibold">
            Work on it
          </h2>
          {loaded.statusChoices.length > 0 ? <StatusForm choices={loaded.statusChoices} /> : null}
          {loaded.mayRespond ? <ResponseForm today={today} /> : null}
          {open ? <DueDateForm current={feedback.responseDueOn} /> : null}
          <ReassignForm owners={loaded.owners} />
          {feedback.awaitingDecision ? null : <EscalateForm />}
        </section>
      ) : null}
    </div>
  );
}
