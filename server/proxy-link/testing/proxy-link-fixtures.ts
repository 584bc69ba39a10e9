import type { IncomingMessage } from 'node:http';
import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { secretsEqual } from '@/server/auth/secrets';
import type { AuthenticationResult, Authenticator, UserInfo } from '@/server/auth/types';

/** A valid snapshot with one HTTP listener of `infra/public` on `port`: each port is another version. */
export function snapshotOnPort(port: number): RoutingSnapshot {
  return versionSnapshot({
    schemaVersion: IR_SCHEMA_VERSION,
    listeners: [{ name: 'infra/public/http', gateway: { namespace: 'infra', name: 'public' }, listenerName: 'http', addresses: ['127.0.0.1'], port, protocol: 'HTTP', rules: [], virtualHosts: [] }],
    certificates: [],
  });
}

/**
 * Bearer-token authentication over a fixed table, with the production authenticator's
 * semantics (constant-time compare; wrong credentials are rejected, none are anonymous).
 */
export function tableAuthenticator(tokens: ReadonlyArray<{ token: string; user: UserInfo }>): Authenticator {
  return {
    authenticate(req: IncomingMessage): AuthenticationResult {
      const header = req.headers.authorization;
      if (header === undefined) return { kind: 'anonymous' };
      const token = /^Bearer +(\S+)$/i.exec(header)?.[1] ?? '';
      const found = tokens.find((t) => secretsEqual(t.token, token));
      return found ? { kind: 'authenticated', user: found.user, via: 'service-account' } : { kind: 'rejected', reason: 'the bearer token is invalid' };
    },
  };
}
