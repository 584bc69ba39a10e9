import type { Metadata } from 'next';
import { ObjectHistory } from '@/components/history/object-history';
import { HistoryPicker } from '@/components/history/history-picker';
import { RESOURCE_TYPES } from '@/lib/k8s/kinds';

export const metadata: Metadata = { title: 'History · Portico' };

/**
 * Any object's change history: `?kind=<group>/<Kind>&namespace=&name=` (the picker's plain GET
 * form fills them). Reading needs `get` on the object; the API enforces it.
 */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const kindParam = first(params.kind);
  const slash = kindParam.lastIndexOf('/');
  const group = slash === -1 ? '' : kindParam.slice(0, slash);
  const kind = kindParam.slice(slash + 1);
  const type = RESOURCE_TYPES.find((t) => t.group === group && t.kind === kind);
  const namespace = first(params.namespace);
  const name = first(params.name);
  return (
    <section aria-labelledby="history-page-heading" className="space-y-6">
      <div>
        <h1 id="history-page-heading" className="text-2xl font-semibold">
          History
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Every change made through Portico: who, when, and what changed. Restore any version in one step.</p>
      </div>
      <HistoryPicker kind={kindParam} namespace={namespace} name={name} />
      {type && name && <ObjectHistory group={type.group} kind={type.kind} namespace={type.namespaced ? namespace : undefined} name={name} />}
    </section>
  );
}
