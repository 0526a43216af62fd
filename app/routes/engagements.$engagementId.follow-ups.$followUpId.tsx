// Mark a follow-up done or reopen it: its owner, or anyone who may change its engagement.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { followUpStatusSchema, recordIdParamSchema } from "~/domain/engagements.schema";
import { findEngagementAccess, setFollowUpCompleted } from "~/domain/engagements.server";
import { readForm } from "~/http/form.server";

/** The follow-up is shown on its engagement's page; this address only takes the buttons' posts. */
export async function loader({ params }: LoaderFunctionArgs) {
  const parsed = recordIdParamSchema.safeParse(params.engagementId);
  if (!parsed.success) notFound();
  return redirect(`/engagements/${parsed.data}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireUser(request);
  const engagementId = recordIdParamSchema.safeParse(params.engagementId);
  const followUpId = recordIdParamSchema.safeParse(params.followUpId);
  if (!engagementId.success || !followUpId.success) notFound();
  const access = findEngagementAccess(getDb(), engagementId.data);
  if (!access) notFound();
  ensureAllowed(
    user,
    { as: 404, entityType: "engagement", entityId: engagementId.data },
    "record.read",
    access,
  );
  const intent = followUpStatusSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const completed = intent.data.intent === "complete";
  const result = setFollowUpCompleted(getDb(), user, engagementId.data, followUpId.data, completed);
  if (!result.ok)
    throw new Response(result.formError ?? "That could not be done", { status: result.status });
  return redirect(
    `/engagements/${engagementId.data}?done=${completed ? "follow-up-completed" : "follow-up-reopened"}`,
  );
}
