// Pieces the feedback pages share: the status label, the record and edit form, the short list an
// engagement, community or contact page shows, "awaiting my response" and the dashboard's section.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { z } from "zod";
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CHANNELS,
  FEEDBACK_PRIORITIES,
  type FeedbackStatus,
} from "~/db/schema";
import {
  DUE_SOON_DAYS,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_CHANNEL_LABELS,
  FEEDBACK_PRIORITY_LABELS,
  FEEDBACK_STATUS_LABELS,
  RESPONSE_DUE_DAYS,
  feedbackEditSchema,
  feedbackListHref,
  feedbackRecordSchema,
} from "~/domain/feedback.schema";
import { daysBetween, dueInDaysText, formatCalendarDate } from "~/domain/london-time";
import { ContactPicker } from "./contact-picker";
import { Group, SENTIMENT_OPTIONS, type ContactPickerState } from "./engagement-form";
import {
  CheckboxField,
  CheckboxGroup,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from "./forms";

const STATUS_STYLES: Record<FeedbackStatus, string> = {
  received: "border-slate-600 bg-white text-slate-900",
  acknowledged: "border-brand-700 bg-white text-brand-800",
  in_progress: "border-amber-800 bg-amber-50 text-amber-900",
  responded: "border-green-800 bg-green-50 text-green-900",
  closed: "border-slate-500 bg-slate-100 text-slate-800",
};

/** The status as words in a bordered badge: the colour only repeats what the text says. */
export function FeedbackStatusLabel({ status }: { status: FeedbackStatus }) {
  return (
    <span
      className={`inline-block rounded border px-2 py-0.5 text-sm font-medium ${STATUS_STYLES[status]}`}
    >
      {FEEDBACK_STATUS_LABELS[status]}
    </span>
  );
}

/** "Overdue by 3 days", "Due today", "Due in 5 days". */
export function dueText(dueOn: string, today: string): string {
  return dueInDaysText(daysBetween(today, dueOn));
}

export type FeedbackFormDefaults = {
  receivedOn: string;
  communityId: string;
  channel: string;
  category: string;
  strandKeys: string[];
  summary: string;
  sentiment: string;
  priority: string;
  isShareable: boolean;
  /** Only when recording: the answer's owner and due date are changed later through their own steps. */
  ownerUserId?: string;
  responseDueOn?: string;
  dueDateReason?: string;
  engagementId?: string;
  contactIds?: string[];
};

/** The picker's search posts the form; it is never held up by the form's own rules. */
const findContactsSubmission = z.object({});

export function FeedbackForm({
  mode,
  lastResult,
  defaultValue,
  communities,
  strands,
  owners,
  picker,
  engagement,
  wholeGroupAllowed,
}: {
  mode: "record" | "edit";
  /** Whether the user may record feedback of no one community (a liaison officer may not). */
  wholeGroupAllowed: boolean;
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: FeedbackFormDefaults;
  communities: readonly { id: number; name: string }[];
  strands: readonly { key: string; name: string }[];
  owners: readonly { id: number; displayName: string }[];
  picker: ContactPickerState;
  /** The engagement it was given at, when recorded from one. */
  engagement: { id: number; title: string } | null;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) =>
      parseWithZod(formData, {
        schema:
          formData.get("intent") === "find-contacts"
            ? findContactsSubmission
            : mode === "record"
              ? feedbackRecordSchema()
              : feedbackEditSchema(),
      }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-6">
      <FormErrors id={form.errorId} errors={form.errors} />
      {engagement ? (
        <p>
          Given at{" "}
          <Link to={`/engagements/${engagement.id}`} className="text-brand-700 underline">
            <bdi dir="auto">{engagement.title}</bdi>
          </Link>
          <input type="hidden" name="engagementId" value={engagement.id} />
        </p>
      ) : null}
      {fields.engagementId.errors?.length ? (
        <FormErrors errors={fields.engagementId.errors} />
      ) : null}

      <Group legend="What was said">
        <TextField meta={fields.receivedOn} label="Received on" type="date" />
        <SelectField
          meta={fields.channel}
          label="How it was given"
          options={FEEDBACK_CHANNELS.map((channel) => ({
            value: channel,
            label: FEEDBACK_CHANNEL_LABELS[channel],
          }))}
        />
        <SelectField
          meta={fields.category}
          label="Category"
          placeholder="Choose a category"
          options={FEEDBACK_CATEGORIES.map((category) => ({
            value: category,
            label: FEEDBACK_CATEGORY_LABELS[category],
          }))}
        />
        <TextareaField
          meta={fields.summary}
          label="Summary"
          hint="What the community advised, in a few sentences. Shareable items are summarised without names."
        />
        <SelectField
          meta={fields.sentiment}
          label="Sentiment"
          placeholder="Choose a reading"
          options={SENTIMENT_OPTIONS}
        />
        <SelectField
          meta={fields.priority}
          label="Priority"
          options={FEEDBACK_PRIORITIES.map((priority) => ({
            value: priority,
            label: FEEDBACK_PRIORITY_LABELS[priority],
          }))}
        />
        <CheckboxField
          meta={fields.isShareable}
          label="Shareable: may appear, without names, in the community's “you said, we did”"
        />
      </Group>

      <Group legend="Who gave it and where it belongs">
        <SelectField
          meta={fields.communityId}
          label="Community"
          placeholder={
            wholeGroupAllowed ? "The whole group (no one community)" : "Choose a community"
          }
          options={communities.map((community) => ({
            value: String(community.id),
            label: community.name,
          }))}
        />
        <CheckboxGroup
          meta={fields.strandKeys}
          legend="Strands"
          options={strands.map((strand) => ({ value: strand.key, label: strand.name }))}
        />
        <ContactPicker
          key={[
            ...picker.chosenContacts.map((contact) => contact.id),
            "|",
            ...(picker.pickerResults ?? []).map((contact) => contact.id),
            picker.pickerQuery,
          ].join(",")}
          chosen={picker.chosenContacts}
          serverResults={picker.pickerResults}
          query={picker.pickerQuery}
          errors={fields.contactIds.errors}
          errorId={fields.contactIds.errorId}
          legend="Contacts who gave it (none when the advice was collective)"
          resultsLegend="Tick the contacts who gave it"
        />
      </Group>

      {mode === "record" ? (
        <Group legend="Who answers, and by when">
          <SelectField
            meta={fields.ownerUserId}
            label="Owner of the answer"
            options={owners.map((owner) => ({
              value: String(owner.id),
              label: owner.displayName,
            }))}
          />
          <TextField
            meta={fields.responseDueOn}
            label="Response due on"
            type="date"
            hint={`${RESPONSE_DUE_DAYS} days after receipt unless there is a reason for another date`}
          />
          <TextareaField
            meta={fields.dueDateReason}
            label="Reason for another due date"
            hint={`Only when the response is not due ${RESPONSE_DUE_DAYS} days after receipt`}
          />
        </Group>
      ) : null}

      <SubmitButton>{mode === "record" ? "Record feedback" : "Save changes"}</SubmitButton>
    </Form>
  );
}

type ShortItem = {
  id: number;
  receivedOn: string;
  summary: string;
  status: FeedbackStatus;
  communityName: string | null;
};

/** The newest few items on an engagement, community or contact page, and the way to all of them. */
export function FeedbackShortList({
  items,
  total,
  allHref,
  recordHref,
  emptyText,
}: {
  items: readonly ShortItem[];
  total: number;
  allHref: string;
  recordHref?: string | null;
  emptyText: string;
}) {
  return (
    <section
      aria-labelledby="feedback-heading"
      className="space-y-3 rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="feedback-heading" className="text-xl font-semibold">
        Feedback
      </h2>
      {recordHref ? (
        <p>
          <Link
            to={recordHref}
            className="inline-block rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Record feedback
          </Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => (
            <li key={item.id} className="border-b border-slate-200 pb-2">
              <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                {formatCalendarDate(item.receivedOn)} · {item.communityName ?? "Whole group"}
                <FeedbackStatusLabel status={item.status} />
              </p>
              <Link to={`/feedback/${item.id}`} className="text-brand-700 underline">
                <bdi dir="auto">{summaryLine(item.summary)}</bdi>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {total > 0 ? (
        <p>
          <Link to={allHref} className="text-brand-700 underline">
            All {total} feedback item{total === 1 ? "" : "s"}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The summary's first line, cut short for a list. */
export function summaryLine(summary: string): string {
  const line = summary.split("\n")[0] ?? "";
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

/** Home: open feedback the user owns that is overdue or due within the week. */
export function FeedbackAwaitingResponse({
  items,
  total,
  today,
  ownerId,
}: {
  items: readonly {
    id: number;
    summary: string;
    responseDueOn: string;
    communityName: string | null;
  }[];
  total: number;
  today: string;
  ownerId: number;
}) {
  return (
    <section
      aria-labelledby="feedback-awaiting-heading"
      className="rounded border border-slate-300 bg-white p-4"
    >
      <h3 id="feedback-awaiting-heading" className="text-lg font-semibold">
        Feedback awaiting my response
      </h3>
      <p className="text-sm text-slate-700">
        Open items you own, overdue or due within {DUE_SOON_DAYS} days.
      </p>
      {total === 0 ? (
        <p className="mt-2">Nothing is due from you this week.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {items.map((item) => (
            <li key={item.id}>
              <p className={item.responseDueOn < today ? "font-semibold" : undefined}>
                {dueText(item.responseDueOn, today)}
                <span className="font-normal text-slate-700">
                  {" "}
                  ({formatCalendarDate(item.responseDueOn)}) · {item.communityName ?? "Whole group"}
                </span>
              </p>
              <Link to={`/feedback/${item.id}`} className="text-brand-700 underline">
                <bdi dir="auto">{summaryLine(item.summary)}</bdi>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? (
        <p className="mt-2 text-sm">
          <Link
            to={`/feedback?owner=${ownerId}&sort=due&dir=asc`}
            className="text-brand-700 underline"
          >
            and {total - items.length} more
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The dashboard's feedback section: what is overdue, due this week, and waiting for the steering group. */
export function FeedbackDashboardSection({
  counts,
}: {
  counts: { overdue: number; dueThisWeek: number; awaitingDecision: number };
}) {
  const rows = [
    {
      label: "Open and overdue",
      value: counts.overdue,
      href: feedbackListHref({ overdue: "yes" }),
    },
    {
      label: `Open and due within ${DUE_SOON_DAYS} days`,
      value: counts.dueThisWeek,
      href: feedbackListHref({ due: "week" }),
    },
    {
      label: "Escalated, awaiting the steering group's decision",
      value: counts.awaitingDecision,
      href: feedbackListHref({ escalated: "awaiting" }),
    },
  ];
  return (
    <section aria-labelledby="feedback-dashboard-heading" className="space-y-3">
      <h2 id="feedback-dashboard-heading" className="text-xl font-semibold">
        Feedback
      </h2>
      <p>Critical-friend feedback you may see, by what it is waiting for.</p>
      <ul className="grid gap-3 sm:grid-cols-3">
        {rows.map((row) => (
          <li key={row.label} className="rounded border border-slate-300 bg-white p-4">
            <Link to={row.href} className="block text-brand-700 underline">
              <span className="block text-3xl font-semibold">{row.value}</span>
              <span>{row.label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
