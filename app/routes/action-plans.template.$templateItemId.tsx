// Edit one template item, or archive it so that it is no longer applied (plans keep their copies).
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { TemplateItemForm } from "~/components/action-plan-ui";
import { SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import {
  actionPlanIdSchema,
  templateItemIntentSchema,
  templateItemSchema,
} from "~/domain/action-plans.schema";
import {
  getTemplateItem,
  setTemplateItemArchived,
  updateTemplateItem,
} from "~/domain/action-plans.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.templateItem.title ?? "template item"} · CRG Engagement CRM` },
];

/** The item, if it exists and its strand is one the user may edit; otherwise 404. */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = actionPlanIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const templateItem = getTemplateItem(getDb(), parsed.data);
  if (!templateItem || !can(user, "actionTemplate.edit", { strandKey: templateItem.strandKey })) {
    notFound();
  }
  return { user, templateItem };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, templateItem } = authorise(request, params.templateItemId);
  const strandOptions = listStrands(getDb())
    .filter((strand) => can(user, "actionTemplate.edit", { strandKey: strand.key }))
    .map(({ key, name }) => ({ key, name }));
  return { templateItem, strandOptions };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, templateItem } = authorise(request, params.templateItemId);
  const formData = await readForm(request);
  const intent = templateItemIntentSchema.safeParse(formData.get("intent") ?? "save");
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const db = getDb();
  if (intent.data !== "save") {
    setTemplateItemArchived(db, user, templateItem.id, intent.data === "archive");
    return redirect("/action-plans/template?saved=1");
  }
  const submission = parseWithZod(formData, { schema: templateItemSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  if (!can(user, "actionTemplate.edit", { strandKey: submission.value.strandKey })) {
    return data(
      submission.reply({ fieldErrors: { strandKey: ["You can only move items to your strands"] } }),
      { status: 403 },
    );
  }
  const result = updateTemplateItem(db, user, templateItem.id, submission.value);
  if (!result.ok) {
    return data(submission.reply({ formErrors: [result.formError ?? "That could not be saved"] }), {
      status: 409,
    });
  }
  return redirect("/action-plans/template?saved=1");
}

export default function EditTemplateItemPage() {
  const { templateItem, strandOptions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const archived = templateItem.archivedAt !== null;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/action-plans/template" className="text-brand-700 underline">
          Action-plan template
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit <bdi dir="auto">{templateItem.title}</bdi>
      </h1>
      <p className="max-w-prose">
        Changes apply to plans made or topped up from now on; items already in plans keep what they
        were given.
      </p>
      <TemplateItemForm
        lastResult={lastResult}
        strandOptions={strandOptions}
        defaultValue={{
          strandKey: templateItem.strandKey,
          title: templateItem.title,
          description: templateItem.description,
          dueOffsetDays: String(templateItem.dueOffsetDays),
          defaultOwnerRole: templateItem.defaultOwnerRole,
          position: String(templateItem.position),
        }}
        submitLabel="Save changes"
      />
      <section
        aria-labelledby="archive-heading"
        className="space-y-3 border-t border-slate-300 pt-6"
      >
        <h2 id="archive-heading" className="text-xl font-semibold">
          {archived ? "Restore" : "Archive"}
        </h2>
        <p>
          {archived
            ? "Restoring makes the template add this item again when it is next applied."
            : "Archiving stops the template adding this item; plans that have it keep it."}
        </p>
        <Form method="post">
          <SubmitButton name="intent" value={archived ? "restore" : "archive"}>
            {archived ? "Restore template item" : "Archive template item"}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
