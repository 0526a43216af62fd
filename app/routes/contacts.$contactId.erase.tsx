// Erasure: an admin removes an archived person for good, at their request, with the reason kept in
// the audit log. The page says first what goes, what stays and what to check by hand.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireContactTool } from "~/auth/guard.server";
import { CheckboxField, FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { contactErasureSchema } from "~/domain/contacts.schema";
import { engagementListHref } from "~/domain/engagement-lists.schema";
import { eraseContact, erasurePreview } from "~/domain/erasure.server";
import { feedbackListHref } from "~/domain/feedback.schema";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Erase a person · CRG Engagement CRM" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { contactId } = requireContactTool(request, params.contactId, "contact.erase");
  const preview = erasurePreview(getDb(), contactId);
  if (!preview) notFound();
  return {
    ...preview,
    archived: preview.contact.archivedAt !== null,
    engagementsHref: engagementListHref({ contact: contactId }),
    feedbackHref: feedbackListHref({ contact: contactId }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contactId } = requireContactTool(request, params.contactId, "contact.erase");
  const submission = parseWithZod(await readForm(request), { schema: contactErasureSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = eraseContact(getDb(), user, contactId, submission.value.reason);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      { result: submission.reply({ formErrors: [result.formError] }) },
      { status: result.status },
    );
  }
  // What is left of the person: the audit events, redacted, with the erasure on top.
  return redirect(`/admin/audit?entityType=contact&entityId=${contactId}`);
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

export default function EraseContactPage() {
  const { contact, archived, engagements, feedback, auditEvents, mergedIds, ...links } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: contactErasureSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const name = (
    <bdi dir="auto">
      {contact.name}
      {contact.latinName && contact.latinName !== contact.name ? ` (${contact.latinName})` : ""}
    </bdi>
  );
  return (
    <div className="max-w-2xl space-y-6">
      <p>
        <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
          {name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Erase {name}?</h1>
      {!archived ? (
        <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          Archive this contact first: only an archived person can be erased, so that nobody is
          erased while still being worked with.{" "}
          <Link to={`/contacts/${contact.id}`} className="underline">
            Back to the contact
          </Link>
        </p>
      ) : (
        <>
          <section aria-labelledby="erase-what-goes" className="space-y-2">
            <h2 id="erase-what-goes" className="text-xl font-semibold">
              What is removed for good
            </h2>
            <ul className="list-disc space-y-1 pl-6">
              <li>the contact record: every field, strands, tags and notes;</li>
              <li>
                their place among the attendees of{" "}
                {plural(engagements, "engagement", "engagements")} and on{" "}
                {plural(feedback, "feedback item", "feedback items")} (the engagements and the
                feedback stay);
              </li>
              <li>their entry in the search;</li>
              <li>
                the changed fields and details of{" "}
                {plural(auditEvents, "audit event", "audit events")} about them
                {mergedIds.length
                  ? `, including the ${plural(mergedIds.length, "record", "records")} merged into this one (#${mergedIds.join(", #")})`
                  : ""}
                . Those events keep who did what and when.
              </li>
            </ul>
          </section>
          <section aria-labelledby="erase-check" className="space-y-2">
            <h2 id="erase-check" className="text-xl font-semibold">
              Check by hand first
            </h2>
            <p>
              Minutes, notes, summaries and answers are free text and may still name this person.
              Read{" "}
              <Link to={links.engagementsHref} className="text-brand-700 underline">
                the engagements they attended
              </Link>{" "}
              and{" "}
              <Link to={links.feedbackHref} className="text-brand-700 underline">
                the feedback that names them
              </Link>{" "}
              and edit out what identifies them before erasing: once they are erased, those lists
              can no longer be filtered by them. Frozen steering-review packs keep their figures.
            </p>
          </section>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextareaField
              meta={fields.reason}
              label="Reason for erasing"
              hint="Kept in the audit log: the request and its reference, not the person's details"
            />
            <CheckboxField
              meta={fields.confirm}
              label="I understand that this person cannot be brought back"
            />
            <div className="flex flex-wrap items-center gap-4">
              <SubmitButton>Erase this person</SubmitButton>
              <Link to={`/contacts/${contact.id}`} className="text-brand-700 underline">
                Cancel
              </Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
