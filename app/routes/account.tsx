// The signed-in user's own account: who they are, what they are assigned to, and changing their password.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser, requireUserSession } from "~/auth/guard.server";
import { FormErrors, Notice, SubmitButton, TextField } from "~/components/forms";
import { roleLabel } from "~/components/site-header";
import { getDb } from "~/db/client.server";
import { changePasswordSchema } from "~/domain/users.schema";
import { changeOwnPassword, getUser, PASSWORD_CHECKS_PAUSED } from "~/domain/users.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Your account · CRG Engagement CRM" }];

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = requireUser(request);
  const account = getUser(getDb(), sessionUser.id);
  // The session was valid a moment ago; a user deleted since is simply signed out.
  if (!account) throw redirect("/login");
  return { account };
}

function accountWriteStatus(result: { formError?: string }): number {
  if (result.formError === PASSWORD_CHECKS_PAUSED) return 429;
  return result.formError ? 409 : 400;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = requireUserSession(request);
  const submission = parseWithZod(await readForm(request), { schema: changePasswordSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: PASSWORD_FIELDS }), { status: 400 });
  }
  const result = await changeOwnPassword(getDb(), user, session.id, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
        hideFields: PASSWORD_FIELDS,
      }),
      { status: accountWriteStatus(result) },
    );
  }
  return redirect("/account?done=password-changed");
}

export default function AccountPage() {
  const { account } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldValidate: "onSubmit",
  });
  const assignments =
    account.role === "liaison"
      ? { label: "Communities", names: account.communities.map((community) => community.name) }
      : account.role === "strand_lead"
        ? { label: "Strands", names: account.strands.map((strand) => strand.name) }
        : null;
  return (
    <div className="space-y-8">
      {searchParams.get("done") === "password-changed" ? (
        <Notice>
          Your password was changed. You stay signed in here; any other sessions were signed out.
        </Notice>
      ) : null}
      <h1 className="text-2xl font-semibold">Your account</h1>
      <section aria-labelledby="profile-heading" className="space-y-2">
        <h2 id="profile-heading" className="text-xl font-semibold">
          Profile
        </h2>
        <dl className="grid max-w-xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-medium">Name</dt>
          <dd>{account.displayName}</dd>
          <dt className="font-medium">Email</dt>
          <dd className="break-all">{account.email}</dd>
          <dt className="font-medium">Role</dt>
          <dd>{roleLabel(account.role)}</dd>
          {assignments ? (
            <>
              <dt className="font-medium">{assignments.label}</dt>
              <dd>{assignments.names.length ? assignments.names.join(", ") : "None yet"}</dd>
            </>
          ) : null}
        </dl>
        <p className="text-sm text-slate-600">
          An admin changes your name, email, role and assignments.
        </p>
      </section>
      <section aria-labelledby="calendar-heading" className="max-w-xl space-y-2">
        <h2 id="calendar-heading" className="text-xl font-semibold">
          Calendar feed
        </h2>
        <p>
          See the planned engagements you attend in Outlook or on your phone:{" "}
          <Link to="/account/calendar" className="text-brand-700 underline">
            set up your calendar feed
          </Link>
          .
        </p>
      </section>
      <section aria-labelledby="password-heading" className="max-w-xl space-y-3">
        <h2 id="password-heading" className="text-xl font-semibold">
          Change password
        </h2>
        <Form method="post" action="/account" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField
            meta={fields.currentPassword}
            label="Current password"
            type="password"
            autoComplete="current-password"
          />
          <TextField
            meta={fields.newPassword}
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters, at most 256. A few unrelated words make a strong one."
          />
          <TextField
            meta={fields.confirmPassword}
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
          />
          <SubmitButton>Change password</SubmitButton>
        </Form>
        <p className="text-sm text-slate-600">
          Changing your password signs you out on every other device.
        </p>
      </section>
    </div>
  );
}
