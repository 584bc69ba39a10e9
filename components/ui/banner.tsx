import type { ReactNode } from 'react';

export type BannerTone = 'info' | 'success' | 'warning' | 'error';

const TONES: Record<BannerTone, string> = {
  info: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100',
  success: 'border-green-300 bg-green-50 text-green-900 dark:border-green-700 dark:bg-green-950 dark:text-green-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
};

const PREFIX: Record<BannerTone, string> = { info: 'Note', success: 'Done', warning: 'Warning', error: 'Error' };

/**
 * A message block. Errors and warnings are announced (role=alert); info and success are polite
 * status messages. The title is prefixed with the tone in words so colour is never the only cue.
 */
export function Banner({ tone = 'info', title, children, actions }: { tone?: BannerTone; title?: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}>
      <p className="font-semibold">
        {PREFIX[tone]}
        {title ? `: ${title}` : ''}
      </p>
      {children && <div className="mt-1 space-y-1">{children}</div>}
      {actions && <div className="mt-2 flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
