/**
 * What the sign-in endpoint's error codes mean to a person. The console shows these when a
 * sign-in form posted before JavaScript loaded lands back on /login with `?error=<code>`.
 */
const MESSAGES: Record<string, string> = {
  invalid_credentials: 'The username or password is incorrect.',
  too_many_requests: 'Too many failed sign-in attempts. Wait a few minutes and try again.',
  invalid_request: 'Enter a username and a password.',
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? 'Sign-in failed. Try again.';
}
