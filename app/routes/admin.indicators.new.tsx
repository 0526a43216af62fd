// Define a soft indicator (admins only): its name, scale and which direction is better.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { IndicatorForm } from "~/components/indicator-ui";
import { getDb } from "~/db/client.server";
import { indicatorSchema } from "~/domain/indicators.schema";
import { createIndicator } from "~/domain/indicators.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New indicator · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "indicator" }, "indicator.define");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "indicator" }, "indicator.define");
  const submission = parseWithZod(await readForm(request), { schema: indicatorSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = createIndicator(getDb(), user, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: 400 },
    );
  }
  return redirect("/admin/indicators?done=created");
}

export default function NewIndicatorPage() {
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/indicators" className="text-brand-700 underline">
          Indicator definitions
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New indicator</h1>
      <IndicatorForm
        lastResult={lastResult}
        defaultValue={{ scaleMin: "1", scaleMax: "5", direction: "higher", position: "0" }}
        submitLabel="Add indicator"
      />
    </div>
  );
}
