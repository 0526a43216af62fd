// Choosing attending contacts: a search that posts the whole form back without JavaScript, and searches as you type with it.
import { useEffect, useRef, useState } from "react";

export type PickerContactView = {
  id: number;
  name: string;
  latinName: string;
  communityName: string | null;
  organisationName: string | null;
};

const SEARCH_DELAY_MS = 250;
const MIN_QUERY_LENGTH = 2;

function ContactLabel({ contact }: { contact: PickerContactView }) {
  const details = [contact.organisationName, contact.communityName].filter(Boolean).join(", ");
  return (
    <span>
      <bdi dir="auto">{contact.name}</bdi>
      {contact.latinName && contact.latinName !== contact.name ? (
        <>
          {" "}
          (<bdi dir="auto">{contact.latinName}</bdi>)
        </>
      ) : null}
      {details ? (
        <span className="text-slate-700">
          {" "}
          · <bdi dir="auto">{details}</bdi>
        </span>
      ) : null}
    </span>
  );
}

function foundMessage(count: number): string {
  if (count === 0) return "No contacts found";
  return count === 1 ? "1 contact found" : `${count} contacts found`;
}

/**
 * The chosen contacts are ticked checkboxes named `contactIds`; the server's search results
 * (after "Find contacts" without JavaScript) are unticked ones to tick. With JavaScript the
 * search runs as the user types and each result can be added without leaving the page.
 */
export function ContactPicker({
  chosen,
  serverResults,
  query,
  errors,
  errorId,
  legend = "Attending contacts",
  resultsLegend = "Tick the contacts who attend",
}: {
  chosen: readonly PickerContactView[];
  /** Matches of a search posted without JavaScript; null when none was made. */
  serverResults: readonly PickerContactView[] | null;
  query: string;
  errors?: string[];
  errorId: string;
  /** What the chosen contacts are to the record, e.g. who attended, or who gave the advice. */
  legend?: string;
  resultsLegend?: string;
}) {
  const [added, setAdded] = useState<PickerContactView[]>([]);
  const [liveQuery, setLiveQuery] = useState(query);
  const [liveResults, setLiveResults] = useState<PickerContactView[] | null>(null);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latestRequest = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      latestRequest.current?.abort();
    },
    [],
  );

  async function search(q: string) {
    latestRequest.current?.abort();
    if (q.trim().length < MIN_QUERY_LENGTH) {
      setLiveResults(null);
      setSearching(false);
      return;
    }
    const controller = new AbortController();
    latestRequest.current = controller;
    setSearching(true);
    try {
      const response = await fetch(`/contacts/picker?${new URLSearchParams({ q })}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      setLiveResults((await response.json()) as PickerContactView[]);
    } catch (error) {
      if ((error as Error).name !== "AbortError") setLiveResults([]);
    } finally {
      if (latestRequest.current === controller) setSearching(false);
    }
  }

  function onQueryChange(value: string) {
    setLiveQuery(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void search(value), SEARCH_DELAY_MS);
  }

  const shownIds = new Set([...chosen, ...added].map((contact) => contact.id));
  const serverMatches = (serverResults ?? []).filter((contact) => !shownIds.has(contact.id));
  const liveMatches = (liveResults ?? []).filter(
    (contact) => !shownIds.has(contact.id) && !serverMatches.some((m) => m.id === contact.id),
  );

  let announcement = "";
  if (searching) announcement = "Searching…";
  else if (liveResults !== null) announcement = foundMessage(liveResults.length);
  else if (serverResults !== null) announcement = foundMessage(serverResults.length);

  return (
    <fieldset
      aria-describedby={errors?.length ? errorId : undefined}
      className="space-y-3 rounded border border-slate-300 p-3"
    >
      <legend className="px-1 font-medium">{legend}</legend>
      {chosen.length + added.length === 0 ? (
        <p className="text-slate-700">No contacts chosen yet.</p>
      ) : (
        <ul className="space-y-1">
          {[...chosen, ...added].map((contact) => (
            <li key={contact.id}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="contactIds"
                  value={contact.id}
                  defaultChecked
                  className="mt-1 h-5 w-5 shrink-0"
                />
                <ContactLabel contact={contact} />
              </label>
            </li>
          ))}
        </ul>
      )}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-800">
          {errors.join(". ")}
        </p>
      ) : null}

      <div>
        <label htmlFor="find-contacts" className="block font-medium">
          Find contacts
        </label>
        <p id="find-contacts-hint" className="text-sm text-slate-600">
          Type at least two letters of a name in any script, then choose from the results
        </p>
        <div className="mt-1 flex flex-wrap gap-2">
          <input
            id="find-contacts"
            type="search"
            name="contactQuery"
            value={liveQuery}
            onChange={(event) => onQueryChange(event.target.value)}
            onKeyDown={(event) => {
              // Enter searches here rather than sending the whole form.
              if (event.key === "Enter") {
                event.preventDefault();
                clearTimeout(timer.current);
                void search(liveQuery);
              }
            }}
            autoComplete="off"
            dir="auto"
            aria-describedby="find-contacts-hint"
            className="block min-w-0 flex-1 rounded border border-slate-400 bg-white px-3 py-2 text-base"
          />
          <button
            type="submit"
            name="intent"
            value="find-contacts"
            formNoValidate
            onClick={(event) => {
              // With JavaScript the results come without sending the form.
              event.preventDefault();
              clearTimeout(timer.current);
              void search(liveQuery);
            }}
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Search contacts
          </button>
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {announcement}
      </p>
      {serverMatches.length ? (
        <fieldset>
          <legend className="text-sm font-medium">{resultsLegend}</legend>
          <ul className="mt-1 space-y-1">
            {serverMatches.map((contact) => (
              <li key={contact.id}>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    name="contactIds"
                    value={contact.id}
                    className="mt-1 h-5 w-5 shrink-0"
                  />
                  <ContactLabel contact={contact} />
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {liveMatches.length ? (
        <ul aria-label="Search results" className="space-y-1">
          {liveMatches.map((contact) => (
            <li key={contact.id} className="flex flex-wrap items-center gap-2">
              <ContactLabel contact={contact} />
              <button
                type="button"
                onClick={() => setAdded((list) => [...list, contact])}
                className="rounded border border-brand-700 px-2 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100"
              >
                Add<span className="sr-only"> {contact.latinName || contact.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
