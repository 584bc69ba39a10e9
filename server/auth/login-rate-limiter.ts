/**
 * Login throttling (ASVS 2.2.1: at most 100 failed attempts per hour per account). Every attempt
 * is counted as a failure the moment it starts, so parallel guesses cannot slip past the limit
 * while scrypt runs; a success withdraws its own count and clears the account's failures.
 * In memory: a restart forgives, which at 10 per 15 minutes still bounds guessing to ~40/hour.
 */

export interface LoginRateLimits {
  /** Failed attempts per account within the window. */
  perAccount: number;
  /** Failed attempts per client address within the window, across accounts. */
  perAddress: number;
  windowMs: number;
  /** Most keys remembered per table; the oldest are forgotten first (memory bound under a spray). */
  maxKeys: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  perAccount: 10,
  perAddress: 30,
  windowMs: 15 * 60 * 1000,
  maxKeys: 10_000,
};

export type LoginAttempt =
  | { allowed: true; /** Call when the password was right. */ succeeded(): void }
  | { allowed: false; retryAfterSeconds: number; limitedBy: 'account' | 'address' };

export class LoginRateLimiter {
  private readonly byAccount = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS,
  ) {}

  /** Starts an attempt for `account` from `address`, or refuses it while either is over its limit. */
  attempt(account: string, address: string): LoginAttempt {
    const now = this.now();
    const accountKey = account.toLowerCase();
    const accountFailures = this.recent(this.byAccount, accountKey, now);
    const addressFailures = this.recent(this.byAddress, address, now);
    const accountWait = this.waitMs(accountFailures, this.limits.perAccount, now);
    const addressWait = this.waitMs(addressFailures, this.limits.perAddress, now);
    if (accountWait > 0 || addressWait > 0) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(Math.max(accountWait, addressWait) / 1000)),
        limitedBy: accountWait >= addressWait ? 'account' : 'address',
      };
    }
    this.record(this.byAccount, accountKey, accountFailures, now);
    this.record(this.byAddress, address, addressFailures, now);
    return {
      allowed: true,
      succeeded: () => {
        this.byAccount.delete(accountKey);
        const list = this.byAddress.get(address);
        const i = list?.indexOf(now) ?? -1;
        if (list && i >= 0) list.splice(i, 1);
      },
    };
  }

  /** Timestamps within the window, oldest first (older ones are dropped). */
  private recent(table: Map<string, number[]>, key: string, now: number): number[] {
    const list = table.get(key);
    if (!list) return [];
    const cutoff = now - this.limits.windowMs;
    let drop = 0;
    while (drop < list.length && (list[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) table.delete(key);
    return list;
  }

  /** How long until one more attempt fits under `limit`; 0 when it fits now. */
  private waitMs(failures: number[], limit: number, now: number): number {
    if (failures.length < limit) return 0;
    const mustExpire = failures[failures.length - limit] ?? now;
    return mustExpire + this.limits.windowMs - now;
  }

  private record(table: Map<string, number[]>, key: string, list: number[], now: number): void {
    list.push(now);
    if (!table.has(key)) {
      if (table.size >= this.limits.maxKeys) {
        const oldest = table.keys().next().value;
        if (oldest !== undefined) table.delete(oldest);
      }
      table.set(key, list);
    }
  }
}
