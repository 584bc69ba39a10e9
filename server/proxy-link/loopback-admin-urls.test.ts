import { describe, expect, it } from 'vitest';
import { loopbackAdminUrls } from '@/server/proxy-link/loopback-admin-urls';

describe('loopbackAdminUrls', () => {
  it.each([
    ['http://127.0.0.1:9901', true],
    ['http://127.0.0.5:40000', true],
    ['http://localhost:9901', true],
    ['http://[::1]:9901', true],
    ['https://127.0.0.1:9901', false],
    ['http://10.0.0.1:9901', false],
    ['http://169.254.169.254/latest', false],
    ['http://user:pw@127.0.0.1:9901', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s -> %s', (url, kept) => {
    expect(loopbackAdminUrls(new Map([['p', { adminUrl: url }]])).has('p')).toBe(kept);
  });
});
