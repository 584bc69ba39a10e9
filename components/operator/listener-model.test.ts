import { describe, expect, it } from 'vitest';
import { allowedFrom, newListener, parseMatchLabels, withAllowedRoutes, withCertificateRefs, withProtocol } from '@/components/operator/listener-model';

describe('listener model', () => {
  it('parses key=value selectors and reports a malformed pair', () => {
    expect(parseMatchLabels(' team=web, env = prod ')).toEqual({ selector: { matchLabels: { team: 'web', env: 'prod' } } });
    expect(parseMatchLabels('')).toEqual({});
    expect(parseMatchLabels('team')).toEqual({ error: '"team" is not key=value' });
  });

  it('keeps fields the editor does not show, and TLS only where allowed', () => {
    const https = withProtocol({ name: 'a', protocol: 'HTTP', port: 80, extra: 1 } as never, 'HTTPS');
    expect(https).toMatchObject({ protocol: 'HTTPS', tls: { mode: 'Terminate' }, extra: 1 });
    const withCert = withCertificateRefs(https, [{ name: 'cert' }, { name: '' }]);
    expect(withCert.tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'cert' }] });
    expect(withProtocol(withCert, 'HTTP').tls).toBeUndefined();
  });

  it('writes allowedRoutes with a selector and kinds', () => {
    const l = withAllowedRoutes({ name: 'a' }, 'Selector', { matchLabels: { team: 'web' } }, ['HTTPRoute']);
    expect(l.allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { team: 'web' } } }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] });
    expect(allowedFrom(withAllowedRoutes(l, 'All', undefined, []))).toBe('All');
    expect(withAllowedRoutes(l, 'All', undefined, []).allowedRoutes).toEqual({ namespaces: { from: 'All' } });
  });

  it('names new listeners uniquely', () => {
    expect(newListener([{ name: 'listener-2' }]).name).toBe('listener-3');
    expect(newListener([{ name: 'listener-1' }]).name).toBe('listener-2');
  });
});
