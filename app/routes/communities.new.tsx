// Add a community (admins only), refused once twelve are active.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import { CommunityForm } from "~/components/community-form";
import { getDb } from "~/db/client.server";
import {
  ACTIVE_LIMIT_MESSAGE,
  communitySchema,
  MAX_ACTIVE_COMMUNITIES,
} from "~/domain/communities.schema";
import {
  countActiveCommunities,
  createCommunity,
  leadOfficerChoices,
} from "~/domain/communities.server";
import { allCountries } from "~/domain/iso-codes";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New community · CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "community" }, "community.manage");
  const db = getDb();
  return {
    countries: allCountries(),
    leadOfficers: leadOfficerChoices(db),
    atLimit: countActiveCommunities(db) >= MAX_ACTIVE_COMMUNITIES,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "community" }, "community.manage");
  const submission = parseWithZod(await readForm(request), { schema: communitySchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const result = createCommunity(getDb(), user, submission.value);
  if (!result.ok) {
    return data(
      submission.reply({
        formErrors: result.formError ? [result.formError] : undefined,
        fieldErrors: result.fieldErrors,
      }),
      { status: result.formError ? 409 : 400 },
    );
  }
  return redirect(`/communities/${result.communityId}?done=created`);
}

export default function NewCommunityPage() {
  const { countries, leadOfficers, atLimit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/communities" className="text-brand-700 underline">
          Communities
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New community</h1>
      {atLimit ? (
        <p className="max-w-prose rounded border border-amber-700 bg-amber-50 p-3 text-amber-950">
          {ACTIVE_LIMIT_MESSAGE}
        </p>
      ) : null}
      <CommunityForm
        lastResult={lastResult}
        countries={countries}
        leadOfficers={leadOfficers}
        defaultValue={{
          name: "",
          countryCode: "",
          languages: "",
          status: "identified",
          leadOfficerId: "",
          notes: "",
        }}
        submitLabel="Add community"
      />
    </div>
  );
}
