// Edit a soft indicator (admins only), or archive it: its readings stay, it takes no new ones.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { FormErrors, SubmitButton } from "~/components/forms";
import { IndicatorForm } from "~/components/indicator-ui";
import { getDb } from "~/db/client.server";
import {
  indicatorIdSchema,
  indicatorIntentSchema,
  indicatorSchema,
} from "~/domain/indicators.schema";
import { getIndicator, setIndicatorArchived, updateIndicator } from "~/domain/indicators.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.indicator.name ?? "indicator"} · CRG Engagement CRM` },
];

function authorise(request: Request, rawId: string | undefined) {
  const user = requireUser(request);
  const parsed = indicatorIdSchema.safeParse(rawId);
  ensureAllowed(
    user,
    { as: 403, entityType: "indicator", entityId: parsed.success ? parsed.data : null },
    "indicator.define",
  );
  if (!parsed.success) notFound();
  const indicator = getIndicator(getDb(), parsed.data);
  if (!indicator) notFound();
  return { user, indicator };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { indicator } = authorise(request, params.indicatorId);
  return { indicator };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, indicator } = authorise(request, params.indicatorId);
  const formData = await readForm(request);
  const intent = indicatorIntentSchema.safeParse(formData.get("intent") ?? "save");
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const db = getDb();
  if (intent.data !== "save") {
    const archived = intent.data === "archive";
    const result = setIndicatorArchived(db, user, indicator.id, archived);
    if (!result.ok) {
      return data({ statusError: result.formError ?? "That could not be done" }, { status: 409 });
    }
    return redirect(`/admin/indicators?done=${archived ? "archived" : "restored"}`);
  }
  const submission = parseWithZod(formData, { schema: indicatorSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = updateIndicator(db, user, indicator.id, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect("/admin/indicators?done=saved");
}

export default function EditIndicatorPage() {
  const { indicator } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && !("statusError" in actionData) ? actionData : undefined;
  const statusError = actionData && "statusError" in actionData ? actionData.statusError : null;
  const archived = indicator.archivedAt !== null;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/indicators" className="text-brand-700 underline">
          Indicator definitions
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit <bdi dir="auto">{indicator.name}</bdi>
      </h1>
      {archived ? (
        <p className="rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          Archived: its readings are kept, but it takes no new ones and is left off the dashboard.
        </p>
      ) : null}
      <IndicatorForm
        lastResult={lastResult}
        defaultValue={{
          name: indicator.name,
          description: indicator.description,
          scaleMin: String(indicator.scaleMin),
          scaleMax: String(indicator.scaleMax),
          direction: indicator.higherIsBetter ? "higher" : "lower",
          position: String(indicator.position),
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
        <FormErrors id="status-errors" errors={statusError ? [statusError] : undefined} />
        <p>
          {archived
            ? "Restoring puts the indicator back on the dashboard and the readings forms."
            : "Archiving keeps every reading but stops new ones and takes the indicator off the dashboard."}
        </p>
        <Form method="post">
          <SubmitButton name="intent" value={archived ? "restore" : "archive"}>
            {archived ? "Restore indicator" : "Archive indicator"}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
