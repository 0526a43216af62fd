// Pieces the action-plan pages share: the RAG label, the items table and the item and template forms.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { type ActionItemStatus, type StrandKey } from "~/db/schema";
import {
  ACTION_ITEM_STATUS_LABELS,
  ACTION_OWNER_ROLE_LABELS,
  RAG_LABELS,
  actionItemCreateSchema,
  actionItemEditSchema,
  templateItemSchema,
  type ActionItemCreateFormValues,
  type ActionItemCreateInput,
  type ActionItemEditFormValues,
  type ActionItemEditInput,
  type RagRating,
  type TemplateItemFormValues,
  type TemplateItemInput,
} from "~/domain/action-plans.schema";
import { formatCalendarDate } from "~/domain/london-time";
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "./forms";

const RAG_STYLES: Record<RagRating, string> = {
  red: "border-red-800 bg-red-50 text-red-900",
  amber: "border-amber-800 bg-amber-50 text-amber-900",
  green: "border-green-800 bg-green-50 text-green-900",
  none: "border-slate-500 bg-white text-slate-800",
};

/** The rating as words in a bordered badge: the colour only repeats what the text says. */
export function RagLabel({ rag }: { rag: RagRating }) {
  return (
    <span
      className={`inline-block rounded border px-2 py-0.5 text-sm font-medium ${RAG_STYLES[rag]}`}
    >
      <span className="sr-only">RAG: </span>
      {RAG_LABELS[rag]}
    </span>
  );
}

export function statusLabel(status: ActionItemStatus): string {
  return ACTION_ITEM_STATUS_LABELS[status];
}

type ItemRow = {
  id: number;
  title: string;
  communityName?: string;
  strandName?: string;
  ownerName: string | null;
  dueOn: string;
  status: ActionItemStatus;
  rag: RagRating;
};

export function ActionItemsTable({
  caption,
  items,
  showCommunity,
  showStrand,
}: {
  caption: string;
  items: readonly ItemRow[];
  showCommunity: boolean;
  showStrand: boolean;
}) {
  return (
    // Relative, so the visually hidden caption stays inside the scroll box at phone width.
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse bg-white text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-400">
            <th scope="col" className="p-2">
              Item
            </th>
            {showCommunity ? (
              <th scope="col" className="p-2">
                Community
              </th>
            ) : null}
            {showStrand ? (
              <th scope="col" className="p-2">
                Strand
              </th>
            ) : null}
            <th scope="col" className="p-2">
              Owner
            </th>
            <th scope="col" className="p-2">
              Due
            </th>
            <th scope="col" className="p-2">
              Status
            </th>
            <th scope="col" className="p-2">
              RAG
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className="border-b border-slate-200 align-top">
              <th scope="row" className="p-2 font-medium">
                <Link to={`/action-items/${item.id}`} className="text-brand-700 underline">
                  <bdi dir="auto">{item.title}</bdi>
                </Link>
              </th>
              {showCommunity ? <td className="p-2">{item.communityName}</td> : null}
              {showStrand ? <td className="p-2">{item.strandName}</td> : null}
              <td className="p-2">{item.ownerName ?? "Nobody"}</td>
              <td className="p-2">{formatCalendarDate(item.dueOn)}</td>
              <td className="p-2">{statusLabel(item.status)}</td>
              <td className="p-2">
                <RagLabel rag={item.rag} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type StrandOption = { key: StrandKey; name: string };
export type OwnerOption = { id: number; displayName: string };

export function TemplateItemForm({
  lastResult,
  strandOptions,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  strandOptions: readonly StrandOption[];
  defaultValue?: TemplateItemFormValues;
  submitLabel: string;
}) {
  const [form, fields] = useForm<TemplateItemFormValues, TemplateItemInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: templateItemSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <input type="hidden" name="intent" value="save" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.strandKey}
        label="Strand"
        placeholder="Choose a strand"
        options={strandOptions.map((strand) => ({ value: strand.key, label: strand.name }))}
      />
      <TextField meta={fields.title} label="Title" dir="auto" />
      <TextareaField meta={fields.description} label="Description" />
      <TextField
        meta={fields.dueOffsetDays}
        label="Due, in days after the plan's start"
        type="number"
      />
      <SelectField
        meta={fields.defaultOwnerRole}
        label="Suggested owner"
        placeholder="Choose who owns it by default"
        options={Object.entries(ACTION_OWNER_ROLE_LABELS).map(([value, label]) => ({
          value,
          label,
        }))}
      />
      <TextField
        meta={fields.position}
        label="Position in the strand"
        hint="Lower numbers are listed first."
        type="number"
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

function ownerSelectOptions(owners: readonly OwnerOption[]) {
  return owners.map((owner) => ({ value: String(owner.id), label: owner.displayName }));
}

export function ActionItemCreateForm({
  lastResult,
  strandOptions,
  owners,
  defaultValue,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  strandOptions: readonly StrandOption[];
  owners: readonly OwnerOption[];
  defaultValue?: ActionItemCreateFormValues;
}) {
  const [form, fields] = useForm<ActionItemCreateFormValues, ActionItemCreateInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: actionItemCreateSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.strandKey}
        label="Strand"
        placeholder="Choose a strand"
        options={strandOptions.map((strand) => ({ value: strand.key, label: strand.name }))}
      />
      <TextField meta={fields.title} label="Title" dir="auto" />
      <TextareaField meta={fields.description} label="Description" />
      <SelectField
        meta={fields.ownerUserId}
        label="Owner"
        placeholder="Nobody yet"
        options={ownerSelectOptions(owners)}
      />
      <TextField meta={fields.dueOn} label="Due date" type="date" />
      <SubmitButton>Add item</SubmitButton>
    </Form>
  );
}

export function ActionItemEditForm({
  lastResult,
  owners,
  defaultValue,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  owners: readonly OwnerOption[];
  defaultValue: ActionItemEditFormValues;
}) {
  const [form, fields] = useForm<ActionItemEditFormValues, ActionItemEditInput>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: actionItemEditSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-xl space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label="Title" dir="auto" />
      <TextareaField meta={fields.description} label="Description" />
      <SelectField
        meta={fields.ownerUserId}
        label="Owner"
        placeholder="Nobody"
        options={ownerSelectOptions(owners)}
      />
      <TextField meta={fields.dueOn} label="Due date" type="date" />
      <SubmitButton>Save changes</SubmitButton>
    </Form>
  );
}
