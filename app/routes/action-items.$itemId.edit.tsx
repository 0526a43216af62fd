// Edit or reassign an action item (admins and the leads of its strand); status moves through progress.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { ActionItemEditForm } from "~/components/action-plan-ui";
import { getDb } from "~/db/client.server";
import { actionItemEditSchema, actionPlanIdSchema } from "~/domain/action-plans.schema";
import { getActionItem, ownerChoices, updateActionItem } from "~/domain/action-plans.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.item.title ?? "action item"} · CRG Engagement CRM` },
];

/** 404 for an item the user cannot see, 403 for one they see but may not manage. */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = actionPlanIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const item = getActionItem(getDb(), parsed.data);
  if (!item || !can(user, "actionItem.read", item)) notFound();
  ensureAllowed(
    user,
    { as: 403, entityType: "action_item", entityId: item.id },
    "actionItem.manage",
    item,
  );
  return { user, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { item } = authorise(request, params.itemId);
  const owners = ownerChoices(getDb()).map(({ id, displayName }) => ({ id, displayName }));
  // A deactivated owner stays listed, so saving other fields does not silently unassign the item.
  if (item.ownerUserId !== null && !owners.some((owner) => owner.id === item.ownerUserId)) {
    owners.push({
      id: item.ownerUserId,
      displayName: `${item.ownerName ?? "Unknown"} (deactivated)`,
    });
  }
  return { item, owners };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, item } = authorise(request, params.itemId);
  const submission = parseWithZod(await readForm(request), { schema: actionItemEditSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateActionItem(getDb(), user, item.id, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/action-items/${item.id}?saved=1`);
}

export default function EditActionItemPage() {
  const { item, owners } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/action-items/${item.id}`} className="text-brand-700 underline">
          <bdi dir="auto">{item.title}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit item</h1>
      <p className="max-w-prose">
        {item.strandName} · {item.communityName}. To start, block, finish or cancel the item, record
        progress on its page: status changes keep their history there.
      </p>
      <ActionItemEditForm
        lastResult={lastResult}
        owners={owners}
        defaultValue={{
          title: item.title,
          description: item.description,
          ownerUserId: item.ownerUserId === null ? "" : String(item.ownerUserId),
          dueOn: item.dueOn,
        }}
      />
    </div>
  );
}
