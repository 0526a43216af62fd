// A community's action plan, grouped by strand, with the form that applies the template to it.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { can } from "~/auth/policy";
import type { SessionUser } from "~/auth/session.server";
import { ActionItemsTable } from "~/components/action-plan-ui";
import { FormErrors, Notice, SubmitButton, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { actionPlanIdSchema, applyTemplateSchema } from "~/domain/action-plans.schema";
import { applyTemplate, getActionPlan, listPlanItems } from "~/domain/action-plans.server";
import { COMMUNITY_STATUS_LABELS } from "~/domain/communities.schema";
import { getCommunity } from "~/domain/communities.server";
import { formatCalendarDate, londonToday } from "~/domain/london-time";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Action plan: ${data?.community.name ?? "community"} · CRG Engagement CRM` },
];

/** The community, if the user may open its plan; otherwise 404 so ids cannot be probed. */
function authorise(request: Request, rawId: string | undefined) {
  const user: SessionUser = requireUser(request);
  const parsed = actionPlanIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const community = getCommunity(getDb(), user, parsed.data);
  if (!community || !can(user, "actionPlan.read", { communityId: community.id })) notFound();
  return { user, community };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = authorise(request, params.communityId);
  const db = getDb();
  const today = londonToday(new Date());
  const plan = getActionPlan(db, community.id);
  const items = plan ? listPlanItems(db, user, community.id, today) : [];
  const strands = listStrands(db).map((strand) => ({
    key: strand.key,
    name: strand.name,
    canAddItems: can(user, "actionItem.manage", {
      communityId: community.id,
      strandKey: strand.key,
      ownerUserId: null,
    }),
  }));
  return {
    community: { id: community.id, name: community.name, status: community.status },
    plan: plan ? { startOn: plan.startOn } : null,
    items,
    strands,
    today,
    canApply: can(user, "actionPlan.apply", { communityId: community.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community } = authorise(request, params.communityId);
  ensureAllowed(
    user,
    { as: 403, entityType: "action_plan", entityId: community.id },
    "actionPlan.apply",
    { communityId: community.id },
  );
  const db = getDb();
  const plan = getActionPlan(db, community.id);
  const formData = await readForm(request);
  let startOn: string;
  if (plan) {
    // A plan keeps the start date it was made with: a second apply only fills in what it lacks.
    startOn = plan.startOn;
  } else {
    const submission = parseWithZod(formData, { schema: applyTemplateSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    startOn = submission.value.startOn;
  }
  const result = applyTemplate(db, user, community.id, startOn);
  if (!result.ok) {
    return data({ status: "error" as const, error: { "": [result.formError] } }, { status: 409 });
  }
  return redirect(`/action-plans/${community.id}?added=${result.added}`);
}

function ApplyTemplateForm({ hasPlan, today }: { hasPlan: boolean; today: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { startOn: today },
    onValidate: ({ formData }) =>
      hasPlan
        ? parseWithZod(formData, { schema: applyTemplateSchema.partial() })
        : parseWithZod(formData, { schema: applyTemplateSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      {hasPlan ? (
        <p>
          Adds any template items this plan does not have yet, dated from the plan&apos;s start.
          Items already in the plan are left as they are.
        </p>
      ) : (
        <TextField
          meta={fields.startOn}
          label="Plan start date"
          hint="Each item's due date counts from this day."
          type="date"
        />
      )}
      <SubmitButton>{hasPlan ? "Add missing template items" : "Apply the template"}</SubmitButton>
    </Form>
  );
}

export default function CommunityPlanPage() {
  const { community, plan, items, strands, today, canApply } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const added = searchParams.get("added");
  return (
    <div className="space-y-6">
      <p>
        <Link to="/action-plans" className="text-brand-700 underline">
          Action plans
        </Link>{" "}
        ·{" "}
        <Link to={`/communities/${community.id}`} className="text-brand-700 underline">
          {community.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Action plan: {community.name}</h1>
      <p>
        Community status: {COMMUNITY_STATUS_LABELS[community.status]}.{" "}
        {plan
          ? `The plan started on ${formatCalendarDate(plan.startOn)}.`
          : "The template has not been applied yet."}
      </p>
      {added !== null && /^\d+$/.test(added) ? (
        <Notice>
          {added === "0"
            ? "The plan already had every template item: nothing was added."
            : `${added} ${added === "1" ? "item was" : "items were"} added from the template.`}
        </Notice>
      ) : null}
      {searchParams.get("created") ? <Notice>Item added to the plan.</Notice> : null}
      {plan
        ? strands.map((strand) => {
            const strandItems = items.filter((item) => item.strandKey === strand.key);
            if (strandItems.length === 0 && !strand.canAddItems) return null;
            return (
              <section
                key={strand.key}
                aria-labelledby={`strand-${strand.key}`}
                className="space-y-2"
              >
                <h2 id={`strand-${strand.key}`} className="text-xl font-semibold">
                  {strand.name}
                </h2>
                {strandItems.length === 0 ? (
                  <p>No items in this strand.</p>
                ) : (
                  <ActionItemsTable
                    caption={`${strand.name} items of ${community.name}'s plan`}
                    items={strandItems}
                    showCommunity={false}
                    showStrand={false}
                  />
                )}
                {strand.canAddItems ? (
                  <p>
                    <Link
                      to={`/action-plans/${community.id}/new?strand=${strand.key}`}
                      className="text-brand-700 underline"
                    >
                      Add a {strand.name} item
                    </Link>
                  </p>
                ) : null}
              </section>
            );
          })
        : null}
      {canApply ? (
        <section
          aria-labelledby="apply-heading"
          className="space-y-3 border-t border-slate-300 pt-6"
        >
          <h2 id="apply-heading" className="text-xl font-semibold">
            {plan ? "Top up from the template" : "Apply the template"}
          </h2>
          <ApplyTemplateForm hasPlan={plan !== null} today={today} />
        </section>
      ) : null}
    </div>
  );
}
