import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { gatewayClassRows, gatewayRows, listenerSetRows } from '@/lib/gateway-api/gateway.cases';
import { grpcRouteRows } from '@/lib/gateway-api/grpc-route.cases';
import { httpRouteRows } from '@/lib/gateway-api/http-route/http-route.cases';
import { backendTLSPolicyRows, l4RouteRows, referenceGrantRows, tlsRouteRows } from '@/lib/gateway-api/l4-routes.cases';
import { rowLines, type KindCases } from '@/lib/validation/test-fixtures';

/**
 * Every x-kubernetes-validations rule of the standard-channel CRDs is broken by at least one
 * row of its kind's table, and that row asserts the rule's upstream message. Read from the
 * upstream install file, so a rule added upstream fails here until a row covers it.
 */
const CRDS = process.env.GATEWAY_API_STANDARD_CRDS ?? fileURLToPath(new URL('../../../shared/gateway-api/crds/standard-install.yaml', import.meta.url));
const available = existsSync(CRDS);

const TABLES: KindCases[] = [
  { kind: 'HTTPRoute', rows: httpRouteRows },
  { kind: 'GRPCRoute', rows: grpcRouteRows },
  { kind: 'Gateway', rows: gatewayRows },
  { kind: 'ListenerSet', rows: listenerSetRows },
  { kind: 'GatewayClass', rows: gatewayClassRows },
  { kind: 'TLSRoute', rows: tlsRouteRows },
  { kind: 'TCPRoute', rows: l4RouteRows },
  { kind: 'UDPRoute', rows: l4RouteRows },
  { kind: 'ReferenceGrant', rows: referenceGrantRows },
  { kind: 'BackendTLSPolicy', rows: backendTLSPolicyRows },
];

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
}

function ruleMessages(schema: Schema, out: Set<string>): Set<string> {
  for (const v of schema['x-kubernetes-validations'] ?? []) if (v.message) out.add(v.message);
  for (const child of Object.values(schema.properties ?? {})) ruleMessages(child, out);
  if (schema.items) ruleMessages(schema.items, out);
  if (typeof schema.additionalProperties === 'object') ruleMessages(schema.additionalProperties, out);
  return out;
}

function crdRules(): Map<string, Set<string>> {
  const byKind = new Map<string, Set<string>>();
  for (const doc of parseAllDocuments(readFileSync(CRDS, 'utf8'))) {
    const crd = doc.toJS() as { kind?: string; spec?: { names: { kind: string }; versions: { storage: boolean; schema: { openAPIV3Schema: Schema } }[] } };
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    const storage = crd.spec.versions.find((v) => v.storage);
    if (storage) byKind.set(crd.spec.names.kind, ruleMessages(storage.schema.openAPIV3Schema, new Set()));
  }
  return byKind;
}

describe.skipIf(!available)('CEL rule coverage', () => {
  const rules = available ? crdRules() : new Map<string, Set<string>>();
  it('knows the ten standard-channel kinds', () => {
    expect([...rules.keys()].sort()).toEqual(TABLES.map((t) => t.kind).sort());
  });

  it.each(TABLES)('$kind: every rule is broken by a row that asserts its message', ({ kind, rows }) => {
    const asserted = rows.flatMap((row) => row.want.filter((line) => rowLines(kind, row).includes(line)));
    const missing = [...(rules.get(kind) ?? [])].filter((message) => !asserted.some((line) => line.endsWith(`: ${message}`)));
    if (missing.length) console.warn(kind, JSON.stringify(missing));
    expect(missing).toEqual([]);
  });
});
