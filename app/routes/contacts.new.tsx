// Add a contact, in a community and strands the user may write to, warning first of a possible twin.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { ContactForm, EMPTY_CONTACT_FORM } from "~/components/contact-form";
import { getDb } from "~/db/client.server";
import { contactSchema } from "~/domain/contacts.schema";
import {
  contactCommunityChoices,
  contactOwnerChoices,
  createContact,
  findPossibleDuplicates,
  initialOrganisationPicker,
  mayLeaveCommunityEmpty,
  organisationPickerStateFromForm,
} from "~/domain/contacts.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "New contact · CRG Engagement CRM" }];

function authorise(request: Request): SessionUser {
  const user = requireUser(request);
  ensureAllowed(user, { as: 403, entityType: "contact" }, "record.create", {
    communityIds: user.communityIds,
    strandKeys: user.strandKeys,
  });
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = authorise(request);
  const db = getDb();
  const communities = contactCommunityChoices(db, user);
  const mayLeaveEmpty = mayLeaveCommunityEmpty(user);
  const owners = contactOwnerChoices(db);
  return {
    communities,
    mayLeaveCommunityEmpty: mayLeaveEmpty,
    organisationPicker: initialOrganisationPicker(db, user, null),
    owners,
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
    // A liaison officer with one community need not choose it; the one adding a contact owns it.
    defaultCommunityId:
      !mayLeaveEmpty && communities.length === 1 ? String(communities[0]!.id) : "",
    defaultOwnerUserId: owners.some((owner) => owner.id === user.id) ? String(user.id) : "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = authorise(request);
  const formData = await readForm(request);
  const db = getDb();
  const organisationPicker = organisationPickerStateFromForm(db, user, formData);
  const submission = parseWithZod(formData, { schema: contactSchema });
  if (formData.get("intent") === "find-organisations") {
    // Only a search: everything typed comes back as it was, without judging it yet.
    return data({
      result: { ...submission.reply(), status: undefined, error: {} },
      duplicates: null,
      organisationPicker,
    });
  }
  if (submission.status !== "success") {
    return data(
      { result: submission.reply(), duplicates: null, organisationPicker },
      { status: 400 },
    );
  }
  if (submission.value.confirmDuplicate !== "yes") {
    const duplicates = findPossibleDuplicates(db, user, submission.value);
    if (duplicates.length > 0) {
      return data({ result: submission.reply(), duplicates, organisationPicker }, { status: 409 });
    }
  }
  const result = createContact(db, user, submission.value);
  if (!result.ok) {
    return data(
      {
        result: submission.reply({
          formErrors: result.formError ? [result.formError] : undefined,
          fieldErrors: result.fieldErrors,
        }),
        duplicates: null,
        organisationPicker,
      },
      { status: result.status },
    );
  }
  return redirect(`/contacts/${result.contactId}?done=created`);
}

export default function NewContactPage() {
  const {
    communities,
    mayLeaveCommunityEmpty,
    organisationPicker,
    owners,
    strands,
    defaultCommunityId,
    defaultOwnerUserId,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/contacts" className="text-brand-700 underline">
          Contacts
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New contact</h1>
      <ContactForm
        lastResult={actionData?.result}
        duplicates={actionData?.duplicates ?? null}
        defaultValue={{
          ...EMPTY_CONTACT_FORM,
          communityId: defaultCommunityId,
          ownerUserId: defaultOwnerUserId,
        }}
        organisationPicker={actionData?.organisationPicker ?? organisationPicker}
        communities={communities}
        mayLeaveCommunityEmpty={mayLeaveCommunityEmpty}
        strands={strands}
        owners={owners}
        submitLabel="Add contact"
      />
    </div>
  );
}
