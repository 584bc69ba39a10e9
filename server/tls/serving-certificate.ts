import { X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * The self-signed certificate Portico serves HTTPS with (kubectl only sends bearer tokens to
 * https:// servers). Generated on first start into `<dataDir>/tls/`, reused while it is valid
 * for at least another week and covers the names asked for; otherwise replaced.
 */

export interface ServingCertificate {
  certPem: string;
  keyPem: string;
  certPath: string;
}

const VALIDITY_DAYS = 365;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

function coversNames(cert: NodeX509Certificate, names: readonly string[]): boolean {
  return names.every((name) => (isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined));
}

function isReusable(certPem: string, names: readonly string[], now: Date): boolean {
  try {
    const cert = new NodeX509Certificate(certPem);
    return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS && coversNames(cert, names);
  } catch {
    return false;
  }
}

function toPem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

/** Generates an ECDSA P-256 self-signed serving certificate for the given DNS names and IPs. */
export async function generateServingCertificate(names: readonly string[], now = new Date()): Promise<{ certPem: string; keyPem: string }> {
  const crypto = webcrypto as unknown as Crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
      name: 'CN=portico-serving',
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        // A CA-capable self-signed certificate, so clients can pin it as their certificate authority.
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
      ],
    },
    crypto,
  );
  const keyDer = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: toPem('PRIVATE KEY', keyDer) };
}

/** Loads the data directory's serving certificate, generating (or replacing) it when needed. */
export async function ensureServingCertificate(dataDir: string, names: readonly string[], now = new Date()): Promise<ServingCertificate> {
  const dir = path.join(dataDir, 'tls');
  const certPath = path.join(dir, 'serving.crt');
  const keyPath = path.join(dir, 'serving.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    if (isReusable(certPem, names, now)) return { certPem, keyPem: readFileSync(keyPath, 'utf8'), certPath };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { certPem, keyPem } = await generateServingCertificate(names, now);
  // Key first and both via rename, so a crash never leaves a certificate without its key.
  writeFileSync(`${keyPath}.tmp`, keyPem, { mode: 0o600 });
  writeFileSync(`${certPath}.tmp`, certPem, { mode: 0o644 });
  renameSync(`${keyPath}.tmp`, keyPath);
  renameSync(`${certPath}.tmp`, certPath);
  return { certPem, keyPem, certPath };
}
