// The private calendar feed at /calendar/<token>.ics, read by calendar apps without a session: the
// token in the address is the only key. Fetches are not audited: apps poll hourly, and the feed
// holds no person's record.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { calendarFeedFor } from "~/domain/calendar-feed.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const calendar = calendarFeedFor(getDb(), params.token ?? "");
  if (calendar === null) {
    return new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(calendar, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      // The feed is personal: no shared cache may keep it.
      "Cache-Control": "no-store",
      "Content-Disposition": 'inline; filename="crg-engagements.ics"',
    },
  });
}
