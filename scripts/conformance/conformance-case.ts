/** The parts of a cases.json test the runner reads (schema in the data's README). */
export interface ConformanceCase {
  name: string;
  resource: string;
  scope: 'primary' | 'extra';
  features: string[];
  level: 'core' | 'extended';
  profiles: Record<string, 'core' | 'extended'>;
  provisional: boolean;
  manifests: string[];
  kind: string;
  /** What a partial or dynamic encoding's extra work needs (e.g. percentageMirror's request counts). */
  params?: Record<string, unknown>;
  waitFor: Array<Record<string, unknown> & { seq: number }>;
  status: Array<Record<string, unknown> & { seq: number }>;
  http: Array<Record<string, unknown> & { seq: number }>;
  grpc?: Array<Record<string, unknown> & { seq: number }>;
  dynamic: unknown[];
  mutations: unknown[];
  skipIf: unknown[];
}

/** Per profile (GATEWAY-HTTP, ...), its Core and Extended feature names. */
export type Profiles = Record<string, { core: string[]; extended: string[] }>;

export interface CasesFile {
  profiles: Profiles;
  suiteSetup: { programmaticObjects: Array<{ kind: string; namespace: string; name: string; type: string; hosts?: string[] }> };
  tests: ConformanceCase[];
}

/** Core tests of GATEWAY-HTTP / GATEWAY-GRPC first (the must-pass set), then the rest in file order. */
export function orderCases(cases: readonly ConformanceCase[]): ConformanceCase[] {
  const isCore = (c: ConformanceCase) => c.profiles['GATEWAY-HTTP'] === 'core' || c.profiles['GATEWAY-GRPC'] === 'core';
  return [...cases.filter(isCore), ...cases.filter((c) => !isCore(c))];
}
