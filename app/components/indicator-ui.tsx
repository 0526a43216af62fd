// Pieces the indicator pages share: a soft indicator's definition form, a figure with its change
// from the quarter before (arrow, words and better/worse), and a community's readings form.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { formatIndicatorValue, indicatorChange } from "~/domain/indicator-change";
import type { IndicatorUnit } from "~/domain/indicators.server";
import {
  INDICATOR_DIRECTION_LABELS,
  indicatorSchema,
  readingsFormSchema,
  type IndicatorFormValues,
  type IndicatorInput,
  type ReadingsInput,
} from "~/domain/indicators.schema";
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "./forms";

export function IndicatorForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: IndicatorFormValues;
  submitLabel: string;
}) {
  const [form, fields] = useForm<IndicatorFormValues, IndicatorInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: indicatorSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label="Name" dir="auto" />
      <TextareaField
        meta={fields.description}
        label="Description"
        hint="What is asked, of whom, and how the figure is worked out (for example, the mean answer of a survey)."
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField meta={fields.scaleMin} label="Lowest value of the scale" type="number" />
        <TextField meta={fields.scaleMax} label="Highest value of the scale" type="number" />
      </div>
      <SelectField
        meta={fields.direction}
        label="Which direction is better"
        placeholder="Choose a direction"
        options={Object.entries(INDICATOR_DIRECTION_LABELS).map(([value, label]) => ({
          value,
          label,
        }))}
      />
      <TextField
        meta={fields.position}
        label="Position in the list"
        hint="Lower numbers are listed first."
        type="number"
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

const ARROWS = { up: "▲", down: "▼", same: "=" } as const;
const JUDGEMENT_STYLES = {
  better: "border-green-800 text-green-900",
  worse: "border-red-800 text-red-900",
  steady: "border-slate-500 text-slate-800",
} as const;

/** "▲ up 2.0 (better)": the arrow is decoration, the words carry the meaning. */
export function IndicatorChangeText({
  current,
  previous,
  unit,
  higherIsBetter,
  quarterUnderWay = false,
}: {
  current: number | null;
  previous: number | null;
  unit: IndicatorUnit;
  higherIsBetter: boolean;
  /** A count of a quarter still under way only grows: against a whole quarter it is not yet worse. */
  quarterUnderWay?: boolean;
}) {
  const change = indicatorChange(current, previous, unit, higherIsBetter);
  // Without a figure this quarter, the figure's own words already say so.
  if (current === null) return null;
  const judged = !(quarterUnderWay && unit === "count");
  if (change.direction === null || change.judgement === null || !judged) {
    return <span className="text-sm text-slate-700">{change.text}</span>;
  }
  return (
    <span
      className={`inline-block rounded border px-1 text-sm whitespace-nowrap ${JUDGEMENT_STYLES[change.judgement]}`}
    >
      <span aria-hidden="true">{ARROWS[change.direction]} </span>
      {change.text}
      {change.judgement === "steady" ? null : ` (${change.judgement})`}
    </span>
  );
}

/** A figure and, under it, its change from the quarter before. */
export function IndicatorFigure({
  current,
  previous,
  unit,
  higherIsBetter,
  quarterUnderWay = false,
}: {
  current: number | null;
  previous: number | null;
  unit: IndicatorUnit;
  higherIsBetter: boolean;
  quarterUnderWay?: boolean;
}) {
  return (
    <>
      <span className={current === null ? "text-slate-700 italic" : "font-semibold"}>
        {formatIndicatorValue(current, unit)}
      </span>
      <br />
      <IndicatorChangeText
        current={current}
        previous={previous}
        unit={unit}
        higherIsBetter={higherIsBetter}
        quarterUnderWay={quarterUnderWay}
      />
    </>
  );
}

export type ReadingRow = {
  indicatorId: number;
  name: string;
  description: string;
  scaleMin: number;
  scaleMax: number;
  higherIsBetter: boolean;
  /** What the form shows first: the recorded value and note, or blank. */
  value: string;
  note: string;
  recorded: boolean;
};

/** Every active indicator of one community and quarter, submitted together. */
export function ReadingsForm({
  action,
  rows,
  lastResult,
  submitLabel,
}: {
  /** The page's address with its quarter, so the readings land in the quarter shown. */
  action: string;
  rows: readonly ReadingRow[];
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
}) {
  const [form, fields] = useForm<
    { readings: { indicatorId: string; value: string; note: string }[] },
    ReadingsInput
  >({
    lastResult,
    defaultValue: {
      readings: rows.map((row) => ({
        indicatorId: String(row.indicatorId),
        value: row.value,
        note: row.note,
      })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: readingsFormSchema }),
    shouldValidate: "onBlur",
  });
  const readingFields = fields.readings.getFieldList();
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      {rows.map((row, index) => {
        const reading = readingFields[index]?.getFieldset();
        if (!reading) return null;
        return (
          <fieldset
            key={row.indicatorId}
            className="space-y-3 rounded border border-slate-300 bg-white p-4"
          >
            <legend className="px-1 font-semibold">
              <bdi dir="auto">{row.name}</bdi>
            </legend>
            <input type="hidden" name={reading.indicatorId.name} value={String(row.indicatorId)} />
            <p className="text-sm text-slate-700">
              Scale {row.scaleMin} to {row.scaleMax};{" "}
              {row.higherIsBetter ? "higher is better" : "lower is better"}. Decimals are allowed (a
              survey&apos;s mean, such as 3.4).
              {row.recorded
                ? " A reading is recorded for this quarter: a new value corrects it, and the old value stays in the audit log; clearing it removes the reading."
                : " Leave blank if there is no reading for this quarter."}
            </p>
            {row.description ? <p className="text-sm">{row.description}</p> : null}
            <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
              <TextField meta={reading.value} label={`Value (${row.scaleMin}–${row.scaleMax})`} />
              <TextareaField meta={reading.note} label="Note (source, sample, context)" />
            </div>
          </fieldset>
        );
      })}
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
