// The header: product name, the navigation the user's role may use, and the account menu.
import { Form, NavLink } from "@remix-run/react";
import { can, type Actor } from "~/auth/policy";

type HeaderUser = Actor & { displayName: string; email: string };

export type NavLinkSpec = { to: string; label: string };

/** Only what the role may open: the same policy the server enforces. */
export function navigationFor(user: Actor): NavLinkSpec[] {
  const links: NavLinkSpec[] = [{ to: "/", label: "Home" }];
  if (can(user, "community.list")) links.push({ to: "/communities", label: "Communities" });
  links.push({ to: "/contacts", label: "Contacts" });
  links.push({ to: "/organisations", label: "Organisations" });
  // Every role reads engagements, each within its own scope.
  links.push({ to: "/engagements", label: "Engagements" });
  links.push({ to: "/dashboard", label: "Dashboard" });
  links.push({ to: "/strands", label: "Strands" });
  links.push({ to: "/action-plans", label: "Action plans" });
  // Every role reads feedback, each within its own scope.
  links.push({ to: "/feedback", label: "Feedback" });
  if (can(user, "indicator.read")) links.push({ to: "/indicators", label: "Indicators" });
  if (can(user, "review.read")) links.push({ to: "/reviews", label: "Reviews" });
  if (can(user, "admin.area")) {
    links.push({ to: "/admin/users", label: "Users" });
    links.push({ to: "/admin/audit", label: "Audit log" });
    links.push({ to: "/admin/retention", label: "Retention review" });
  }
  if (can(user, "indicator.define")) {
    links.push({ to: "/admin/indicators", label: "Indicator definitions" });
  }
  return links;
}

const ROLE_LABELS: Record<Actor["role"], string> = {
  admin: "Admin",
  steering: "Steering group",
  strand_lead: "Strand lead",
  liaison: "Liaison officer",
};

export function roleLabel(role: Actor["role"]): string {
  return ROLE_LABELS[role];
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="no-print bg-brand-800 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <a href="/" className="text-lg font-semibold text-white no-underline">
          CRG Engagement
        </a>
        {user ? (
          <>
            <nav aria-label="Main" className="flex-1">
              <ul className="flex flex-wrap gap-x-4 gap-y-1">
                {navigationFor(user).map((link) => (
                  <li key={link.to}>
                    <NavLink
                      to={link.to}
                      end={link.to === "/"}
                      className={({ isActive }) =>
                        `rounded px-1 py-1 text-white ${isActive ? "font-semibold underline" : "hover:underline"}`
                      }
                    >
                      {link.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <Form method="get" action="/search" role="search" className="flex items-center gap-1">
              <label htmlFor="site-search" className="sr-only">
                Search contacts and organisations
              </label>
              <input
                id="site-search"
                type="search"
                name="q"
                dir="auto"
                placeholder="Search people, organisations"
                className="w-48 rounded border border-white/60 bg-white px-2 py-1 text-sm text-slate-900"
              />
              <button
                type="submit"
                className="rounded border border-white/60 px-2 py-1 text-sm text-white hover:bg-white/10"
              >
                Search
              </button>
            </Form>
            <div className="flex items-center gap-3 text-sm">
              <a href="/account" className="text-white underline">
                {user.displayName} <span className="sr-only">(account)</span>
              </a>
              <span className="rounded bg-white/15 px-2 py-0.5">{roleLabel(user.role)}</span>
              <Form method="post" action="/logout">
                <button
                  type="submit"
                  className="rounded border border-white/60 px-2 py-1 text-white hover:bg-white/10"
                >
                  Sign out
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </div>
    </header>
  );
}
