import { RESOURCE_TYPES } from '@/lib/k8s/kinds';
import { inputClass } from '@/components/ui/field-styles';

/** Which object's history to show: a plain GET form (works before JavaScript loads). */
export function HistoryPicker({ kind, namespace, name }: { kind: string; namespace: string; name: string }) {
  const options = RESOURCE_TYPES.map((t) => ({ value: `${t.group}/${t.kind}`, label: `${t.kind}${t.group ? ` (${t.group})` : ''}` }));
  return (
    <form method="get" action="/history" aria-label="Choose an object" className="grid gap-3 md:grid-cols-4 md:items-end">
      <div className="space-y-1">
        <label htmlFor="history-kind" className="block text-sm font-medium">
          Kind
        </label>
        <select id="history-kind" name="kind" defaultValue={kind || 'gateway.networking.k8s.io/HTTPRoute'} className={inputClass(false)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="history-namespace" className="block text-sm font-medium">
          Namespace (empty for cluster-wide kinds)
        </label>
        <input id="history-namespace" name="namespace" defaultValue={namespace} className={inputClass(false)} autoComplete="off" />
      </div>
      <div className="space-y-1">
        <label htmlFor="history-name" className="block text-sm font-medium">
          Name
        </label>
        <input id="history-name" name="name" defaultValue={name} required className={inputClass(false)} autoComplete="off" />
      </div>
      <button
        type="submit"
        className="inline-flex items-center justify-center rounded-md border border-sky-700 bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800"
      >
        Show history
      </button>
    </form>
  );
}
