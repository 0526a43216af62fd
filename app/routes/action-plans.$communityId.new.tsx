// Add an item to a community's plan outside the template, in a strand the user manages.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { ActionItemCreateForm } from "~/components/action-plan-ui";
import { getDb } from "~/db/client.server";
import { STRAND_KEYS } from "~/db/schema";
import { actionItemCreateSchema, actionPlanIdSchema } from "~/domain/action-plans.schema";
import { createActionItem, getActionPlan, ownerChoices } from "~/domain/action-plans.server";
import { getCommunity } from "~/domain/communities.server";
import { addDays, londonToday } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `New item for ${data?.community.name ?? "a community"} · CRG Engagement CRM` },
];

/**
 * The community and the strands the user may add items to; 404 when the user cannot open the
 * plan, 403 when they can read it but manage none of its strands.
 */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = actionPlanIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const db = getDb();
  const community = getCommunity(db, user, parsed.data);
  if (!community || !can(user, "actionPlan.read", { communityId: community.id })) notFound();
  const strandOptions = listStrands(db)
    .filter((strand) =>
      can(user, "actionItem.manage", {
        communityId: community.id,
        strandKey: strand.key,
        ownerUserId: null,
      }),
    )
    .map(({ key, name }) => ({ key, name }));
  if (strandOptions.length === 0) throw new Response("Forbidden", { status: 403 });
  return { user, community, strandOptions };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, strandOptions } = authorise(request, params.communityId);
  const db = getDb();
  if (!getActionPlan(db, community.id)) {
    // Items belong to a plan: without one, the page sends the user to apply the template first.
    throw redirect(`/action-plans/${community.id}`);
  }
  const strand = new URL(request.url).searchParams.get("strand");
  return {
    community: { id: community.id, name: community.name },
    strandOptions,
    owners: ownerChoices(db),
    defaultStrand: STRAND_KEYS.find((key) => key === strand) ?? "",
    defaultDueOn: addDays(londonToday(new Date()), 30),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, strandOptions } = authorise(request, params.communityId);
  const submission = parseWithZod(await readForm(request), { schema: actionItemCreateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!strandOptions.some((strand) => strand.key === submission.value.strandKey)) {
    return data(
      submission.reply({ fieldErrors: { strandKey: ["You can only add items to your strands"] } }),
      { status: 403 },
    );
  }
  const result = createActionItem(getDb(), user, community.id, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/action-items/${result.id}?created=1`);
}

export default function NewActionItemPage() {
  const { community, strandOptions, owners, defaultStrand, defaultDueOn } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/action-plans/${community.id}`} className="text-brand-700 underline">
          Action plan: {community.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New item for {community.name}</h1>
      <ActionItemCreateForm
        lastResult={lastResult}
        strandOptions={strandOptions}
        owners={owners}
        defaultValue={{ strandKey: defaultStrand, dueOn: defaultDueOn }}
      />
    </div>
  );
}
