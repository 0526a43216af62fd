// One strand: what it covers and who leads it; admins edit the description and the leads here.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { can } from "~/auth/policy";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { CheckboxGroup, FormErrors, Notice, SubmitButton, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  strandKeySchema,
  strandSchema,
  type StrandFormValues,
  type StrandInput,
} from "~/domain/strands.schema";
import { getStrand, strandLeadChoices, updateStrand } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.strand.name ?? "Strand"} · CRG Engagement CRM` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const strandKey = strandKeySchema.safeParse(params.strandKey);
  if (!strandKey.success) notFound();
  const db = getDb();
  const strand = getStrand(db, strandKey.data);
  if (!strand) notFound();
  const canManage = can(user, "strand.manage");
  return { strand, canManage, leadChoices: canManage ? strandLeadChoices(db) : [] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(
    user,
    { as: 403, entityType: "strand", entityId: params.strandKey ?? null },
    "strand.manage",
  );
  const strandKey = strandKeySchema.safeParse(params.strandKey);
  if (!strandKey.success) notFound();
  // Only description and leads are read from the form: a posted key or name is never looked at.
  const submission = parseWithZod(await readForm(request), { schema: strandSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const result = updateStrand(getDb(), user, strandKey.data, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: 400 },
    );
  }
  return redirect(`/strands/${strandKey.data}?saved=1`);
}

function StrandForm({
  strand,
  leadChoices,
}: {
  strand: { description: string; leads: { id: number }[] };
  leadChoices: { id: number; displayName: string; email: string }[];
}) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<StrandFormValues, StrandInput>({
    lastResult,
    defaultValue: {
      description: strand.description,
      leadUserIds: strand.leads.map((lead) => String(lead.id)),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: strandSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField meta={fields.description} label="Description" />
      {leadChoices.length ? (
        <CheckboxGroup
          meta={fields.leadUserIds}
          legend="Leads"
          options={leadChoices.map((choice) => ({
            value: String(choice.id),
            label: choice.displayName,
          }))}
        />
      ) : (
        <p>
          There are no active users with the strand-lead role to choose from. Give a user that role
          first.
        </p>
      )}
      <SubmitButton>Save strand</SubmitButton>
    </Form>
  );
}

export default function StrandPage() {
  const { strand, canManage, leadChoices } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/strands" className="text-brand-700 underline">
          Strands
        </Link>
      </p>
      {searchParams.get("saved") ? <Notice>The strand was saved.</Notice> : null}
      <h1 className="text-2xl font-semibold">{strand.name}</h1>
      <section aria-labelledby="about-heading" className="space-y-2">
        <h2 id="about-heading" className="text-xl font-semibold">
          About this strand
        </h2>
        <p className="max-w-prose whitespace-pre-line">
          {strand.description || "No description yet."}
        </p>
        <h3 className="font-semibold">Leads</h3>
        {strand.leads.length ? (
          <ul className="list-disc pl-5">
            {strand.leads.map((lead) => (
              <li key={lead.id}>{lead.displayName}</li>
            ))}
          </ul>
        ) : (
          <p>No lead yet.</p>
        )}
      </section>
      {canManage ? (
        <section
          aria-labelledby="edit-heading"
          className="space-y-3 border-t border-slate-300 pt-6"
        >
          <h2 id="edit-heading" className="text-xl font-semibold">
            Edit strand
          </h2>
          <p className="text-slate-700">
            The strand&apos;s name and key are fixed by the programme and cannot be changed.
          </p>
          <StrandForm strand={strand} leadChoices={leadChoices} />
        </section>
      ) : null}
    </div>
  );
}
