import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject, ListMeta } from '@/lib/k8s/object';

/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), which
 * `kubectl get` asks for: the Gateway API CRDs' additionalPrinterColumns and a few built-in
 * columns, Age rendered the way kube-apiserver does.
 */
interface Column {
  name: string;
  type: 'string' | 'date' | 'integer';
  priority?: number;
  description: string;
  cell: (o: K8sObject) => string;
}

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Obj)[k] : undefined), o);
const str = (v: unknown): string => (v === undefined || v === null ? '' : Array.isArray(v) ? v.map(String).join(',') : String(v));
const condition = (o: K8sObject, type: string): string => {
  const conditions = at(o, 'status', 'conditions');
  return Array.isArray(conditions) ? str((conditions as Obj[]).find((c) => c.type === type)?.status) : '';
};

const NAME: Column = { name: 'Name', type: 'string', description: 'Name must be unique within a namespace.', cell: (o) => o.metadata.name ?? '' };
const AGE: Column = {
  name: 'Age',
  type: 'date',
  description: 'CreationTimestamp is the time the object was created.',
  cell: (o) => (o.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>'),
};
const col = (name: string, cell: (o: K8sObject) => string, priority = 0): Column => ({ name, type: 'string', description: name, cell, priority });

const EXTRA_COLUMNS: Record<string, Column[]> = {
  'gateway.networking.k8s.io/GatewayClass': [
    col('Controller', (o) => str(at(o, 'spec', 'controllerName'))),
    col('Accepted', (o) => condition(o, 'Accepted')),
  ],
  'gateway.networking.k8s.io/Gateway': [
    col('Class', (o) => str(at(o, 'spec', 'gatewayClassName'))),
    col('Address', (o) => {
      const addresses = at(o, 'status', 'addresses');
      return Array.isArray(addresses) ? (addresses as Obj[]).map((a) => str(a.value)).join(',') : '';
    }),
    col('Programmed', (o) => condition(o, 'Programmed')),
  ],
  'gateway.networking.k8s.io/HTTPRoute': [col('Hostnames', (o) => str(at(o, 'spec', 'hostnames')))],
  'gateway.networking.k8s.io/GRPCRoute': [col('Hostnames', (o) => str(at(o, 'spec', 'hostnames')))],
  'gateway.networking.k8s.io/TLSRoute': [col('Hostnames', (o) => str(at(o, 'spec', 'hostnames')))],
  '/Namespace': [col('Status', (o) => str(at(o, 'status', 'phase')))],
  '/Service': [
    col('Type', (o) => str(at(o, 'spec', 'type')) || 'ClusterIP'),
    col('Cluster-IP', (o) => str(at(o, 'spec', 'clusterIP')) || '<none>'),
    col('Port(s)', (o) => {
      const ports = at(o, 'spec', 'ports');
      return Array.isArray(ports) ? (ports as Obj[]).map((p) => `${str(p.port)}/${str(p.protocol) || 'TCP'}`).join(',') : '<none>';
    }),
  ],
  '/Secret': [
    col('Type', (o) => str(o.type) || 'Opaque'),
    col('Data', (o) => String(Object.keys((o.data as Obj | undefined) ?? {}).length)),
  ],
  '/ConfigMap': [col('Data', (o) => String(Object.keys((o.data as Obj | undefined) ?? {}).length + Object.keys((o.binaryData as Obj | undefined) ?? {}).length))],
};

function columnsFor(type: ResourceType): Column[] {
  return [NAME, ...(EXTRA_COLUMNS[`${type.group}/${type.kind}`] ?? []), AGE];
}

/** The Table version asked for ("v1" or "v1beta1"), or undefined for a plain object response. */
export function tableVersion(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      const v = params.get('v');
      if (v === 'v1' || v === 'v1beta1') return v;
    }
    if (part.trim().startsWith('application/json') && !params.has('as')) return undefined;
  }
  return undefined;
}

export function tableContentType(version: string): string {
  return `application/json;as=Table;v=${version};g=meta.k8s.io`;
}

export function toTable(type: ResourceType, objects: K8sObject[], version: string, listMeta: ListMeta = {}, includeObject = 'Metadata'): unknown {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.name === 'Name' ? 'name' : '', description: c.description, priority: c.priority ?? 0 })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      ...(includeObject === 'None'
        ? {}
        : {
            object:
              includeObject === 'Object'
                ? o
                : { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: o.metadata },
          }),
    })),
  };
}

/** apimachinery's duration.HumanDuration: "45s", "3m20s", "5h", "12d", "2y30d". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}
