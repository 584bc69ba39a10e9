import { randomUUID } from 'node:crypto';
import { findResourceTypeByKind } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import {
  buildClusterRole,
  buildClusterRoleBinding,
  buildRoleBinding,
} from '@/lib/k8s/rbac/rbac-builders';
import { RBAC_GROUP, type PolicyRule } from '@/lib/k8s/rbac/types';
import { AuthError } from '@/server/auth/auth-error';
import type { UserStore } from '@/server/auth/user-store';
import { objectStoreKey, type Store } from '@/server/store/types';

/**
 * The demo's three Gateway API personas (gateway-api.sigs.k8s.io security model) as local users
 * plus the RBAC objects that give each persona its boundaries. Each persona's permissions are a
 * named ClusterRole bound to a group, so more people get a persona by joining its group or by
 * one more binding.
 */

const GATEWAY = 'gateway.networking.k8s.io';
const PORTICO = 'portico.dev';
const READ = ['get', 'list', 'watch'];
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const LABELS = { 'app.kubernetes.io/managed-by': 'portico-demo' };

export const PERSONA_ROLES = {
  infrastructureProvider: 'portico:infrastructure-provider',
  clusterOperator: 'portico:cluster-operator',
  applicationDeveloper: 'portico:application-developer',
  /** Secrets for TLS listeners; granted per namespace with RoleBindings. */
  tlsSecretsEditor: 'portico:tls-secrets-editor',
  /** Cluster-wide read of Gateways and namespaces, so developers can pick parents to attach to. */
  gatewayViewer: 'portico:gateway-viewer',
} as const;

export const PERSONA_GROUPS = {
  infra: 'portico:infra',
  operators: 'portico:operators',
  appTeamA: 'portico:app-team-a',
} as const;

/** Where the cluster operator keeps Gateway TLS certificates. */
export const INFRA_NAMESPACE = 'infra';
export const TEAM_A_NAMESPACE = 'team-a';

export const PERSONA_USERS: ReadonlyArray<{ username: string; groups: string[]; persona: string }> = [
  { username: 'ian', groups: [PERSONA_GROUPS.infra], persona: 'infrastructure provider' },
  { username: 'chihiro', groups: [PERSONA_GROUPS.operators], persona: 'cluster operator' },
  { username: 'ana', groups: [PERSONA_GROUPS.appTeamA], persona: 'application developer (team-a)' },
];

