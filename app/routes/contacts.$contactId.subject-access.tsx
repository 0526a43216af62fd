// Subject access: an admin downloads, as JSON, everything held about one person, to answer a
// request under data-protection law. The download is audited as an export of the contact.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ensureAllowed, notFound, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { contactIdSchema } from "~/domain/contacts.schema";
import { subjectAccessExport } from "~/domain/subject-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const parsed = contactIdSchema.safeParse(params.contactId);
  ensureAllowed(
    user,
    { as: 403, entityType: "contact", entityId: parsed.success ? parsed.data : null },
    "contact.subjectAccess",
  );
  if (!parsed.success) notFound();
  const now = new Date();
  const held = subjectAccessExport(getDb(), user, parsed.data, now);
  if (!held) notFound();
  return new Response(`${JSON.stringify(held, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="subject-access-contact-${parsed.data}-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
