// Sign in with email and password.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { getSessionUser, safeRedirectPath } from "~/auth/guard.server";
import { signInSchema } from "~/auth/sign-in.schema";
import { signIn } from "~/auth/sign-in.server";
import { sessionCookie, sessionExpiresAt } from "~/auth/session.server";
import { FormErrors, SubmitButton, TextField } from "~/components/forms";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Sign in · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (getSessionUser(request)) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await signIn({
    email: submission.value.email,
    password: submission.value.password,
    ipAddress: context?.clientAddress ?? "unknown",
    now: new Date(),
  });
  if (!result.ok) {
    const message =
      result.reason === "locked"
        ? "Too many failed sign-in attempts. Signing in is paused for 15 minutes; try again later or ask an admin."
        : "The email address or password is not right.";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "locked" ? 429 : 401,
    });
  }
  return redirect(safeRedirectPath(submission.value.redirectTo), {
    headers: { "Set-Cookie": sessionCookie(result.token, sessionExpiresAt(result.session)) },
  });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="mt-2 text-slate-700">
        Community Reference Group engagement records. Authorised users only.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label="Email" type="email" autoComplete="username" />
        <TextField
          meta={fields.password}
          label="Password"
          type="password"
          autoComplete="current-password"
        />
        <SubmitButton>Sign in</SubmitButton>
      </Form>
    </div>
  );
}
