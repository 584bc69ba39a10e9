import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '@/server/auth/login-rate-limiter';

const MINUTE = 60_000;

function limiter(overrides: Partial<{ perAccount: number; perAddress: number; maxKeys: number }> = {}) {
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const l = new LoginRateLimiter(() => now, { perAccount: 10, perAddress: 30, windowMs: 15 * MINUTE, maxKeys: 10_000, ...overrides });
  return { l, clock };
}

describe('LoginRateLimiter', () => {
  it('allows 10 failures per account in 15 minutes, then refuses with the wait until the oldest expires', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 10; i++) {
      expect(l.attempt('ana', '10.0.0.1').allowed).toBe(true);
      clock.advance(MINUTE);
    }
    const refused = l.attempt('ana', '10.0.0.2');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 5 * 60, limitedBy: 'account' });
    clock.advance(5 * MINUTE - 1000);
    expect(l.attempt('ana', '10.0.0.1').allowed).toBe(false);
    clock.advance(1000);
    expect(l.attempt('ana', '10.0.0.1').allowed).toBe(true);
  });

  it('keys accounts case-insensitively and independently', () => {
    const { l } = limiter();
    for (let i = 0; i < 10; i++) l.attempt('Ana', `10.0.0.${i}`);
    expect(l.attempt('ana', '10.0.1.1').allowed).toBe(false);
    expect(l.attempt('ian', '10.0.1.1').allowed).toBe(true);
  });

  it('a success clears the account and withdraws its own attempt', () => {
    const { l } = limiter();
    for (let i = 0; i < 9; i++) l.attempt('ana', '10.0.0.1');
    const attempt = l.attempt('ana', '10.0.0.1');
    if (!attempt.allowed) throw new Error('expected allowed');
    attempt.succeeded();
    for (let i = 0; i < 10; i++) expect(l.attempt('ana', '10.0.0.1').allowed).toBe(true);
    expect(l.attempt('ana', '10.0.0.1').allowed).toBe(false);
  });

  it('counts attempts in flight, so parallel guesses cannot exceed the limit', () => {
    const { l } = limiter();
    const started = Array.from({ length: 25 }, () => l.attempt('ana', '10.0.0.1'));
    expect(started.filter((a) => a.allowed)).toHaveLength(10);
  });

  it('limits a client address spraying many accounts', () => {
    const { l } = limiter();
    for (let i = 0; i < 30; i++) expect(l.attempt(`user${i}`, '10.9.9.9').allowed).toBe(true);
    const refused = l.attempt('fresh', '10.9.9.9');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.limitedBy).toBe('address');
    expect(l.attempt('fresh', '10.9.9.10').allowed).toBe(true);
  });

  it('forgets the oldest keys beyond maxKeys', () => {
    const { l } = limiter({ perAccount: 1, perAddress: 1000, maxKeys: 2 });
    l.attempt('a', 'x');
    l.attempt('b', 'x');
    l.attempt('c', 'x');
    expect(l.attempt('a', 'x').allowed).toBe(true);
    expect(l.attempt('c', 'x').allowed).toBe(false);
  });
});
