'use client';

import Link from 'next/link';
import type { TopologyNode } from '@/lib/api/topology';
import { StatusBadge } from '@/components/resources/status-badge';
import { Button } from '@/components/ui/button';
import { KIND_LABEL, STATUS_TEXT_CLASS, statusText } from '@/components/topology/status-style';

/**
 * The selected node: status in words, facts, conditions, and a link to its page. A node with
 * children (a Gateway's listeners, a route's rules) can be collapsed from here too, so the
 * action is there at any zoom, where the card's own button may not be drawn.
 */
export function NodeDetailPanel({ node, onClose, collapse }: { node: TopologyNode; onClose: () => void; collapse?: { collapsed: boolean; toggle: () => void } }) {
  return (
    <aside aria-labelledby="topology-detail-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{KIND_LABEL[node.kind]}</p>
          <h2 id="topology-detail-heading" className="break-all text-base font-semibold">
            {node.label}
          </h2>
        </div>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close details
        </Button>
      </div>
      {collapse && (
        <Button size="sm" aria-expanded={!collapse.collapsed} onClick={collapse.toggle}>
          {collapse.collapsed ? 'Expand' : 'Collapse'} {KIND_LABEL[node.kind]} {node.label}
        </Button>
      )}
      {node.kind !== 'Hidden' && <p className={`inline-block rounded px-2 py-0.5 ${STATUS_TEXT_CLASS[node.status]}`}>{statusText(node.status, node.summary)}</p>}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {node.namespace && (
          <>
            <dt className="font-medium">Namespace</dt>
            <dd>{node.namespace}</dd>
          </>
        )}
        {node.details.map((d) => (
          <div key={d.label} className="contents">
            <dt className="font-medium">{d.label}</dt>
            <dd className="break-all">{d.value}</dd>
          </div>
        ))}
      </dl>
      {node.kind !== 'Hidden' && (
        <div className="space-y-2">
          <h3 className="font-semibold">Conditions</h3>
          {conditionGroups(node).map(([scope, conditions]) => (
            <div key={scope}>
              {scope && <p className="text-xs text-slate-600 dark:text-slate-400">For {scope}</p>}
              {conditions.length === 0 ? (
                <p className="text-slate-600 dark:text-slate-400">No conditions reported.</p>
              ) : (
                // A list rather than a wide table: the panel is narrow, and every condition still reads as text.
                <ul aria-label={`Conditions of ${node.label}${scope ? ` for ${scope}` : ''}`} className="space-y-2">
                  {conditions.map((c, i) => (
                    <li key={`${c.type}-${i}`} className="border-t border-slate-200 pt-1 dark:border-slate-800">
                      <p className="flex flex-wrap items-center gap-2">
                        <span className="font-mono">{c.type}</span>
                        <StatusBadge condition={c} negative={c.type.startsWith('portico.dev/')} />
                        <span className="sr-only">status {c.status}</span>
                      </p>
                      {c.message && <p className="break-words text-slate-700 dark:text-slate-300">{c.message}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      )}
      {node.href && (
        <Link href={node.href} className="inline-block text-sky-700 underline hover:text-sky-900 dark:text-sky-300">
          Open {KIND_LABEL[node.kind]} page
        </Link>
      )}
    </aside>
  );
}

/** Conditions by where they apply (a route has one set per parentRef); one table each. */
function conditionGroups(node: TopologyNode): [string, TopologyNode['conditions']][] {
  const groups = new Map<string, TopologyNode['conditions']>();
  for (const c of node.conditions) groups.set(c.scope ?? '', [...(groups.get(c.scope ?? '') ?? []), c]);
  return groups.size === 0 ? [['', []]] : [...groups];
}
