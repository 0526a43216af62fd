// A CRG member's duties falling due (vetting review, confidentiality agreement, declaration of
// interests), one line each: what, how soon, and the date. Shown in My work and the contact list.
import {
  CRG_DUTY_LABELS,
  CRG_DUTY_NEVER_RECORDED,
  type CrgDutyDue,
} from "~/domain/contacts.schema";
import { dueInDaysText, formatCalendarDate } from "~/domain/london-time";

export function CrgDutiesDue({ duties }: { duties: readonly CrgDutyDue[] }) {
  return duties.map((due) =>
    due.on === null ? (
      <span key={due.duty} className="block text-sm font-semibold">
        {CRG_DUTY_NEVER_RECORDED[due.duty]}
      </span>
    ) : (
      <span
        key={due.duty}
        className={`block text-sm ${due.daysUntilDue < 0 ? "font-semibold" : "font-normal"}`}
      >
        {CRG_DUTY_LABELS[due.duty]}: {dueInDaysText(due.daysUntilDue).toLowerCase()},{" "}
        {formatCalendarDate(due.on)}
      </span>
    ),
  );
}
