import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { K8sObject } from '@/lib/k8s/object';
import type { Auth } from '@/server/auth/create-auth';
import type { Logger } from '@/server/observability/logger';
import type { Store } from '@/server/store/types';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { buildDemoWorld, DEMO_CERTIFICATE_NAMES } from './demo-world';
import { seedPersonas } from './personas';

/** Creates an object through the API server's own write path (admission, defaults, uid) unless it exists. */
export interface SystemWriter {
  createIfAbsent(object: K8sObject): Promise<boolean>;
}

/** The demo's namespaces: the platform team's, and two application teams'. */
export const DEMO_NAMESPACES = [
  { name: 'infra', labels: { 'portico.dev/role': 'infrastructure' } },
  { name: 'team-a', labels: { 'portico.dev/team': 'shop' } },
  { name: 'team-b', labels: { 'portico.dev/team': 'payments' } },
] as const;

/** Where a generated demo password is kept (0600), so it can be found again. */
export function demoPasswordFile(dataDir: string): string {
  return path.join(dataDir, 'demo-password');
}

/**
 * Seeds demo data into an empty store: namespaces, the three persona users with their RBAC,
 * and the demo world (GatewayClass, Gateway `infra/public` with a certificate generated now,
 * Services and EndpointSlices for the running echo backends at `ports`, the teams' routes).
 * The demo password comes from the options, or is generated once, printed, and kept (0600) in
 * the data directory so it can be found again.
 */
export async function seedDemo(deps: {
  api: SystemWriter;
  auth: Pick<Auth, 'users'>;
  store: Store;
  dataDir: string;
  password: string | undefined;
  /** The demo echo backends' current ports, by `namespace/service`. */
  ports: ReadonlyMap<string, number>;
  logger: Logger;
}): Promise<void> {
  const password = deps.password ?? randomBytes(12).toString('base64url');
  for (const ns of DEMO_NAMESPACES) {
    await deps.api.createIfAbsent({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { ...ns.labels } } });
  }
  const seeded = await seedPersonas(deps.auth, deps.store, password);
  const certificate = await generateServingCertificate(DEMO_CERTIFICATE_NAMES);
  const world: string[] = [];
  for (const object of buildDemoWorld({ certificate, ports: deps.ports })) {
    if (await deps.api.createIfAbsent(object)) world.push(`${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name ?? ''}`);
  }
  if (!deps.password && seeded.createdUsers.length > 0) {
    const file = demoPasswordFile(deps.dataDir);
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    console.error(`\n  Demo users ${seeded.createdUsers.join(', ')} created; password: ${password}\n  (kept in ${file})\n`);
  }
  deps.logger.info({ users: seeded.createdUsers, objects: seeded.createdObjects, world }, 'demo data seeded');
}
