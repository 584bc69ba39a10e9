import { describe, expect, it } from 'vitest';
import { parseProxyOptions } from '@/server/proxy-link/proxy-options';

const noFile = () => {
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};

describe('parseProxyOptions', () => {
  it('takes flags first, then the environment, then defaults', () => {
    expect(parseProxyOptions(['--control-plane', 'http://cp:3000/', '--proxy-id', 'p1'], { PORTICO_PROXY_TOKEN: 't', PORTICO_LISTENER_PORT_OFFSET: '0' }, noFile)).toEqual({
      controlPlaneUrl: 'http://cp:3000',
      token: 't',
      proxyId: 'p1',
      caPem: undefined,
      portOffset: 0,
      adminPort: 9901,
      supervised: false,
    });
    const flags = parseProxyOptions(
      ['--control-plane', 'https://cp', '--token', 'flag', '--port-offset', '10', '--admin-port', '0', '--ca', 'ca.pem'],
      { PORTICO_PROXY_TOKEN: 'env', PORTICO_LISTENER_HOST: '::1', PORTICO_PROXY_SUPERVISED: '1' },
      (f) => `PEM of ${f}`,
    );
    expect(flags).toMatchObject({ token: 'flag', portOffset: 10, adminPort: 0, caPem: 'PEM of ca.pem', supervised: true });
  });

  it.each([
    [[], {}, /--control-plane URL/],
    [['--control-plane', 'ftp://x'], { PORTICO_PROXY_TOKEN: 't' }, /http\(s\) URL/],
    [['--control-plane', 'not a url'], { PORTICO_PROXY_TOKEN: 't' }, /http\(s\) URL/],
    [['--control-plane', 'http://x'], {}, /PORTICO_PROXY_TOKEN/],
    [['--control-plane', 'http://x', '--port-offset=-1'], { PORTICO_PROXY_TOKEN: 't' }, /--port-offset must be an integer/],
    [['--control-plane', 'http://x', '--admin-port', '70000'], { PORTICO_PROXY_TOKEN: 't' }, /--admin-port must be an integer/],
    [['--control-plane', 'http://x', '--ca', 'nope.pem'], { PORTICO_PROXY_TOKEN: 't' }, /cannot read the CA file nope.pem: ENOENT/],
    [['--bogus'], {}, /bogus/],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => parseProxyOptions(argv, env, noFile)).toThrow(message);
  });
});
