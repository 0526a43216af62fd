// Edit a contact: read access to see it, write access to both its old and new place; a possible twin is warned of first.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import type { SessionUser } from "~/auth/session.server";
import { ContactForm } from "~/components/contact-form";
import { getDb } from "~/db/client.server";
import { contactIdSchema, contactSchema } from "~/domain/contacts.schema";
import {
  contactCommunityChoices,
  contactOrganisationIdOf,
  contactOwnerChoices,
  findContactScope,
  findPossibleDuplicates,
  getContactForView,
  initialOrganisationPicker,
  mayLeaveCommunityEmpty,
  organisationPickerStateFromForm,
  updateContact,
} from "~/domain/contacts.server";
import { listStrands } from "~/domain/strands.server";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Edit ${data?.contact.latinName || data?.contact.name || "contact"} · CRG Engagement CRM`,
  },
];

/** One the user may not see is not there (404); one they may see but not change is refused (403). */
function authorise(
  request: Request,
  rawId: string | undefined,
): { user: SessionUser; contactId: number } {
  const user = requireUser(request);
  const parsed = contactIdSchema.safeParse(rawId);
  if (!parsed.success) notFound();
  const contactId = parsed.data;
  const scope = findContactScope(getDb(), contactId);
  if (!scope) notFound();
  const denial = { entityType: "contact", entityId: contactId };
  ensureAllowed(user, { ...denial, as: 404 }, "record.read", scope);
  ensureAllowed(user, { ...denial, as: 403 }, "record.update", scope);
  return { user, contactId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, contactId } = authorise(request, params.contactId);
  const db = getDb();
  // The form shows the whole record, so opening it is a view of a person's record like the page.
  const contact = getContactForView(db, user, contactId, { detail: "edit form" });
  if (!contact) notFound();
  return {
    contact: {
      id: contact.id,
      name: contact.name,
      latinName: contact.latinName,
      pronouns: contact.pronouns,
      roleTitle: contact.roleTitle,
      organisationId: contact.organisationId === null ? "" : String(contact.organisationId),
      communityId: contact.communityId === null ? "" : String(contact.communityId),
      strandKeys: contact.strandKeys,
      email: contact.email,
      phone: contact.phone,
      preferredLanguage: contact.preferredLanguage,
      interpreterNeeded: contact.interpreterNeeded,
      isCrgMember: contact.isCrgMember,
      termsOfReferenceSignedOn: contact.termsOfReferenceSignedOn ?? "",
      vettingStatus: contact.vettingStatus ?? "",
      vettingOn: contact.vettingOn ?? "",
      vettingReviewOn: contact.vettingReviewOn ?? "",
      confidentialitySignedOn: contact.confidentialitySignedOn ?? "",
      declaredInterests: contact.declaredInterests,
      interestsDeclaredOn: contact.interestsDeclaredOn ?? "",
      lawfulBasis: contact.lawfulBasis ?? "",
      lawfulBasisRecordedOn: contact.lawfulBasisRecordedOn ?? "",
      keyContactCadenceDays:
        contact.keyContactCadenceDays === null ? "" : String(contact.keyContactCadenceDays),
      ownerUserId: contact.ownerUserId === null ? "" : String(contact.ownerUserId),
      tags: contact.tags.join(", "),
      notes: contact.notes,
    },
    communities: contactCommunityChoices(db, user, contact.communityId),
    mayLeaveCommunityEmpty: mayLeaveCommunityEmpty(user),
    organisationPicker: initialOrganisationPicker(db, user, contact.organisationId),
    owners: contactOwnerChoices(db, contact.ownerUserId),
    strands: listStrands(db).map((strand) => ({ key: strand.key, name: strand.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, contactId } = authorise(request, params.contactId);
  const formData = await readForm(request);
  const db = getDb();
  const organisationPicker = organisationPickerStateFromForm(
    db,
    user,
    formData,
    contactOrganisationIdOf(db, contactId),
  );
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
    const duplicates = findPossibleDuplicates(db, user, submission.value, contactId);
    if (duplicates.length > 0) {
      return data({ result: submission.reply(), duplicates, organisationPicker }, { status: 409 });
    }
  }
  const result = updateContact(db, user, contactId, submission.value);
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
  return redirect(`/contacts/${contactId}?done=saved`);
}

export default function EditContactPage() {
  const { contact, communities, mayLeaveCommunityEmpty, organisationPicker, owners, strands } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { id, ...defaultValue } = contact;
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/contacts/${id}`} className="text-brand-700 underline">
          <bdi dir="auto">{contact.name}</bdi>
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit <bdi dir="auto">{contact.name}</bdi>
      </h1>
      <ContactForm
        lastResult={actionData?.result}
        duplicates={actionData?.duplicates ?? null}
        defaultValue={defaultValue}
        organisationPicker={actionData?.organisationPicker ?? organisationPicker}
        communities={communities}
        mayLeaveCommunityEmpty={mayLeaveCommunityEmpty}
        strands={strands}
        owners={owners}
        submitLabel="Save changes"
      />
    </div>
  );
}
