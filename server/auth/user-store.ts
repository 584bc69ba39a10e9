import type { AuthDatabase } from '@/server/auth/auth-database';
import { AuthError } from '@/server/auth/auth-error';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPassword, type ScryptParams } from '@/server/auth/password-hash';
import type { UserInfo } from '@/server/auth/types';

/** The identity the admin token authenticates as; no local user may take this name. */
export const ADMIN_USERNAME = 'portico-admin';
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** ASVS 2.1.1/2.1.2: at least 12 characters, 64+ allowed, no composition rules. */
/** The password hash of accounts that never sign in: not an scrypt encoding, so verifyPassword rejects every password. */
const NO_PASSWORD = '!';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

// Lower-case DNS-ish names, so "Ana" and "ana" can never be two accounts (and rate limits key on one form).
const USERNAME = /^[a-z0-9]([a-z0-9._@-]{0,61}[a-z0-9])?$/;
const GROUP = /^[a-z0-9]([a-z0-9:._@-]{0,251}[a-z0-9])?$/;

export interface LocalUser {
  username: string;
  /** As stored; authenticated users additionally carry `system:authenticated`. */
  groups: string[];
  createdAt: string;
}

export interface CreateUserInput {
  username: string;
  password: string;
  groups?: string[];
}

/** Local users with scrypt-hashed passwords, in the auth database. */
export class UserStore {
  private readonly insert;
  private readonly selectOne;
  private readonly selectAll;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: AuthDatabase,
    private readonly now: () => number,
    private readonly scryptParams: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {
    this.insert = db.prepare(
      'INSERT INTO users (username, password_hash, groups_json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(username) DO NOTHING',
    );
    this.selectOne = db.prepare('SELECT username, password_hash, groups_json, created_at FROM users WHERE username = ?');
    this.selectAll = db.prepare('SELECT username, password_hash, groups_json, created_at FROM users ORDER BY username');
  }

  async create(input: CreateUserInput): Promise<LocalUser> {
    validateUsername(input.username);
    validatePassword(input.password);
    const groups = [...new Set(input.groups ?? [])].sort();
    for (const group of groups) validateGroup(group);
    const hash = await hashPassword(input.password, this.scryptParams);
    const createdAt = this.now();
    const result = this.insert.run(input.username, hash, JSON.stringify(groups), createdAt);
    if (result.changes === 0) throw new AuthError('USER_EXISTS', `user "${input.username}" already exists`);
    return { username: input.username, groups, createdAt: new Date(createdAt).toISOString() };
  }

  /**
   * Makes sure a service account (e.g. the proxy's) exists as a row that can own bearer tokens.
   * It has no password (the stored hash matches none), so it can never sign in.
   */
  ensureServiceAccount(user: UserInfo): void {
    if (!user.username.startsWith('system:serviceaccount:')) throw new AuthError('INVALID_USERNAME', `${user.username} is not a service account name`);
    const groups = user.groups.filter((g) => g !== AUTHENTICATED_GROUP).sort();
    this.insert.run(user.username, NO_PASSWORD, JSON.stringify(groups), this.now());
  }

  get(username: string): LocalUser | undefined {
    const row = this.selectOne.get(username) as UserRow | undefined;
    return row ? toLocalUser(row) : undefined;
  }

  list(): LocalUser[] {
    return (this.selectAll.all() as UserRow[]).map(toLocalUser);
  }

  /**
   * The user's identity when the password is right, else undefined. An unknown username costs
   * the same scrypt work as a known one, so timing does not reveal which accounts exist.
   */
  async verify(username: string, password: string): Promise<UserInfo | undefined> {
    const row = this.selectOne.get(username) as UserRow | undefined;
    if (!row) {
      await verifyPassword(password, await this.dummy());
      return undefined;
    }
    if (!(await verifyPassword(password, row.password_hash))) return undefined;
    return userInfo(toLocalUser(row));
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('portico-no-such-user', this.scryptParams);
    return this.dummyHash;
  }
}

/** The authenticated identity of a local user. */
export function userInfo(user: Pick<LocalUser, 'username' | 'groups'>): UserInfo {
  return { username: user.username, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

/** Reads a stored groups column; a damaged value yields no groups rather than a crash. */
export function parseGroups(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

interface UserRow {
  username: string;
  password_hash: string;
  groups_json: string;
  created_at: number;
}

function toLocalUser(row: UserRow): LocalUser {
  return { username: row.username, groups: parseGroups(row.groups_json), createdAt: new Date(row.created_at).toISOString() };
}

function validateUsername(username: string): void {
  if (!USERNAME.test(username)) {
    throw new AuthError(
      'INVALID_USERNAME',
      `username "${username}" is invalid: use 1-63 lower-case letters, digits, ".", "_", "@" or "-", starting and ending with a letter or digit`,
    );
  }
  if (username === ADMIN_USERNAME) throw new AuthError('INVALID_USERNAME', `username "${ADMIN_USERNAME}" is reserved for the admin token`);
}

function validateGroup(group: string): void {
  if (!GROUP.test(group)) throw new AuthError('INVALID_GROUP', `group "${group}" is invalid: use lower-case letters, digits, ":", ".", "_", "@" or "-"`);
  // system:* groups (system:masters above all) are granted by the platform, never stored on a user.
  if (group.startsWith('system:')) throw new AuthError('INVALID_GROUP', `group "${group}" is reserved: "system:" groups cannot be assigned to local users`);
}

function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AuthError('WEAK_PASSWORD', `password is too short: use at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AuthError('WEAK_PASSWORD', `password is too long: use at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}
