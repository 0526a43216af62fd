// Labelled form controls with their errors, shared by every form; inputs keep what the user typed.
import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";

const inputClass =
  "mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-800">
      {errors.join(". ")}
    </p>
  );
}

type FieldProps = {
  meta: FieldMetadata<string | number | undefined | null>;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "date" | "number" | "tel" | "url" | "search";
  autoComplete?: string;
  /** "auto" for text in any script, such as names, so right-to-left input displays correctly. */
  dir?: "auto";
};

export function TextField({ meta, label, hint, type = "text", autoComplete, dir }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const inputProps = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={meta.id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        {...inputProps}
        key={inputProps.key}
        autoComplete={autoComplete}
        dir={dir}
        className={inputClass}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({ meta, label, hint }: Omit<FieldProps, "type" | "autoComplete">) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const props = getTextareaProps(meta, { ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={meta.id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea {...props} key={props.key} rows={4} className={inputClass} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
  placeholder,
}: {
  meta: FieldMetadata<string | number | undefined | null>;
  label: string;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
}) {
  const props = getSelectProps(meta);
  return (
    <div>
      <label htmlFor={meta.id} className="block font-medium">
        {label}
      </label>
      <select {...props} key={props.key} className={inputClass}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A group of checkboxes posting the same name, e.g. strands or communities. */
export function CheckboxGroup({
  meta,
  legend,
  options,
}: {
  meta: FieldMetadata<string[] | undefined>;
  legend: string;
  options: readonly { value: string; label: string }[];
}) {
  const selected = new Set(
    Array.isArray(meta.initialValue)
      ? meta.initialValue
      : meta.initialValue
        ? [meta.initialValue]
        : [],
  );
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend className="font-medium">{legend}</legend>
      <div className="mt-1 grid gap-1 sm:grid-cols-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2">
            <input
              type="checkbox"
              name={meta.name}
              value={option.value}
              defaultChecked={selected.has(option.value)}
              key={`${meta.key ?? ""}-${option.value}`}
              className="h-5 w-5"
            />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export function CheckboxField({
  meta,
  label,
}: {
  meta: FieldMetadata<boolean | undefined>;
  label: string;
}) {
  const props = getInputProps(meta, { type: "checkbox" });
  return (
    <div>
      <label className="flex items-center gap-2 font-medium">
        <input {...props} key={props.key} className="h-5 w-5" />
        {label}
      </label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
}: {
  children: ReactNode;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
    >
      {children}
    </button>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-green-900">
      {children}
    </p>
  );
}
