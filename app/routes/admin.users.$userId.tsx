// One user (admins only): edit their details and assignments, deactivate or reactivate, reset their password.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { FormErrors, Notice, SubmitButton, TextField } from "~/components/forms";
import { roleLabel } from "~/components/site-header";
import { UserForm } from "~/components/user-form";
import { getDb } from "~/db/client.server";
import {
  editUserSchema,
  resetPasswordSchema,
  userIdSchema,
  userIntentSchema,
} from "~/domain/users.schema";
import {
  communityChoices,
  deactivateUser,
  getUser,
  reactivateUser,
  resetPassword,
  strandChoices,
  updateUser,
} from "~/domain/users.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.displayName ?? "User"} · CRG Engagement CRM` },
];

const NOTICES: Record<string, string> = {
  created: "The user was added. They can sign in with the initial password.",
  saved: "The changes were saved.",
  deactivated: "The user was deactivated and signed out everywhere.",
  reactivated: "The user was reactivated and can sign in again.",
  "password-reset": "The password was reset and the user was signed out everywhere.",
};

function authorise(
  request: Request,
  rawId: string | undefined,
): {
  actor: SessionUser;
  userId: number;
} {
  const actor = requireUser(request);
  const parsed = userIdSchema.safeParse(rawId);
  ensureAllowed(
    actor,
    { as: 403, entityType: "user", entityId: parsed.success ? parsed.data : null },
    "admin.area",
  );
  if (!parsed.success) notFound();
  return { actor, userId: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, userId } = authorise(request, params.userId);
  const db = getDb();
  const user = getUser(db, userId);
  if (!user) notFound();
  return {
    user,
    isSelf: actor.id === user.id,
    communities: communityChoices(db, user.id),
    strands: strandChoices(db),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, userId } = authorise(request, params.userId);
  const db = getDb();
  if (!getUser(db, userId)) notFound();
  const formData = await readForm(request);
  const intent = userIntentSchema.safeParse(formData.get("intent") ?? "save");
  if (!intent.success) throw new Response("Unknown action", { status: 400 });

  if (intent.data === "deactivate" || intent.data === "reactivate") {
    const result =
      intent.data === "deactivate"
        ? deactivateUser(db, actor, userId)
        : reactivateUser(db, actor, userId);
    if (!result.ok) {
      return data(
        { intent: intent.data, error: result.formError ?? "That could not be done" },
        { status: 409 },
      );
    }
    return redirect(
      `/admin/users/${userId}?done=${intent.data === "deactivate" ? "deactivated" : "reactivated"}`,
    );
  }

  if (intent.data === "resetPassword") {
    const submission = parseWithZod(formData, { schema: resetPasswordSchema });
    if (submission.status !== "success") {
      return data(
        { intent: intent.data, result: submission.reply({ hideFields: ["password"] }) },
        { status: 400 },
      );
    }
    const result = await resetPassword(db, actor, userId, submission.value);
    if (!result.ok) {
      return data(
        {
          intent: intent.data,
          result: submission.reply({
            formErrors: result.formError ? [result.formError] : undefined,
            fieldErrors: result.fieldErrors,
            hideFields: ["password"],
          }),
        },
        { status: 400 },
      );
    }
    return redirect(`/admin/users/${userId}?done=password-reset`);
  }

  const submission = parseWithZod(formData, { schema: editUserSchema });
  if (submission.status !== "success") {
    return data({ intent: intent.data, result: submission.reply() }, { status: 400 });
  }
  const result = updateUser(db, actor, userId, submission.value);
  if (!result.ok) {
    return data(
      {
        intent: intent.data,
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
      },
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/admin/users/${userId}?done=saved`);
}

function ResetPasswordForm({
  action,
  lastResult,
}: {
  action: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value="resetPassword" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.password}
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, at most 256. Give it to the user in person."
      />
      <SubmitButton>Reset password</SubmitButton>
    </Form>
  );
}

export default function UserPage() {
  const { user, isSelf, communities, strands } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("done") ?? ""];
  const resultFor = (intent: "save" | "resetPassword") =>
    actionData && actionData.intent === intent && "result" in actionData
      ? actionData.result
      : undefined;
  const statusError = actionData && "error" in actionData ? actionData.error : undefined;
  // Forms post to the bare URL so that a "done" notice does not reappear beside an error.
  const pageUrl = `/admin/users/${user.id}`;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/admin/users" className="text-brand-700 underline">
          Users
        </Link>
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      <div>
        <h1 className="text-2xl font-semibold">{user.displayName}</h1>
        <p className="mt-1 text-slate-700">
          {roleLabel(user.role)} · {user.isActive ? "Active" : "Deactivated"}
        </p>
      </div>
      <section aria-labelledby="details-heading" className="space-y-3">
        <h2 id="details-heading" className="text-xl font-semibold">
          Details and assignments
        </h2>
        <UserForm
          mode="edit"
          lastResult={resultFor("save")}
          defaultValue={{
            displayName: user.displayName,
            email: user.email,
            role: user.role,
            communityIds: user.communityIds.map(String),
            strandKeys: user.strandKeys,
          }}
          communities={communities}
          strands={strands}
          submitLabel="Save changes"
          action={pageUrl}
        />
      </section>
      <section
        aria-labelledby="status-heading"
        className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
      >
        <h2 id="status-heading" className="text-xl font-semibold">
          {user.isActive ? "Deactivate" : "Reactivate"}
        </h2>
        <FormErrors id="status-errors" errors={statusError ? [statusError] : undefined} />
        {isSelf ? (
          <p>You cannot deactivate your own account; another admin can.</p>
        ) : (
          <>
            <p>
              {user.isActive
                ? "A deactivated user cannot sign in, and is signed out everywhere at once. Their records and history stay."
                : "Reactivating lets the user sign in again with their password."}
            </p>
            <Form method="post" action={pageUrl}>
              <SubmitButton name="intent" value={user.isActive ? "deactivate" : "reactivate"}>
                {user.isActive ? "Deactivate user" : "Reactivate user"}
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
      <section
        aria-labelledby="password-heading"
        className="max-w-xl space-y-3 border-t border-slate-300 pt-6"
      >
        <h2 id="password-heading" className="text-xl font-semibold">
          Reset password
        </h2>
        {isSelf ? (
          <p>
            To change your own password, use{" "}
            <Link to="/account" className="text-brand-700 underline">
              your account page
            </Link>
            .
          </p>
        ) : (
          <>
            <p>Setting a new password signs the user out everywhere.</p>
            <ResetPasswordForm action={pageUrl} lastResult={resultFor("resetPassword")} />
          </>
        )}
      </section>
    </div>
  );
}
