import { describe, expect, it } from 'vitest';
import { isIP, isIPv4, isIPv6 } from '@/lib/validation/ip-address';

describe('IP literal recognition', () => {
  it.each([
    ['1.2.3.4', true, false],
    ['255.255.255.255', true, false],
    ['256.1.1.1', false, false],
    ['01.2.3.4', false, false],
    ['1.2.3', false, false],
    ['::', false, true],
    ['::1', false, true],
    ['fd00::1', false, true],
    ['2001:db8:0:0:0:0:2:1', false, true],
    ['::ffff:10.0.0.1', false, true],
    ['1:2:3:4:5:6:1.2.3.4', false, true],
    ['1:2:3:4:5:6:7:8:9', false, false],
    ['1::2::3', false, false],
    ['fe80::1%eth0', false, false],
    ['example.com', false, false],
    ['12345::', false, false],
  ])('%s: v4=%s v6=%s', (value, v4, v6) => {
    expect(isIPv4(value)).toBe(v4);
    expect(isIPv6(value)).toBe(v6);
    expect(isIP(value)).toBe(v4 || v6);
  });
});
