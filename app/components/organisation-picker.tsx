// The contact form's organisation: the one chosen, and a search that posts the whole form back to offer the matches.
import type { OrganisationPickerState } from "~/domain/contacts.server";
import type { PickerOrganisation } from "~/domain/organisations.server";

const radioClass = "mt-1 h-5 w-5 shrink-0";

function OrganisationLabel({ organisation }: { organisation: PickerOrganisation }) {
  return (
    <span>
      <bdi dir="auto">{organisation.name}</bdi>
      {organisation.communityName ? (
        <span className="text-slate-700"> · {organisation.communityName}</span>
      ) : null}
    </span>
  );
}

function foundMessage(shown: number, more: boolean): string {
  if (more) return `More than ${shown} organisations found; the first ${shown} are shown`;
  if (shown === 0) return "No organisations found";
  return shown === 1 ? "1 organisation found" : `${shown} organisations found`;
}

/**
 * The organisation is one radio group named `organisationId`: the chosen one (if any), "No
 * organisation", and after "Search organisations" the matches the server found. Without
 * JavaScript the search posts the whole form and the page comes back with everything typed; with
 * it, the same post is made in place, so focus stays on the button and the count is announced.
 */
export function OrganisationPicker({
  picker,
  errors,
  errorId,
}: {
  picker: OrganisationPickerState;
  errors?: string[];
  errorId: string;
}) {
  const chosen = picker.chosenOrganisation;
  const results = picker.organisationResults;
  const matches = (results ?? []).filter((organisation) => organisation.id !== chosen?.id);
  // Radios take their ticked state when first drawn, so each new answer draws them afresh.
  const choicesKey = [
    chosen?.id ?? "none",
    "|",
    ...(results ?? []).map((organisation) => organisation.id),
  ].join(",");
  return (
    <fieldset
      aria-describedby={errors?.length ? errorId : undefined}
      className="space-y-3 rounded border border-slate-300 p-3"
    >
      <legend className="px-1 font-medium">Organisation</legend>
      <ul key={choicesKey} className="space-y-1">
        {chosen ? (
          <li>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="organisationId"
                value={chosen.id}
                defaultChecked
                className={radioClass}
              />
              <OrganisationLabel organisation={chosen} />
            </label>
          </li>
        ) : null}
        <li>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="organisationId"
              value=""
              defaultChecked={!chosen}
              className={radioClass}
            />
            <span>No organisation</span>
          </label>
        </li>
      </ul>
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-800">
          {errors.join(". ")}
        </p>
      ) : null}

      <div>
        <label htmlFor="find-organisations" className="block font-medium">
          Find an organisation
        </label>
        <p id="find-organisations-hint" className="text-sm text-slate-600">
          Type at least two letters of its name in any script, then choose from the results
        </p>
        <div className="mt-1 flex flex-wrap gap-2">
          <input
            id="find-organisations"
            type="search"
            name="organisationQuery"
            defaultValue={picker.organisationQuery}
            autoComplete="off"
            dir="auto"
            aria-describedby="find-organisations-hint"
            className="block min-w-0 flex-1 rounded border border-slate-400 bg-white px-3 py-2 text-base"
          />
          <button
            type="submit"
            name="intent"
            value="find-organisations"
            formNoValidate
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-slate-100"
          >
            Search organisations
          </button>
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {results === null ? "" : foundMessage(results.length, picker.moreOrganisations)}
      </p>
      {matches.length ? (
        <fieldset key={choicesKey}>
          <legend className="text-sm font-medium">Choose one of the organisations found</legend>
          <ul className="mt-1 space-y-1">
            {matches.map((organisation) => (
              <li key={organisation.id}>
                <label className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="organisationId"
                    value={organisation.id}
                    className={radioClass}
                  />
                  <OrganisationLabel organisation={organisation} />
                </label>
              </li>
            ))}
          </ul>
          {picker.moreOrganisations ? (
            <p className="mt-2 text-sm text-slate-700">
              More organisations match than are shown: refine your search to find the one you want.
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </fieldset>
  );
}
