import { describe, expect, it } from 'vitest';
import { formatDemoBanner, type DemoBannerInput } from '@/server/demo/format-demo-banner';

const base: DemoBannerInput = { consoleUrl: 'http://127.0.0.1:3000', password: { fromEnv: true }, proxy: true };

describe('formatDemoBanner', () => {
  it.each<[string, Partial<DemoBannerInput>, string[], string[]]>([
    ['default listener offset', {}, ["curl -H 'Host: shop.demo.portico.local' http://127.0.0.1:8080/", 'https://pay.demo.portico.local:8443/'], []],
    ['custom offset', { listenerPortOffset: 10000 }, ['http://127.0.0.1:10080/', '--resolve pay.demo.portico.local:10443:127.0.0.1'], ['8080']],
    ['offset 0', { listenerPortOffset: 0 }, ['http://127.0.0.1:80/'], []],
    ['wildcard listener host', { listenerHost: '0.0.0.0' }, ['http://127.0.0.1:8080/'], ['0.0.0.0']],
    ['IPv6 listener host', { listenerHost: '::1' }, ['http://[::1]:8080/'], []],
    ['proxy off', { proxy: false }, ['proxy is off'], ['curl']],
    ['password from the environment', {}, ['password: the value of PORTICO_DEMO_PASSWORD'], []],
    ['generated password', { password: { file: '/data/demo-password' } }, ['password: in /data/demo-password'], ['PORTICO_DEMO_PASSWORD']],
  ])('%s', (_name, input, contains, excludes) => {
    const banner = formatDemoBanner({ ...base, ...input });
    expect(banner).toContain('http://127.0.0.1:3000/login as ian (infrastructure provider), chihiro (cluster operator), ana (application developer (team-a))');
    for (const text of contains) expect(banner).toContain(text);
    for (const text of excludes) expect(banner).not.toContain(text);
  });
});
