// The items of a "you said, we did" page: what the community said and what was done or why not.
// It is given plain, name-free items and renders nothing else, so it can be checked on its own.
import { formatCalendarDate } from "~/domain/london-time";

export type YouSaidWeDidItem = {
  category: string;
  receivedMonth: string;
  youSaid: string;
  weDid: { outcome: string; text: string; respondedOn: string } | null;
};

export function YouSaidWeDidItems({ items }: { items: readonly YouSaidWeDidItem[] }) {
  return (
    <>
      {items.length === 0 ? (
        <p>No shareable feedback was received in this period.</p>
      ) : (
        <ol className="space-y-4">
          {items.map((item, index) => (
            <li
              // The items carry no id on purpose; their order within the period is stable.
              key={index}
              className="break-inside-avoid rounded border border-slate-300 bg-white p-4"
            >
              <p className="text-sm text-slate-700">
                {item.category} · received {item.receivedMonth}
              </p>
              <h2 className="mt-2 font-semibold">You said</h2>
              <p className="whitespace-pre-line" dir="auto">
                {item.youSaid}
              </p>
              {item.weDid ? (
                <>
                  <h2 className="mt-3 font-semibold">{item.weDid.outcome}</h2>
                  <p className="whitespace-pre-line" dir="auto">
                    {item.weDid.text}
                  </p>
                  <p className="mt-1 text-sm text-slate-700">
                    Answered on {formatCalendarDate(item.weDid.respondedOn)}
                  </p>
                </>
              ) : (
                <>
                  <h2 className="mt-3 font-semibold">We are</h2>
                  <p>Being worked on: we will report back.</p>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
