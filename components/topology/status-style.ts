import { TOPOLOGY_STATUS_LABEL, type TopologyNodeKind, type TopologyStatus } from '@/lib/api/topology';

/** Stroke colours for edges (SVG) and borders; every use also shows the status as text. */
export const STATUS_COLOR: Record<TopologyStatus, string> = {
  accepted: '#15803d',
  warning: '#b45309',
  error: '#b91c1c',
};

export const STATUS_CARD_CLASS: Record<TopologyStatus, string> = {
  accepted: 'border-green-700 dark:border-green-500',
  warning: 'border-amber-600 dark:border-amber-400',
  error: 'border-red-700 dark:border-red-500',
};

export const STATUS_TEXT_CLASS: Record<TopologyStatus, string> = {
  accepted: 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300',
  warning: 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  error: 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300',
};

/** What a node is, in words, on its face and in its accessible name. */
export const KIND_LABEL: Record<TopologyNodeKind, string> = {
  GatewayClass: 'GatewayClass',
  Gateway: 'Gateway',
  Listener: 'Listener',
  HTTPRoute: 'HTTPRoute',
  GRPCRoute: 'GRPCRoute',
  Rule: 'Rule',
  Service: 'Service',
  ReferenceGrant: 'ReferenceGrant',
  Missing: 'Missing backend',
  Hidden: 'Hidden',
};

export function statusText(status: TopologyStatus, summary: string): string {
  return `${TOPOLOGY_STATUS_LABEL[status]}: ${summary}`;
}