const infrastructureProviderRules: PolicyRule[] = [
  // Tokens for proxies on other hosts (/api/proxy-tokens).
  { apiGroups: [PORTICO], resources: ['proxytokens'], verbs: ['create', 'list', 'delete'] },
  // Full control of classes; status stays the controller's (not granted: gatewayclasses/status).
  { apiGroups: [GATEWAY], resources: ['gatewayclasses'], verbs: WRITE },
  // `*` also covers subresources, so this reads statuses too: read-only, all Gateway API kinds.
  { apiGroups: [GATEWAY], resources: ['*'], verbs: READ },
  { apiGroups: [''], resources: ['namespaces', 'services'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];

const clusterOperatorRules: PolicyRule[] = [
  { apiGroups: [GATEWAY], resources: ['gateways', 'referencegrants'], verbs: WRITE },
  { apiGroups: [GATEWAY], resources: ['*'], verbs: READ },
  { apiGroups: [''], resources: ['namespaces'], verbs: WRITE },
  { apiGroups: [''], resources: ['services'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: [PORTICO], resources: ['accessrequests'], verbs: WRITE },
  // Approving or denying an access request is a status write.
  { apiGroups: [PORTICO], resources: ['accessrequests/status'], verbs: ['get', 'update', 'patch'] },
];

const tlsSecretsEditorRules: PolicyRule[] = [{ apiGroups: [''], resources: ['secrets'], verbs: WRITE }];

/** Bound per namespace: everything here applies only inside the team's namespaces. Never any status. */
const applicationDeveloperRules: PolicyRule[] = [
  { apiGroups: [GATEWAY], resources: ['httproutes', 'grpcroutes'], verbs: WRITE },
  { apiGroups: [GATEWAY], resources: ['referencegrants'], verbs: READ },
  { apiGroups: [''], resources: ['services'], verbs: WRITE },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: WRITE },
  // Ask for access (e.g. to a Gateway in another namespace); deciding is the operator's.
  { apiGroups: [PORTICO], resources: ['accessrequests'], verbs: ['get', 'list', 'watch', 'create'] },
];

const gatewayViewerRules: PolicyRule[] = [
  { apiGroups: [GATEWAY], resources: ['gateways'], verbs: READ },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
];

/** The personas' RBAC objects as a client would submit them (no uid, timestamps or resourceVersion). */
export function buildPersonaRbacObjects(): K8sObject[] {
  const group = (name: string) => [{ kind: 'Group', name }];
  const R = PERSONA_ROLES;
  const G = PERSONA_GROUPS;
  return [
    buildClusterRole(R.infrastructureProvider, infrastructureProviderRules, LABELS),
    buildClusterRole(R.clusterOperator, clusterOperatorRules, LABELS),
    buildClusterRole(R.applicationDeveloper, applicationDeveloperRules, LABELS),
    buildClusterRole(R.tlsSecretsEditor, tlsSecretsEditorRules, LABELS),
    buildClusterRole(R.gatewayViewer, gatewayViewerRules, LABELS),
    buildClusterRoleBinding(R.infrastructureProvider, R.infrastructureProvider, group(G.infra), LABELS),
    buildClusterRoleBinding(R.clusterOperator, R.clusterOperator, group(G.operators), LABELS),
    buildRoleBinding(INFRA_NAMESPACE, 'portico:cluster-operator:tls-secrets', { kind: 'ClusterRole', name: R.tlsSecretsEditor }, group(G.operators), LABELS),
    buildRoleBinding(TEAM_A_NAMESPACE, R.applicationDeveloper, { kind: 'ClusterRole', name: R.applicationDeveloper }, group(G.appTeamA), LABELS),
    buildClusterRoleBinding('portico:app-team-a:gateway-viewer', R.gatewayViewer, group(G.appTeamA), LABELS),
  ];
}

export interface SeedPersonasResult {
  createdUsers: string[];
  /** Store keys of the RBAC objects written (existing ones are left as they are). */
  createdObjects: string[];
}

/**
 * Creates the demo users (password `password`) and their RBAC objects. Idempotent: users and
 * objects that already exist are left alone, so edits made since the first start survive.
 */
export async function seedPersonas(auth: { users: UserStore }, store: Store, password: string): Promise<SeedPersonasResult> {
  const createdUsers: string[] = [];
  for (const persona of PERSONA_USERS) {
    if (auth.users.get(persona.username)) continue;
    try {
      await auth.users.create({ username: persona.username, password, groups: persona.groups });
      createdUsers.push(persona.username);
    } catch (err) {
      if (!(err instanceof AuthError && err.code === 'USER_EXISTS')) throw err;
    }
  }
  const creationTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const objects = buildPersonaRbacObjects().map((object) => ({ key: storeKeyOf(object), object }));
  const createdObjects = await store.transact((txn) => {
    const written: string[] = [];
    for (const { key, object } of objects) {
      if (txn.get(key)) continue;
      txn.put(key, { ...object, metadata: { ...object.metadata, uid: randomUUID(), creationTimestamp } });
      written.push(key);
    }
    return written;
  });
  return { createdUsers, createdObjects };
}

function storeKeyOf(object: K8sObject): string {
  const type = findResourceTypeByKind(RBAC_GROUP, object.kind);
  if (!type) throw new Error(`no resource type for ${RBAC_GROUP}/${object.kind}`);
  const name = object.metadata.name ?? '';
  return objectStoreKey(type.group, type.plural, type.namespaced ? object.metadata.namespace : undefined, name);
}
