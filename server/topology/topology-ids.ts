/**
 * Node ids: stable for the same object across reconciles (React keys and the layout rely on
 * them) and readable in exported JSON. A rule's id embeds the IR rule id, which is also the key
 * of its traffic counters in the proxy.
 */
export const topologyIds = {
  gatewayClass: (name: string) => `gc:${name}`,
  gateway: (key: string) => `gw:${key}`,
  listener: (gatewayKey: string, listener: string) => `ls:${gatewayKey}/${listener}`,
  route: (kind: string, key: string) => `rt:${kind}/${key}`,
  rule: (irRuleId: string) => `rule:${irRuleId}`,
  service: (key: string) => `svc:${key}`,
  referenceGrant: (key: string) => `rg:${key}`,
  missing: (irRuleId: string, slot: string) => `missing:${irRuleId}/${slot}`,
  /** One placeholder per namespace; `''` is cluster scope. */
  hidden: (namespace: string) => `hidden:${namespace || '(cluster)'}`,
};

/** Console pages by the conventions the areas share. */
export const topologyHrefs = {
  gatewayClass: (name: string) => `/infra/gateway-classes/${encodeURIComponent(name)}`,
  gateway: (namespace: string, name: string) => `/operator/gateways/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  route: (kind: string, namespace: string, name: string) =>
    `/apps/routes/${kind === 'GRPCRoute' ? 'grpcroutes' : 'httproutes'}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  // ReferenceGrants have no page of their own: the operator's list shows each with its impact.
  referenceGrant: (namespace: string, name: string) => `/operator/reference-grants#${encodeURIComponent(`${namespace}/${name}`)}`,
};
