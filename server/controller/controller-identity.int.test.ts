import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '@/server/apiserver/api-server';
import { createAuth, type Auth } from '@/server/auth/create-auth';
import type { RequestAttributes } from '@/server/auth/types';
import { CONTROLLER_ROLE, controllerUser, seedControllerRbac } from '@/server/controller/controller-identity';
import { openStore } from '@/server/store/sqlite-store';
import type { Store } from '@/server/store/types';

/** The controller's identity: a per-process service token, and RBAC that allows exactly what it needs. */

const TOKEN = 'portico-controller-test-token-0123456789';
let dir: string;
let store: Store;
let auth: Auth;
let api: ApiServer;

const request = (authorization: string) => ({ headers: { authorization }, socket: {} }) as unknown as IncomingMessage;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-controller-identity-'));
  const logger = pino({ level: 'silent' });
  store = openStore({ path: path.join(dir, 'store.sqlite'), synchronous: 'NORMAL' });
  auth = createAuth({ dataDir: dir, store, logger, serviceAccounts: [{ token: TOKEN, user: controllerUser() }], scryptParams: { N: 1024, r: 8, p: 1 } });
  api = createApiServer({ store, authenticator: auth.authenticator, authorizer: auth.authorizer, escalationGuard: auth.authorizer, logger });
  await seedControllerRbac(api);
  await seedControllerRbac(api); // idempotent
  const deadline = Date.now() + 10_000;
  while (auth.authorizer.revision() < store.currentRevision() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
});

afterAll(() => {
  api?.close();
  auth?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('controller identity', () => {
  it('authenticates the service token as the controller service account, in no other way', () => {
    const ok = auth.authenticator.authenticate(request(`Bearer ${TOKEN}`));
    expect(ok).toEqual({ kind: 'authenticated', user: controllerUser(), via: 'service-account' });
    expect(ok.kind === 'authenticated' && ok.user.username).toBe('system:serviceaccount:portico-system:controller');
    expect(auth.authenticator.authenticate(request(`Bearer ${TOKEN}x`)).kind).toBe('rejected');
  });

  const user = controllerUser();
  const GW = 'gateway.networking.k8s.io';
  it.each<[string, Omit<RequestAttributes, 'user'>, boolean]>([
    ['watch httproutes', { verb: 'watch', apiGroup: GW, resource: 'httproutes' }, true],
    ['list referencegrants', { verb: 'list', apiGroup: GW, resource: 'referencegrants' }, true],
    ['list secrets', { verb: 'list', apiGroup: '', resource: 'secrets' }, true],
    ['watch endpointslices', { verb: 'watch', apiGroup: 'discovery.k8s.io', resource: 'endpointslices' }, true],
    ['list namespaces', { verb: 'list', apiGroup: '', resource: 'namespaces' }, true],
    ['update httproutes/status', { verb: 'update', apiGroup: GW, resource: 'httproutes', subresource: 'status', namespace: 'team-a', name: 'r' }, true],
    ['patch gatewayclasses/status', { verb: 'patch', apiGroup: GW, resource: 'gatewayclasses', subresource: 'status', name: 'c' }, true],
    ['update httproutes (spec)', { verb: 'update', apiGroup: GW, resource: 'httproutes', namespace: 'team-a', name: 'r' }, false],
    ['create gateways', { verb: 'create', apiGroup: GW, resource: 'gateways', namespace: 'infra' }, false],
    ['delete secrets', { verb: 'delete', apiGroup: '', resource: 'secrets', namespace: 'infra', name: 's' }, false],
    ['update referencegrants', { verb: 'update', apiGroup: GW, resource: 'referencegrants', namespace: 'team-b', name: 'g' }, false],
    ['list configmaps', { verb: 'list', apiGroup: '', resource: 'configmaps' }, false],
    ['update clusterroles', { verb: 'update', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: CONTROLLER_ROLE }, false],
  ])('%s -> %s', (_name, attributes, allowed) => {
    expect(auth.authorizer.authorize({ user, ...attributes }).allowed).toBe(allowed);
  });
});
