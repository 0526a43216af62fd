// Previous/next page links that keep every other filter of the list's URL.
import { Link, useSearchParams } from "@remix-run/react";

export function Pagination({
  page,
  pageCount,
  total,
  param = "page",
  label = "Pages",
  totalIsLowerBound = false,
}: {
  page: number;
  pageCount: number;
  total: number;
  /** The count stopped at `total`: there are more, and only the first pages are offered. */
  totalIsLowerBound?: boolean;
  /** The URL parameter of this list's page, when a page holds more than one paged list. */
  param?: string;
  /** The navigation landmark's name, distinct for each paged list of a page. */
  label?: string;
}) {
  const [searchParams] = useSearchParams();
  const inAll = totalIsLowerBound
    ? `more than ${total.toLocaleString("en-GB")}; narrow the filters to see the rest`
    : `${total} in all`;
  if (pageCount <= 1) return <p className="mt-3 text-sm text-slate-700">{inAll}.</p>;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(searchParams);
    if (target <= 1) params.delete(param);
    else params.set(param, String(target));
    const query = params.toString();
    return query ? `?${query}` : "?";
  };
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-4">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="text-brand-700 underline" rel="prev">
          Previous page
        </Link>
      ) : null}
      <span className="text-sm text-slate-700">
        Page {page} of {pageCount} ({inAll})
      </span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} className="text-brand-700 underline" rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
