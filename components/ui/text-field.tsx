'use client';

import { useId, type InputHTMLAttributes } from 'react';
import { FieldMessage, describedBy } from '@/components/ui/field-message';
import { inputClass } from '@/components/ui/field-styles';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  /** One message or several (e.g. the API's causes for this field). */
  error?: string | string[];
  description?: string;
  onChange?: (value: string) => void;
  /** Hide the label visually but keep it as the accessible name (for dense tables). */
  hideLabel?: boolean;
}

/** A labelled input whose error and help text are announced with it. */
export function TextField({ label, error, description, onChange, hideLabel, id: givenId, className = '', ...rest }: TextFieldProps) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const invalid = Array.isArray(error) ? error.length > 0 : Boolean(error);
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium'}>
        {label}
      </label>
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, error, description)}
        className={inputClass(invalid)}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        {...rest}
      />
      <FieldMessage id={id} error={error} description={description} />
    </div>
  );
}
