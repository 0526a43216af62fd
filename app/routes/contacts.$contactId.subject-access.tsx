// Subject access: an admin downloads, as JSON, everything held about one person, to answer a
// request under data-protection law. The download is audited as an export of the contact.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireContactTool } from "~/auth/guard.server";
import { getDb } from "~/db/client.server";
import { subjectAccessExport } from "~/domain/subject-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, contactId } = requireContactTool(
    request,
    params.contactId,
    "contact.subjectAccess",
  );
  const now = new Date();
  const held = subjectAccessExport(getDb(), user, contactId, now);
  if (!held) notFound();
  return new Response(`${JSON.stringify(held, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="subject-access-contact-${contactId}-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
