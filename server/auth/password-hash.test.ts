import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/server/auth/password-hash';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password!', cheap)).not.toBe(await hashPassword('same password!', cheap));
  });

  it('uses the parameters recorded in the hash, including the default cost', async () => {
    const strong = await hashPassword('a long passphrase');
    expect(strong.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('a long passphrase', strong)).toBe(true);
  });

  it.each(['', 'bcrypt$x', 'scrypt$0$8$1$AAAA$AAAA', 'scrypt$1024$8$1$AAAA$short', 'scrypt$abc$8$1$AAAA$AAAA'])(
    'treats an unreadable hash %j as a mismatch',
    async (encoded) => {
      expect(await verifyPassword('whatever-password', encoded)).toBe(false);
    },
  );
});
