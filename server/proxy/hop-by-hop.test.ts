import { describe, expect, it } from 'vitest';
import { endToEndRequestHeaders, endToEndResponseHeaders, hopByHopName } from '@/server/proxy/hop-by-hop';

describe('hop-by-hop stripping', () => {
  it('drops hop-by-hop, framing, nominated and trust-boundary headers from requests', () => {
    const out = endToEndRequestHeaders({
      host: 'h',
      connection: 'Keep-Alive, X-Private',
      'x-private': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'content-length': '3',
      te: 'trailers',
      upgrade: 'websocket',
      'proxy-connection': 'keep-alive',
      'x-forwarded-for': '1.2.3.4',
      forwarded: 'for=1.2.3.4',
      'x-middleware-subrequest': '1',
      accept: '*/*',
    });
    expect(out).toEqual({ host: 'h', accept: '*/*' });
  });

  it('keeps trust-boundary-looking headers in responses but drops hop-by-hop ones', () => {
    expect(endToEndResponseHeaders({ connection: 'close', 'content-length': '3', 'x-request-id': 'r', 'set-cookie': ['a=1', 'b=2'] })).toEqual({ 'x-request-id': 'r', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('names a hop-by-hop or framing header in any spelling, and nothing else', () => {
    const names = ['Connection', 'KEEP-ALIVE', 'proxy-Connection', 'Proxy-Authenticate', 'Proxy-Authorization', 'TE', 'Trailer', 'Transfer-Encoding', 'Upgrade', 'Content-Length', 'HTTP2-Settings'];
    expect(names.map(hopByHopName)).toEqual(names.map((name) => name.toLowerCase()));
    // Each of them is also what endToEndResponseHeaders drops.
    expect(endToEndResponseHeaders(Object.fromEntries(names.map((name) => [name.toLowerCase(), 'x'])))).toEqual({});
    for (const name of ['Content-Type', 'Date', 'X-Request-Id', 'Trailers', 'Content-Lengths', 'Keep_Alive', 'te ', '']) expect(hopByHopName(name)).toBeUndefined();
  });
});
