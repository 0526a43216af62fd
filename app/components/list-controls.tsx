// The pieces every filtered list shares (contacts, organisations, engagements): sortable column
// headers, labelled filter selects, apply/clear, the export link and the empty state.
import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

export const filterInputClass =
  "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2";

/** A column header link that sorts by the column, or reverses the order when it already does. */
export function SortLink<Column extends string>({
  column,
  label,
  current,
  direction,
  descendingFirst = [],
}: {
  column: Column;
  label: string;
  current: Column;
  direction: "asc" | "desc";
  /** Columns whose natural first order is newest or largest first (dates). */
  descendingFirst?: readonly Column[];
}) {
  const params = new URLSearchParams(useLocation().search);
  const active = current === column;
  const nextDirection = active
    ? direction === "asc"
      ? "desc"
      : "asc"
    : descendingFirst.includes(column)
      ? "desc"
      : "asc";
  params.set("sort", column);
  params.set("dir", nextDirection);
  params.delete("page");
  return (
    <Link to={`?${params}`} className="text-brand-700 underline">
      {label}
      {active ? <span aria-hidden="true">{direction === "asc" ? " ▲" : " ▼"}</span> : null}
      <span className="sr-only">
        {active
          ? `, sorted ${direction === "asc" ? "ascending" : "descending"}; select to reverse`
          : ", select to sort"}
      </span>
    </Link>
  );
}

/** The aria-sort value of a column header, for the column the list is sorted by. */
export function ariaSortOf<Column extends string>(
  column: Column,
  current: Column,
  direction: "asc" | "desc",
): "ascending" | "descending" | undefined {
  if (current !== column) return undefined;
  return direction === "asc" ? "ascending" : "descending";
}

export function FilterSelect({
  id,
  name,
  label,
  value,
  children,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={filterInputClass}>
        {children}
      </select>
    </div>
  );
}

/** The filter form's buttons; `className` places them in the form's grid. */
export function FilterActions({
  listPath,
  isFiltered,
  className = "",
}: {
  listPath: string;
  isFiltered: boolean;
  className?: string;
}) {
  return (
    <div className={`flex flex-wrap items-end gap-4 ${className}`}>
      <button
        type="submit"
        className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
      >
        Apply filters
      </button>
      {isFiltered ? (
        <Link to={listPath} className="text-brand-700 underline">
          Clear filters
        </Link>
      ) : null}
    </div>
  );
}

/** A link to the CSV of everything the current filters select (every page, not only this one). */
export function ExportLink({ exportPath, noun }: { exportPath: string; noun: string }) {
  const params = new URLSearchParams(useLocation().search);
  params.delete("page");
  const query = params.toString();
  return (
    <p>
      <a href={`${exportPath}${query ? `?${query}` : ""}`} className="text-brand-700 underline">
        Export CSV
      </a>{" "}
      <span className="text-sm text-slate-700">(every {noun} matching these filters)</span>
    </p>
  );
}

/** What an empty list says: nothing yet, or nothing for these filters with a way back. */
export function EmptyList({
  listPath,
  isFiltered,
  pluralNoun,
}: {
  listPath: string;
  isFiltered: boolean;
  pluralNoun: string;
}) {
  if (!isFiltered) return <p>No {pluralNoun} yet.</p>;
  return (
    <p>
      No {pluralNoun} match these filters.{" "}
      <Link to={listPath} className="text-brand-700 underline">
        Clear filters
      </Link>
    </p>
  );
}
