import { describe, expect, it } from 'vitest';
import { PROXY_NODE_FLAGS, proxyChildSpec } from '@/server/supervisor/proxy-child-spec';

describe('proxyChildSpec', () => {
  const spec = proxyChildSpec({ controlPlaneUrl: 'https://127.0.0.1:3000', token: 't0ken', proxyId: 'host/1', portOffset: 8000, baseEnv: { ...process.env, PORTICO_ADMIN_TOKEN: 'admin' } });

  it('runs node with the proxy flags before the script, then the proxy command', () => {
    expect(spec.args.slice(0, PROXY_NODE_FLAGS.length)).toEqual(['--max-semi-space-size=4']);
    expect(spec.args[PROXY_NODE_FLAGS.length]).toMatch(/bin\/portico\.mjs$/);
    expect(spec.args.slice(PROXY_NODE_FLAGS.length + 1)).toEqual(['proxy', '--control-plane', 'https://127.0.0.1:3000', '--proxy-id', 'host/1', '--port-offset', '8000']);
  });

  it('passes the token in the environment, never in argv, and not the admin token', () => {
    expect(spec.env?.PORTICO_PROXY_TOKEN).toBe('t0ken');
    expect(spec.args.join(' ')).not.toContain('t0ken');
    expect(spec.env?.PORTICO_ADMIN_TOKEN).toBeUndefined();
  });
});
