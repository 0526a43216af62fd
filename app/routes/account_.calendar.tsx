// The signed-in officer's private calendar feed: turn it on (the address is shown once), replace its address, or turn it off.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { calendarFeedIntentSchema } from "~/domain/calendar-feed.schema";
import {
  calendarFeedUrl,
  getCalendarFeed,
  regenerateCalendarFeed,
  turnOffCalendarFeed,
  turnOnCalendarFeed,
} from "~/domain/calendar-feed.server";
import { formatLondonDateTime } from "~/domain/london-time";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Calendar feed · CRG Engagement CRM" }];

const PAGE_URL = "/account/calendar";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const feed = getCalendarFeed(getDb(), user.id);
  return { feedMadeAt: feed ? formatLondonDateTime(feed.createdAt) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request);
  const formData = await readForm(request);
  const intent = calendarFeedIntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) {
    return data(
      { error: "Choose one of the buttons on the page.", feedUrl: null },
      { status: 400 },
    );
  }
  const db = getDb();
  if (intent.data === "turnOff") {
    const result = turnOffCalendarFeed(db, user);
    if (!result.ok) return data({ error: result.formError, feedUrl: null }, { status: 409 });
    return redirect(`${PAGE_URL}?done=off`);
  }
  const result =
    intent.data === "turnOn" ? turnOnCalendarFeed(db, user) : regenerateCalendarFeed(db, user);
  if (!result.ok) return data({ error: result.formError, feedUrl: null }, { status: 409 });
  // Answered, not redirected: the address must never sit in a URL, a history entry or a log.
  return data({
    error: null,
    feedUrl: calendarFeedUrl(new URL(request.url).origin, result.token),
  });
}

function NewFeedAddress({ url }: { url: string }) {
  return (
    <section
      aria-labelledby="address-heading"
      className="space-y-4 rounded border border-amber-700 bg-amber-50 p-4 text-amber-950"
    >
      <h2 id="address-heading" className="text-xl font-semibold">
        Your new feed address
      </h2>
      <p className="font-medium">
        Copy it now: it cannot be shown again. If you lose it, get a new address below.
      </p>
      <div>
        <label htmlFor="feed-address" className="block font-medium">
          Calendar feed address
        </label>
        <p id="feed-address-hint" className="text-sm">
          Select all of it and copy it into your calendar app.
        </p>
        <input
          // A new address replaces the input, so it never keeps showing the one that was revoked.
          key={url}
          id="feed-address"
          type="text"
          readOnly
          defaultValue={url}
          dir="ltr"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="feed-address-hint"
          className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold">Outlook</h3>
        <p>
          Outlook on the web: open Calendar, choose <strong>Add calendar</strong>, then{" "}
          <strong>Subscribe from web</strong>, paste the address, name the calendar and choose{" "}
          <strong>Import</strong>. Outlook for Windows: in Calendar choose{" "}
          <strong>Add calendar</strong>, then <strong>From Internet</strong>, and paste the address.
        </p>
        <h3 className="font-semibold">iPhone or iPad</h3>
        <p>
          Open <strong>Settings</strong>, then <strong>Calendar</strong>, <strong>Accounts</strong>,{" "}
          <strong>Add Account</strong>, <strong>Other</strong> and{" "}
          <strong>Add Subscribed Calendar</strong>, and paste the address.
        </p>
        <h3 className="font-semibold">Android</h3>
        <p>
          On a computer, open Google Calendar, choose <strong>+</strong> beside{" "}
          <strong>Other calendars</strong>, then <strong>From URL</strong>, and paste the address.
          The calendar then appears on your phone too.
        </p>
        <p>Calendar apps check for changes every hour or so, some less often.</p>
      </div>
    </section>
  );
}

export default function CalendarFeedPage() {
  const { feedMadeAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const turnedOff = searchParams.get("done") === "off" && !actionData;
  return (
    <div className="max-w-2xl space-y-6">
      <p>
        <Link to="/account" className="text-brand-700 underline">
          Your account
        </Link>
      </p>
      {turnedOff ? <Notice>Your calendar feed is off. Its address no longer works.</Notice> : null}
      <h1 className="text-2xl font-semibold">Calendar feed</h1>
      <div className="space-y-3">
        <p>
          The calendar feed puts the planned engagements you attend into Outlook or your
          phone&apos;s calendar, from a month ago onwards, and keeps them up to date. Each shows
          only its title, type, time and place: never minutes, purpose, outcomes or who attends.
        </p>
        <p>
          The feed&apos;s address works without signing in, so keep it to yourself as you would a
          password. If it may have been seen by someone else, get a new address or turn the feed
          off: the old address stops working at once.
        </p>
      </div>
      <FormErrors
        id="calendar-feed-errors"
        errors={actionData?.error ? [actionData.error] : undefined}
      />
      {actionData?.feedUrl ? <NewFeedAddress url={actionData.feedUrl} /> : null}
      <section aria-labelledby="status-heading" className="space-y-3">
        <h2 id="status-heading" className="text-xl font-semibold">
          {feedMadeAt ? "Your feed is on" : "Your feed is off"}
        </h2>
        {feedMadeAt ? (
          <>
            <p>Its current address was made on {feedMadeAt}.</p>
            <div className="flex flex-wrap gap-3">
              <Form method="post" action={PAGE_URL}>
                <SubmitButton name="intent" value="regenerate">
                  Get a new address
                </SubmitButton>
              </Form>
              <Form method="post" action={PAGE_URL}>
                <SubmitButton name="intent" value="turnOff">
                  Turn off calendar feed
                </SubmitButton>
              </Form>
            </div>
          </>
        ) : (
          <Form method="post" action={PAGE_URL}>
            <SubmitButton name="intent" value="turnOn">
              Turn on calendar feed
            </SubmitButton>
          </Form>
        )}
      </section>
    </div>
  );
}
