/** Failures of the local-user database with stable codes; `auth-routes` maps them to HTTP statuses. */
export type AuthErrorCode =
  | 'INVALID_USERNAME'
  | 'INVALID_GROUP'
  | 'WEAK_PASSWORD'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'INVALID_TOKEN_REQUEST';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthError';
  }
}
