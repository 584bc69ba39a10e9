import type { DiffLine } from '@/lib/api/history';

const PREFIX: Record<DiffLine['op'], string> = { add: '+ ', remove: '- ', same: '  ' };
const STYLE: Record<DiffLine['op'], string> = {
  add: 'bg-green-50 text-green-900 dark:bg-green-950 dark:text-green-200',
  remove: 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200',
  same: '',
};

/** A YAML diff; `+ ` and `- ` prefixes say what changed, colour only repeats it. */
export function DiffView({ lines, label }: { lines: readonly DiffLine[]; label: string }) {
  return (
    <pre tabIndex={0} aria-label={label} className="max-h-80 overflow-auto rounded-md border border-slate-200 text-xs dark:border-slate-700">
      {lines.map((line, i) => (
        <div key={i} className={`px-2 ${STYLE[line.op]}`}>
          <span aria-hidden="true">{PREFIX[line.op]}</span>
          <span className="sr-only">{line.op === 'add' ? 'added: ' : line.op === 'remove' ? 'removed: ' : ''}</span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}
