import { describe, expect, it } from 'vitest';
import { computeSnapshotVersion, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { checkSnapshot, snapshotAckSchema } from '@/lib/ir/protocol';
import { REDACTED, redactSnapshot } from '@/lib/ir/redact-snapshot';
import { routingSnapshotSchema } from '@/lib/ir/snapshot';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';

describe('routing snapshot schema', () => {
  it('accepts a snapshot using every construct, unchanged', () => {
    const snapshot = sampleSnapshot();
    expect(routingSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('survives a JSON round trip with the same version', () => {
    const snapshot = sampleSnapshot();
    const received = JSON.parse(JSON.stringify(snapshot)) as unknown;
    const check = checkSnapshot(received);
    expect(check.ok).toBe(true);
    if (check.ok) expect(computeSnapshotVersion(check.snapshot)).toBe(snapshot.version);
  });
});

describe('computeSnapshotVersion', () => {
  it('is a stable content hash: same content, same version; any change, new version', () => {
    const a = sampleSnapshot();
    const b = sampleSnapshot();
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    expect(b.version).toBe(a.version);
    const changed = structuredClone(a);
    (changed.listeners[0] as { port: number }).port = 8443;
    expect(computeSnapshotVersion(changed)).not.toBe(a.version);
  });

  it('ignores the version field itself and key order', () => {
    const a = sampleSnapshot();
    const reordered = { certificates: a.certificates, listeners: a.listeners, version: '0000000000000000', schemaVersion: a.schemaVersion };
    expect(computeSnapshotVersion(reordered)).toBe(a.version);
    expect(versionSnapshot(reordered).version).toBe(a.version);
  });
});

describe('checkSnapshot', () => {
  it.each<[string, (s: Record<string, unknown>) => void, RegExp]>([
    ['another schema version', (s) => (s.schemaVersion = 'ir.portico.dev/v9'), /unsupported schemaVersion "ir.portico.dev\/v9"/],
    ['a tampered version', (s) => (s.version = '0123456789abcdef'), /does not match the content hash/],
    ['content changed after hashing', (s) => ((s.listeners as { port: number }[])[0]!.port = 1), /does not match the content hash/],
    ['an unknown filter type', (s) => ((s.listeners as { rules: { filters: unknown[] }[] }[])[0]!.rules[0]!.filters = [{ type: 'Teleport' }]), /invalid snapshot at listeners\.0\.rules\.0\.filters\.0/],
    ['a bad port', (s) => ((s.listeners as { port: number }[])[0]!.port = 70000), /invalid snapshot at listeners\.0\.port/],
    ['not an object', () => undefined, /./],
  ])('rejects %s', (_why, mutate, reason) => {
    const s = structuredClone(sampleSnapshot()) as unknown as Record<string, unknown>;
    mutate(s);
    const check = checkSnapshot(_why === 'not an object' ? 'nope' : s);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});

describe('snapshot protocol', () => {
  it('acks carry version, verdict, reason and listener bindings', () => {
    const ack = { version: 'abc', accepted: false, reason: 'bad', proxyId: 'p1', activeVersion: 'old', listeners: [{ name: 'infra/public/http', bound: false, reason: 'EADDRINUSE' }] };
    expect(snapshotAckSchema.parse(ack)).toEqual(ack);
    expect(snapshotAckSchema.safeParse({ version: 'abc' }).success).toBe(false);
  });
});

describe('redactSnapshot', () => {
  it('removes private keys and keeps everything else', () => {
    const snapshot = sampleSnapshot();
    const redacted = redactSnapshot(snapshot);
    expect(redacted.certificates[0]?.privateKeyPem).toBe(REDACTED);
    expect(redacted.certificates[0]?.certificatePem).toBe(snapshot.certificates[0]?.certificatePem);
    expect(snapshot.certificates[0]?.privateKeyPem).toContain('PRIVATE KEY');
    expect(redacted.listeners).toBe(snapshot.listeners);
  });
});
