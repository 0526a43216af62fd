// The document: header with the role's navigation, the page, and the app-wide error pages.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getSessionUser } from "~/auth/guard.server";
import { useNonce } from "~/components/nonce";
import { SiteHeader } from "~/components/site-header";
import stylesheet from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "CRG Engagement CRM" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const current = getSessionUser(request);
  return { user: current?.user ?? null };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full bg-slate-50 text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <SiteHeader user={data?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let message =
    "The page could not be shown. Try again; if it keeps happening, tell the programme manager.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      message =
        "There is nothing here, or it is not yours to see. Check the address or go back home.";
    } else if (error.status === 403) {
      title = "Not allowed";
      message = "Your role does not give you access to this page.";
    } else if (error.status === 400 || error.status === 422) {
      title = "That request could not be handled";
      message = typeof error.data === "string" && error.data.length < 200 ? error.data : message;
    } else if (error.status === 413) {
      title = "Too much data";
      message = "What was sent is too large.";
    }
  }
  return (
    <section aria-labelledby="error-title" className="max-w-prose">
      <h1 id="error-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-3">{message}</p>
      <p className="mt-4">
        <a href="/" className="text-brand-700 underline">
          Go to the home page
        </a>
      </p>
    </section>
  );
}
