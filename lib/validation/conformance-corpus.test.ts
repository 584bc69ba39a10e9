import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findResourceTypeByKind, parseApiVersion } from '@/lib/k8s/kinds';
import { lines } from '@/lib/validation/test-fixtures';
import { validateResource } from '@/lib/validation/validate-resource';

/**
 * The upstream conformance manifests as a corpus of valid objects: every object of a kind we
 * serve (Gateway API kinds, and the Namespaces, Services, Secrets... around them) must validate
 * with zero causes. Placeholders are substituted the way the conformance
 * suite substitutes them before applying. Experimental-channel fields (we serve the standard
 * channel) are pruned, not errors; they are listed so a change in that set is visible.
 */
const MANIFESTS = process.env.GATEWAY_API_CONFORMANCE_MANIFESTS ?? fileURLToPath(new URL('../../../shared/gateway-api/conformance/manifests', import.meta.url));
const available = existsSync(MANIFESTS);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

function substitute(text: string): string {
  return text
    .replaceAll('{GATEWAY_CLASS_NAME}', 'portico')
    .replaceAll('{GATEWAY_CONTROLLER_NAME}', 'portico.dev/gateway-controller')
    .replaceAll('PLACEHOLDER_USABLE_ADDRS', '127.0.0.1')
    .replaceAll('PLACEHOLDER_UNUSABLE_ADDRS', '192.0.2.1');
}

describe.skipIf(!available)('conformance manifests validate', () => {
  it('every object of a served kind has zero causes', () => {
    const failures: string[] = [];
    const pruned = new Set<string>();
    let checked = 0;
    const kinds = new Set<string>();
    for (const file of yamlFiles(MANIFESTS)) {
      for (const doc of parseAllDocuments(substitute(readFileSync(file, 'utf8')))) {
        const object = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
        if (!object?.kind || !object.apiVersion) continue;
        const type = findResourceTypeByKind(parseApiVersion(object.apiVersion).group, object.kind);
        if (!type) continue;
        const metadata = { ...object.metadata, ...(type.namespaced && !object.metadata?.namespace ? { namespace: 'default' } : {}) };
        const result = validateResource(type, { ...object, metadata }, 'object');
        checked++;
        kinds.add(object.kind);
        for (const line of lines(result.causes)) failures.push(`${file.slice(MANIFESTS.length + 1)} ${object.kind}/${metadata.name}: ${line}`);
        for (const field of result.unknownFields) pruned.add(`${object.kind} ${field.replace(/\[\d+\]/g, '[]')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'Namespace', 'ReferenceGrant', 'Service']));
    // Only experimental-channel fields are unknown to the standard-channel schemas.
    expect([...pruned].sort()).toEqual(['HTTPRoute spec.rules[].retry']);
  });
});

if (!available) {
  describe('conformance manifests validate', () => {
    it.skip(`skipped: ${MANIFESTS} is absent (the upstream conformance data is not checked out next to the project)`, () => {});
  });
}
