import { describe, expect, it } from 'vitest';
import { loopbackHostFor, parseBoundAddress } from './send-test-request';

describe('parseBoundAddress', () => {
  it.each([
    ['127.0.0.2:8080', { host: '127.0.0.2', port: 8080 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
    ['127.0.0.1', undefined],
    ['127.0.0.1:0', undefined],
    ['127.0.0.1:99999', undefined],
    ['', undefined],
  ])('%s', (address, expected) => {
    expect(parseBoundAddress(address)).toEqual(expected);
  });
});

describe('loopbackHostFor', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.4.5.6', '127.4.5.6'],
    ['::1', '::1'],
    ['0.0.0.0', '127.0.0.1'],
    ['::', '127.0.0.1'],
    ['10.0.0.1', undefined],
    ['192.168.1.1', undefined],
    ['example.com', undefined],
    ['127.example.com', undefined],
  ])('%s -> %s', (host, expected) => {
    expect(loopbackHostFor(host)).toBe(expected);
  });
});
