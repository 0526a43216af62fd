// A from–to period of London dates as a GET form, used wherever a page is read over a period.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { coveragePeriodSchema } from "~/domain/engagement-lists.schema";
import { FormErrors, TextField } from "./forms";

/**
 * Errors come back with what was typed; a valid period shows the dates actually used. Key it by
 * the URL's search so going back shows that URL's period.
 */
export function PeriodForm({
  lastResult,
  period,
  explanation,
  className = "",
}: {
  lastResult: SubmissionResult<string[]>;
  period: { from: string; to: string } | null;
  /** What the dates select, and what an empty form means. */
  explanation: ReactNode;
  className?: string;
}) {
  const [form, fields] = useForm({
    lastResult: period ? undefined : lastResult,
    defaultValue: period ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: coveragePeriodSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form
      method="get"
      {...getFormProps(form)}
      aria-label="Period"
      className={`space-y-3 rounded border border-slate-300 bg-white p-4 ${className}`}
    >
      <FormErrors id={form.errorId} errors={form.errors} />
      <p className="text-sm text-slate-700">{explanation}</p>
      <div className="grid gap-3 sm:grid-cols-3 sm:items-end">
        <TextField meta={fields.from} label="From" type="date" />
        <TextField meta={fields.to} label="To" type="date" />
        <div>
          <button
            type="submit"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            Show period
          </button>
        </div>
      </div>
    </Form>
  );
}
