import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FieldMessage } from '@/components/ui/field-message';

/**
 * A titled group of repeated items (parents, hostnames, rules, matches...) with an add button;
 * a fieldset so the legend names every control inside it for assistive technology.
 */
export function ListSection({
  legend,
  addLabel,
  onAdd,
  errors,
  id,
  children,
  level = 'section',
}: {
  legend: string;
  addLabel: string;
  onAdd: () => void;
  errors?: string[];
  id: string;
  children: ReactNode;
  level?: 'section' | 'item';
}) {
  return (
    <fieldset
      className={`space-y-3 rounded-md border p-3 ${level === 'section' ? 'border-slate-300 dark:border-slate-700' : 'border-slate-200 dark:border-slate-800'}`}
      aria-describedby={errors?.length ? `${id}-error` : undefined}
    >
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      {children}
      <FieldMessage id={id} error={errors} />
      <Button size="sm" onClick={onAdd}>
        {addLabel}
      </Button>
    </fieldset>
  );
}

/** One item of a list: a fieldset named e.g. "Rule 1", with a remove button named after it. */
export function ListItem({ legend, onRemove, errors, id, children }: { legend: string; onRemove: () => void; errors?: string[]; id: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-900/40">
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {children}
      <FieldMessage id={id} error={errors} />
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove ${legend.toLowerCase()}`}>
        Remove
      </Button>
    </fieldset>
  );
}
