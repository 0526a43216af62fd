// What every loader and action calls first: who is asking, and may they do this?
import { redirect } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { recordAudit } from "~/domain/audit.server";
import { contactIdSchema } from "~/domain/contacts.schema";
import { can, type PolicyAction, type PolicyTarget } from "./policy";
import {
  readSessionToken,
  validateSessionToken,
  type Session,
  type SessionUser,
} from "./session.server";

/**
 * The session of each request being answered. The root and the page loaders both ask for the
 * user: the session is read once per request. Loaders after an action get a new Request from
 * Remix, so a session an action ends or changes is read again.
 */
const sessionOfRequest = new WeakMap<Request, { user: SessionUser; session: Session } | null>();

export function getSessionUser(request: Request): { user: SessionUser; session: Session } | null {
  const known = sessionOfRequest.get(request);
  if (known !== undefined) return known;
  const token = readSessionToken(request);
  const current = token ? validateSessionToken(token, new Date()) : null;
  sessionOfRequest.set(request, current);
  return current;
}

/** Only paths on this site: read the way a browser will (tabs and newlines dropped, "\\" as "/"). */
export function safeRedirectPath(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  const base = "http://redirect.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

export function requireUserSession(request: Request): { user: SessionUser; session: Session } {
  const current = getSessionUser(request);
  if (!current) {
    const url = new URL(request.url);
    const returnTo = url.pathname + url.search;
    const query = returnTo === "/" ? "" : `?${new URLSearchParams({ redirectTo: returnTo })}`;
    throw redirect(`/login${query}`);
  }
  return current;
}

export function requireUser(request: Request): SessionUser {
  return requireUserSession(request).user;
}

type DenialOptions = {
  /** A record the user may not see answers 404 so ids cannot be probed; whole areas answer 403. */
  as: 404 | 403;
  entityType: string;
  entityId?: string | number | null;
};

/** Throws 404 or 403 (and audits the denial) unless the policy allows the action. */
export function ensureAllowed<A extends PolicyAction>(
  user: SessionUser,
  denial: DenialOptions,
  action: A,
  ...target: PolicyTarget<A>
): void {
  if (can(user, action, ...target)) return;
  recordAudit(getDb(), {
    actorUserId: user.id,
    action: "denied",
    entityType: denial.entityType,
    entityId: denial.entityId ?? null,
    detail: action,
  });
  throw new Response(denial.as === 404 ? "Not found" : "Forbidden", { status: denial.as });
}

/** For records that do not exist at all: the same answer as a record the user may not see. */
export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** The policy actions of the admin's data-protection tools about one person. */
type ContactToolAction = "contact.subjectAccess" | "contact.erase" | "admin.area";

/**
 * The user and contact number of a data-protection tool's page. Anyone the policy does not allow is
 * refused (403) whatever the number, so no one else learns which contacts exist; for an allowed
 * user, a number that is not one is a page that does not exist.
 */
export function requireContactTool(
  request: Request,
  rawContactId: string | undefined,
  action: ContactToolAction,
): { user: SessionUser; contactId: number } {
  const user = requireUser(request);
  const parsed = contactIdSchema.safeParse(rawContactId);
  ensureAllowed(
    user,
    { as: 403, entityType: "contact", entityId: parsed.success ? parsed.data : null },
    action,
  );
  if (!parsed.success) notFound();
  return { user, contactId: parsed.data };
}
