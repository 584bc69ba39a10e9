'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { selectorMatches } from '@/components/apps/label-selector';
import {
  allowedFrom,
  allowedKinds,
  allowedSelector,
  certificateRefs,
  formatMatchLabels,
  parseMatchLabels,
  PROTOCOLS,
  ROUTE_KINDS,
  withAllowedRoutes,
  withCertificateRefs,
  withField,
  withProtocol,
  type FromMode,
  type RawListener,
} from '@/components/operator/listener-model';
import type { K8sObject } from '@/lib/k8s/object';

export interface ListenerEditorProps {
  listener: RawListener;
  index: number;
  gatewayNamespace: string;
  namespaces: K8sObject[];
  /** TLS Secrets the user may list in the Gateway's namespace (names), for the certificate picker. */
  secretNames: string[];
  onChange: (next: RawListener) => void;
  onRemove: () => void;
  /** API field errors under `spec.listeners[index]`, by field path. */
  errorsAt: (field: string) => string[] | undefined;
}

/** One listener: protocol, port, hostname, TLS certificates and allowedRoutes, with a live preview of the namespaces it admits. */
export function ListenerEditor({ listener: l, index, gatewayNamespace, namespaces, secretNames, onChange, onRemove, errorsAt }: ListenerEditorProps) {
  const at = (f: string) => errorsAt(`spec.listeners[${index}]${f}`);
  const from = allowedFrom(l);
  const kinds = allowedKinds(l);
  const [selectorText, setSelectorText] = useState(formatMatchLabels(allowedSelector(l)));
  const parsed = parseMatchLabels(selectorText);
  const certs = certificateRefs(l);
  const listId = useId();
  const title = `Listener ${l.name || index + 1}`;
  const protocol = l.protocol ?? 'HTTP';

  const admitted = namespaces
    .filter((ns) => {
      const name = ns.metadata.name ?? '';
      if (from === 'All') return true;
      if (from === 'Same') return name === gatewayNamespace;
      const selector = allowedSelector(l);
      // As the controller does: `kubernetes.io/metadata.name` is always implied.
      return selector !== undefined && selectorMatches(selector, { ...ns.metadata.labels, 'kubernetes.io/metadata.name': name });
    })
    .map((ns) => ns.metadata.name ?? '')
    .sort();

  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <legend className="px-1 font-medium">{title}</legend>
      <div className="grid gap-3 sm:grid-cols-4">
        <TextField label={`${title} name`} value={l.name ?? ''} onChange={(v) => onChange(withField(l, 'name', v))} error={at('.name')} required />
        <Select label={`${title} protocol`} options={PROTOCOLS.map((p) => ({ value: p, label: p }))} value={protocol} onChange={(v) => onChange(withProtocol(l, v))} error={at('.protocol')} />
        <TextField
          label={`${title} port`}
          type="number"
          min={1}
          max={65535}
          value={String(l.port ?? '')}
          onChange={(v) => onChange({ ...l, port: v === '' ? undefined : Number(v) })}
          error={at('.port')}
          required
        />
        {protocol !== 'TCP' && protocol !== 'UDP' && (
          <TextField label={`${title} hostname`} placeholder="any host" value={l.hostname ?? ''} onChange={(v) => onChange(withField(l, 'hostname', v))} error={at('.hostname')} />
        )}
      </div>
      {(protocol === 'HTTPS' || protocol === 'TLS') && (
        <div className="space-y-2">
          <p className="text-sm font-medium">TLS certificates (Secrets)</p>
          {(certs.length ? certs : [{ name: '' }]).map((c, i) => (
            <div key={i} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
              <TextField
                label={`${title} certificate ${i + 1} Secret name`}
                list={listId}
                value={c.name}
                onChange={(v) => {
                  const next = certs.length ? [...certs] : [{ name: '' }];
                  next[i] = { ...next[i]!, name: v };
                  onChange(withCertificateRefs(l, next));
                }}
                error={at(`.tls.certificateRefs[${i}]`)}
              />
              <TextField
                label={`${title} certificate ${i + 1} namespace`}
                placeholder={gatewayNamespace}
                value={c.namespace ?? ''}
                onChange={(v) => {
                  const next = certs.length ? [...certs] : [{ name: '' }];
                  next[i] = { ...next[i]!, namespace: v || undefined };
                  onChange(withCertificateRefs(l, next));
                }}
                description={c.namespace && c.namespace !== gatewayNamespace ? 'Another namespace needs a ReferenceGrant there.' : undefined}
              />
              <Button size="sm" onClick={() => onChange(withCertificateRefs(l, certs.filter((_, j) => j !== i)))} aria-label={`Remove ${title} certificate ${i + 1}`}>
                Remove
              </Button>
            </div>
          ))}
          <datalist id={listId}>
            {secretNames.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <Button size="sm" onClick={() => onChange(withCertificateRefs(l, [...certs, { name: '' }]))}>
            Add certificate to {title}
          </Button>
          {at('.tls')?.map((m) => (
            <p key={m} role="alert" className="text-sm text-red-700 dark:text-red-400">
              {m}
            </p>
          ))}
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <Select
          label={`${title} allows routes from`}
          options={[
            { value: 'Same', label: `Same namespace (${gatewayNamespace || 'the Gateway’s'})` },
            { value: 'All', label: 'All namespaces' },
            { value: 'Selector', label: 'Namespaces with labels' },
          ]}
          value={from}
          onChange={(v) => onChange(withAllowedRoutes(l, v as FromMode, parsed.selector, kinds))}
          error={at('.allowedRoutes.namespaces')}
        />
        {from === 'Selector' && (
          <TextField
            label={`${title} namespace labels`}
            placeholder="team=web, env=prod"
            value={selectorText}
            onChange={(v) => {
              setSelectorText(v);
              const next = parseMatchLabels(v);
              if (!next.error) onChange(withAllowedRoutes(l, 'Selector', next.selector, kinds));
            }}
            error={parsed.error ?? at('.allowedRoutes.namespaces.selector')}
          />
        )}
      </div>
      <p className="text-sm" aria-live="polite">
        <span className="font-medium">Namespaces that may attach now: </span>
        {admitted.length ? admitted.join(', ') : 'none'}
      </p>
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="font-medium">{title} route kinds (none checked: the protocol’s defaults)</legend>
        {ROUTE_KINDS.map((k) => (
          <label key={k} className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => onChange(withAllowedRoutes(l, from, allowedSelector(l), e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k)))}
            />
            {k}
          </label>
        ))}
      </fieldset>
      <Button size="sm" variant="danger" onClick={onRemove}>
        Remove {title}
      </Button>
    </fieldset>
  );
}
