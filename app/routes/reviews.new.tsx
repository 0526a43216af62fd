// A new steering review: its title, the period it reviews and the day the group meets; saving it
// builds and freezes the pack.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { londonToday } from "~/domain/london-time";
import { previousQuarter, quarterLabel, quarterOf, quarterRange } from "~/domain/quarters";
import {
  reviewCreateSchema,
  type ReviewCreateFormValues,
  type ReviewCreateInput,
} from "~/domain/steering-reviews.schema";
import { createReview } from "~/domain/steering-reviews.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New steering review · CRG Engagement CRM" }];

function authorise(request: Request) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "steering_review" }, "review.manage");
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  authorise(request);
  // The last complete quarter is what a review usually looks back on.
  const today = londonToday(new Date());
  const quarter = previousQuarter(quarterOf(today));
  const { from, to } = quarterRange(quarter);
  const defaultValue: ReviewCreateFormValues = {
    title: `Steering review, ${quarterLabel(quarter)}`,
    periodStart: from,
    periodEnd: to,
    heldOn: today,
  };
  return { defaultValue };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = authorise(request);
  const submission = parseWithZod(await readForm(request), { schema: reviewCreateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createReview(getDb(), user, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: 409 },
    );
  }
  return redirect(`/reviews/${result.id}?created=1`);
}

export default function NewReviewPage() {
  const { defaultValue } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<ReviewCreateFormValues, ReviewCreateInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewCreateSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="space-y-4">
      <p>
        <Link to="/reviews" className="text-brand-700 underline">
          Steering reviews
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New steering review</h1>
      <p className="max-w-prose">
        Saving builds the review&apos;s pack from today&apos;s records and freezes it: reopening the
        review later shows these figures, whatever changes afterwards. Escalated feedback awaiting a
        decision and overdue feedback are put before the review.
      </p>
      <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.title} label="Title" dir="auto" />
        <TextField meta={fields.periodStart} label="Period from" type="date" />
        <TextField
          meta={fields.periodEnd}
          label="Period to"
          type="date"
          hint="Both days are included; at most two years."
        />
        <TextField meta={fields.heldOn} label="Date the group meets" type="date" />
        <SubmitButton>Create review and freeze its pack</SubmitButton>
      </Form>
    </div>
  );
}
