'use client';

import { useId, type SelectHTMLAttributes } from 'react';
import { FieldMessage, describedBy } from '@/components/ui/field-message';
import { inputClass } from '@/components/ui/field-styles';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  label: string;
  options: readonly SelectOption[];
  error?: string | string[];
  description?: string;
  /** Adds a first, empty option with this text. */
  placeholder?: string;
  onChange?: (value: string) => void;
  hideLabel?: boolean;
}

/** A labelled native select (keyboard and screen readers work as the platform does). */
export function Select({ label, options, error, description, placeholder, onChange, hideLabel, id: givenId, className = '', ...rest }: SelectProps) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const invalid = Array.isArray(error) ? error.length > 0 : Boolean(error);
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium'}>
        {label}
      </label>
      <select
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, error, description)}
        className={inputClass(invalid)}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        {...rest}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessage id={id} error={error} description={description} />
    </div>
  );
}
