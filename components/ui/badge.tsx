import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

const TONES: Record<Tone, string> = {
  neutral: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600',
  success: 'bg-green-50 text-green-800 ring-green-600/40 dark:bg-green-950 dark:text-green-300 dark:ring-green-500/40',
  warning: 'bg-amber-50 text-amber-900 ring-amber-600/40 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-500/40',
  danger: 'bg-red-50 text-red-800 ring-red-600/40 dark:bg-red-950 dark:text-red-300 dark:ring-red-500/40',
  info: 'bg-sky-50 text-sky-800 ring-sky-600/40 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-500/40',
};

/** A short label; the text always says what the colour means (never colour alone). */
export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}
