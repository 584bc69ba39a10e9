import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_FEATURES } from '@/server/controller/supported-features';

const CASES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'gateway-api', 'conformance', 'cases.json');

describe('SUPPORTED_FEATURES', () => {
  it('is sorted and free of duplicates', () => {
    expect([...SUPPORTED_FEATURES].sort()).toEqual(SUPPORTED_FEATURES);
    expect(new Set(SUPPORTED_FEATURES).size).toBe(SUPPORTED_FEATURES.length);
  });

  it.skipIf(!existsSync(CASES))('names only known features, and every Core one of the GATEWAY-HTTP and GATEWAY-GRPC profiles', () => {
    const { profiles, features } = JSON.parse(readFileSync(CASES, 'utf8')) as { profiles: Record<string, { core: string[] }>; features: Record<string, unknown> };
    const known = new Set(Object.keys(features));
    expect(SUPPORTED_FEATURES.filter((f) => !known.has(f))).toEqual([]);
    const core = ['GATEWAY-HTTP', 'GATEWAY-GRPC'].flatMap((p) => profiles[p]!.core);
    expect(core.filter((f) => !SUPPORTED_FEATURES.includes(f))).toEqual([]);
  });
});
