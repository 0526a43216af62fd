// The programme's action-plan template: its items per strand, and a form to add one.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { can } from "~/auth/policy";
import { requireUser } from "~/auth/guard.server";
import { TemplateItemForm } from "~/components/action-plan-ui";
import { Notice } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { STRAND_KEYS } from "~/db/schema";
import { ACTION_OWNER_ROLE_LABELS, templateItemSchema } from "~/domain/action-plans.schema";
import { createTemplateItem, listTemplateItems } from "~/domain/action-plans.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Action-plan template · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const db = getDb();
  const strands = listStrands(db);
  const editableStrands = strands.filter((strand) =>
    can(user, "actionTemplate.edit", { strandKey: strand.key }),
  );
  if (editableStrands.length === 0) throw new Response("Forbidden", { status: 403 });
  const items = listTemplateItems(db, { includeArchived: true }).map((item) => ({
    ...item,
    editable: editableStrands.some((strand) => strand.key === item.strandKey),
  }));
  return {
    strands,
    items,
    strandOptions: editableStrands.map(({ key, name }) => ({ key, name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request);
  if (!STRAND_KEYS.some((strandKey) => can(user, "actionTemplate.edit", { strandKey }))) {
    throw new Response("Forbidden", { status: 403 });
  }
  const submission = parseWithZod(await readForm(request), { schema: templateItemSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!can(user, "actionTemplate.edit", { strandKey: submission.value.strandKey })) {
    return data(
      submission.reply({ fieldErrors: { strandKey: ["You can only add items to your strands"] } }),
      { status: 403 },
    );
  }
  createTemplateItem(getDb(), user, submission.value);
  return redirect("/action-plans/template?added=1#template-heading");
}

export default function TemplatePage() {
  const { strands, items, strandOptions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/action-plans" className="text-brand-700 underline">
          Action plans
        </Link>
      </p>
      <h1 id="template-heading" className="text-2xl font-semibold">
        Action-plan template
      </h1>
      <p className="max-w-prose">
        Applying the template to a community copies these items into its plan, dated from the
        plan&apos;s start. Changing the template never changes plans already made.
      </p>
      {searchParams.get("added") ? <Notice>Template item added.</Notice> : null}
      {searchParams.get("saved") ? <Notice>Template item saved.</Notice> : null}
      {strands.map((strand) => {
        const strandItems = items.filter((item) => item.strandKey === strand.key);
        return (
          <section key={strand.key} aria-labelledby={`strand-${strand.key}`} className="space-y-2">
            <h2 id={`strand-${strand.key}`} className="text-xl font-semibold">
              {strand.name}
            </h2>
            {strandItems.length === 0 ? (
              <p>No template items for this strand.</p>
            ) : (
              <ol className="space-y-2">
                {strandItems.map((item) => (
                  <li key={item.id} className="rounded border border-slate-300 bg-white p-3">
                    <p className="font-medium">
                      {item.editable ? (
                        <Link
                          to={`/action-plans/template/${item.id}`}
                          className="text-brand-700 underline"
                        >
                          <bdi dir="auto">{item.title}</bdi>
                        </Link>
                      ) : (
                        <bdi dir="auto">{item.title}</bdi>
                      )}
                      {item.archivedAt ? " (archived: no longer applied)" : null}
                    </p>
                    <p className="text-sm text-slate-700">
                      Due {item.dueOffsetDays} days after the start ·{" "}
                      {ACTION_OWNER_ROLE_LABELS[item.defaultOwnerRole]} · position {item.position}
                    </p>
                    {item.description ? <p className="mt-1">{item.description}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
      <section
        aria-labelledby="new-template-item"
        className="space-y-3 border-t border-slate-300 pt-6"
      >
        <h2 id="new-template-item" className="text-xl font-semibold">
          Add a template item
        </h2>
        <TemplateItemForm
          lastResult={lastResult}
          strandOptions={strandOptions}
          defaultValue={{ position: "0", dueOffsetDays: "30" }}
          submitLabel="Add template item"
        />
      </section>
    </div>
  );
}
