import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { type EchoBackend, type EchoReply, startEchoBackend } from '@/server/proxy/testing/echo-backend';
import { buildTestSnapshot, serviceBackend, testCertificate } from '@/server/proxy/testing/proxy-test-snapshot';
import { freePort, ManualFeed, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';

/** HTTPS listeners: SNI picks the listener and its certificate; a Host for another listener is 421. */
describe('proxy HTTPS with SNI', () => {
  let proxy: RunningProxy;
  let echo: EchoBackend;
  let port: number;
  let certA: { certPem: string; keyPem: string };
  let certB: { certPem: string; keyPem: string };

  beforeAll(async () => {
    [echo, certA, certB] = await Promise.all([startEchoBackend('echo'), generateServingCertificate(['a.example.com']), generateServingCertificate(['b.example.com'])]);
    port = await freePort();
    proxy = await startProxy({ feed: new ManualFeed(), portOffset: port - 443, adminPort: 0, logger: pino({ level: 'silent' }) });
  });

  afterAll(async () => {
    await proxy?.stop();
    await echo?.stop();
  });

  const certificates = () => [testCertificate('a', certA.certPem, certA.keyPem), testCertificate('b', certB.certPem, certB.keyPem)];
  const backends = () => [serviceBackend('echo', [echo.endpoint])];

  it('chooses the listener and certificate by SNI across two HTTPS listeners', async () => {
    const [a, b] = certificates();
    const ack = await proxy.apply(
      buildTestSnapshot(
        [
          { name: 'a', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', certificateIds: [a!.id], routes: [{ name: 'ra', backends: backends(), filters: [{ type: 'ResponseHeaderModifier', set: [{ name: 'x-listener', value: 'a' }], add: [], remove: [] }] }] },
          { name: 'b', port: 443, protocol: 'HTTPS', hostname: 'b.example.com', certificateIds: [b!.id], routes: [{ name: 'rb', backends: backends(), filters: [{ type: 'ResponseHeaderModifier', set: [{ name: 'x-listener', value: 'b' }], add: [], remove: [] }] }] },
        ],
        certificates(),
      ),
    );
    expect(ack.accepted).toBe(true);
    expect(ack.listeners?.every((l) => l.bound)).toBe(true);

    const resA = await sendRequest({ port, host: 'a.example.com', tls: { servername: 'a.example.com', ca: certA.certPem } });
    expect(resA.headers['x-listener']).toBe('a');
    expect((JSON.parse(resA.body) as EchoReply).headers['x-forwarded-proto']).toBe('https');
    const resB = await sendRequest({ port, host: 'b.example.com', tls: { servername: 'b.example.com', ca: certB.certPem } });
    expect(resB.headers['x-listener']).toBe('b');
    // The wrong certificate for the name: the client refuses the handshake.
    await expect(sendRequest({ port, host: 'b.example.com', tls: { servername: 'b.example.com', ca: certA.certPem } })).rejects.toThrow();
    // SNI chose listener a, Host names listener b: misdirected.
    expect((await sendRequest({ port, host: 'b.example.com', tls: { servername: 'a.example.com', ca: certA.certPem } })).status).toBe(421);
  });

  it('chooses among one listener\'s certificates by the name they cover', async () => {
    const [a, b] = certificates();
    const ack = await proxy.apply(buildTestSnapshot([{ name: 'any', port: 443, protocol: 'HTTPS', certificateIds: [a!.id, b!.id], routes: [{ name: 'r', backends: backends() }] }], certificates()));
    expect(ack.accepted).toBe(true);
    expect((await sendRequest({ port, host: 'a.example.com', tls: { servername: 'a.example.com', ca: certA.certPem } })).status).toBe(200);
    expect((await sendRequest({ port, host: 'b.example.com', tls: { servername: 'b.example.com', ca: certB.certPem } })).status).toBe(200);
  });
});
