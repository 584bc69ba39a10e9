import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureServingCertificate, generateServingCertificate } from './serving-certificate';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'portico-tls-'));
  dirs.push(d);
  return d;
};

describe('serving certificate', () => {
  it('generates a certificate valid for the asked names with a matching key', async () => {
    const { certPem, keyPem } = await generateServingCertificate(['localhost', '127.0.0.1']);
    const cert = new X509Certificate(certPem);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.com')).toBeUndefined();
    expect(cert.ca).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('reuses a valid certificate and keeps the key private', async () => {
    const dir = tempDir();
    const first = await ensureServingCertificate(dir, ['localhost']);
    const second = await ensureServingCertificate(dir, ['localhost']);
    expect(second.certPem).toBe(first.certPem);
    expect(statSync(path.join(dir, 'tls', 'serving.key')).mode & 0o777).toBe(0o600);
  });

  it('replaces a certificate that does not cover a new name or is about to expire', async () => {
    const dir = tempDir();
    const first = await ensureServingCertificate(dir, ['localhost']);
    const widened = await ensureServingCertificate(dir, ['localhost', '10.1.2.3']);
    expect(widened.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(widened.certPem).checkIP('10.1.2.3')).toBe('10.1.2.3');
    const nearExpiry = new Date(Date.now() + 360 * 24 * 3600 * 1000);
    const renewed = await ensureServingCertificate(dir, ['localhost', '10.1.2.3'], nearExpiry);
    expect(renewed.certPem).not.toBe(widened.certPem);
    expect(readFileSync(renewed.certPath, 'utf8')).toBe(renewed.certPem);
  });
});
