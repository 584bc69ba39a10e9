import { describe, expect, it } from 'vitest';
import { OptionsError, parseStartOptions } from './options';

describe('parseStartOptions', () => {
  it('uses the documented defaults', () => {
    const o = parseStartOptions([], {}, '/work');
    expect(o).toMatchObject({ dataDir: '/work/.portico', host: '127.0.0.1', port: 3000, demo: true, console: true, logLevel: 'info' });
    expect(o.adminToken).toBeUndefined();
  });

  it('reads every environment variable', () => {
    const o = parseStartOptions(
      [],
      {
        PORTICO_DATA_DIR: 'd',
        PORTICO_HOST: '0.0.0.0',
        PORTICO_PORT: '4000',
        PORTICO_DEMO: '0',
        PORTICO_CONSOLE: 'false',
        PORTICO_ADMIN_TOKEN: 'a'.repeat(16),
        PORTICO_DEMO_PASSWORD: 'b'.repeat(12),
        PORTICO_LOG_LEVEL: 'warn',
      },
      '/x',
    );
    expect(o).toMatchObject({ dataDir: '/x/d', host: '0.0.0.0', port: 4000, demo: false, console: false, logLevel: 'warn' });
  });

  it('lets flags win over environment variables', () => {
    const o = parseStartOptions(['--port', '5000', '--data-dir', '/abs', '--no-demo'], { PORTICO_PORT: '4000', PORTICO_DEMO: '1' }, '/x');
    expect(o).toMatchObject({ port: 5000, dataDir: '/abs', demo: false });
  });

  it.each([
    [['--port', 'eighty'], {}, /port/],
    [['--port', '70000'], {}, /port/],
    [[], { PORTICO_DEMO: 'maybe' }, /demo/],
    [[], { PORTICO_ADMIN_TOKEN: 'short' }, /PORTICO_ADMIN_TOKEN must be at least 16/],
    [[], { PORTICO_DEMO_PASSWORD: 'short' }, /PORTICO_DEMO_PASSWORD must be at least 12/],
  ] as const)('rejects bad input %j %j with a clear message', (argv, env, message) => {
    expect(() => parseStartOptions([...argv], env, '/x')).toThrow(OptionsError);
    expect(() => parseStartOptions([...argv], env, '/x')).toThrow(message);
  });

  it('runs the proxy by default from the command line, and passes its placement through', () => {
    expect(parseStartOptions([], {}, '/x').proxy).toBe(true);
    expect(parseStartOptions(['--no-proxy'], {}, '/x').proxy).toBe(false);
    const o = parseStartOptions(
      [],
      { PORTICO_PROXY: '0', PORTICO_LISTENER_HOST: '127.0.0.2', PORTICO_LISTENER_PORT_OFFSET: '10000', PORTICO_PROXY_ADMIN_PORT: '0' },
      '/x',
    );
    expect(o).toMatchObject({ proxy: false, listenerHost: '127.0.0.2', listenerPortOffset: 10000, proxyAdminPort: 0 });
    expect(() => parseStartOptions([], { PORTICO_LISTENER_PORT_OFFSET: '-1' }, '/x')).toThrow(/listenerPortOffset/);
    expect(() => parseStartOptions([], { PORTICO_PROXY_ADMIN_PORT: '70000' }, '/x')).toThrow(/proxyAdminPort/);
  });

  it('rejects unknown flags', () => {
    expect(() => parseStartOptions(['--bogus'], {}, '/x')).toThrow(/bogus/);
  });
});
