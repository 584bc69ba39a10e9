'use client';

import { TextField } from '@/components/ui/text-field';
import { Button } from '@/components/ui/button';
import { ListItem, ListSection } from '@/components/forms/list-section';
import { BackendFields, type ServiceChoice } from '@/components/forms/backend-fields';
import { FilterFields } from '@/components/forms/filter-fields';
import { HttpMatchFields } from '@/components/forms/http-match-fields';
import type { EditorApi } from '@/components/forms/editor-api';
import { asArray, getIn, type Path } from '@/components/forms/object-path';
import type { RouteKind } from '@/components/apps/route-types';

function newRule(kind: RouteKind): Record<string, unknown> {
  return kind === 'HTTPRoute' ? { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [] } : { matches: [], backendRefs: [] };
}

/** The rules of a route, each with its matches, filters and weighted backends. */
export function RuleFields({ api, kind, services, routeNamespace }: { api: EditorApi; kind: RouteKind; services: readonly ServiceChoice[]; routeNamespace: string }) {
  const path = ['spec', 'rules'];
  const rules = asArray<Record<string, unknown>>(getIn(api.draft, path));
  return (
    <ListSection id="rules" legend="Rules" addLabel="Add rule" onAdd={() => api.add(path, newRule(kind))} errors={api.errors(path)}>
      {rules.map((_, i) => {
        const rp = [...path, i];
        const label = `Rule ${i + 1}`;
        return (
          <ListItem key={i} id={`rule-${i}`} legend={label} onRemove={() => api.remove(path, i)} errors={api.errors(rp)}>
            {kind === 'HTTPRoute' ? <HttpMatchFields api={api} rulePath={rp} label={label} /> : <GrpcMatchFields api={api} rulePath={rp} label={label} />}
            <FilterFields api={api} rulePath={rp} label={label} grpc={kind === 'GRPCRoute'} />
            <BackendFields api={api} rulePath={rp} services={services} routeNamespace={routeNamespace} label={label} />
          </ListItem>
        );
      })}
    </ListSection>
  );
}

/** GRPCRoute matches: service and method (exact). */
function GrpcMatchFields({ api, rulePath, label }: { api: EditorApi; rulePath: Path; label: string }) {
  const path = [...rulePath, 'matches'];
  const matches = asArray<{ method?: { service?: string; method?: string } }>(getIn(api.draft, path));
  return (
    <ListSection id={`${label}-matches`} level="item" legend={`${label}: matches`} addLabel={`Add match to ${label.toLowerCase()}`} onAdd={() => api.add(path, { method: { type: 'Exact', service: '' } })} errors={api.errors(path)}>
      {matches.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No match: every gRPC call.</p>}
      {matches.map((m, i) => {
        const mp = [...path, i, 'method'];
        return (
          <div key={i} className="flex flex-wrap items-start gap-2">
            <TextField label={`Match ${i + 1} service`} placeholder="shop.v1.Cart" value={m.method?.service ?? ''} onChange={(v) => api.set([...mp, 'service'], v || undefined)} error={api.errors([...path, i], true)} />
            <TextField label={`Match ${i + 1} method`} placeholder="GetCart" value={m.method?.method ?? ''} onChange={(v) => api.set([...mp, 'method'], v || undefined)} />
            <Button size="sm" variant="ghost" className="mt-6" onClick={() => api.remove(path, i)} aria-label={`Remove match ${i + 1} of ${label.toLowerCase()}`}>
              Remove
            </Button>
          </div>
        );
      })}
    </ListSection>
  );
}
