import tseslint from 'typescript-eslint';

/**
 * Lint, including the import boundaries DESIGN.md sets between layers: enforced here so they
 * hold in CI, not by hope.
 */
const restrict = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  {
    ignores: ['node_modules/**', '.next/**', '.next-*/**', '.portico/**', '.bin/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', '.e2e-data*/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='insecureHTTPParser']",
          message: 'Node\'s strict HTTP parser stays on: never set insecureHTTPParser (request smuggling)',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bin/**', 'bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  restrict(
    ['lib/**/*.ts', 'lib/**/*.tsx'],
    ['node:*', '@/server/*', '@/components/*', '@/app/*', '@kubernetes/client-node', 'react', 'next', 'next/*'],
    'lib/ is isomorphic: it imports only lib/ and zod (DESIGN.md)',
  ),
  restrict(
    ['components/**', 'app/**'],
    ['@/server/*', 'node:*', 'better-sqlite3', '@kubernetes/client-node'],
    'the console never imports server code (DESIGN.md)',
  ),
  restrict(
    ['server/graph/**', 'server/status/**', 'server/translate/**', 'server/diagnostics/**'],
    ['node:*', '@/server/store/*', '@/server/apiserver/*', '@/server/controller/*', '@/server/observability/*', '@kubernetes/client-node', 'pino'],
    'pipeline stages are pure: no I/O, no logging (DESIGN.md)',
  ),
  restrict(
    ['server/proxy/**'],
    ['@/server/store/*', '@/server/apiserver/*', '@/server/controller/*', '@/server/auth/*', '@kubernetes/client-node'],
    'the proxy imports lib/ir, lib/routing and observability only (DESIGN.md)',
  ),
  restrict(
    ['server/store/**', 'server/apiserver/**', 'server/auth/**', 'server/http/**', 'server/portico-api/**', 'server/config/**', 'server/demo/**'],
    ['@kubernetes/client-node'],
    'only server/controller and server/cluster import @kubernetes/client-node (DESIGN.md)',
  ),
  // Tests may reach across layers (read fixtures with node:fs, drive the server with client-node).
  { files: ['**/*.test.ts', '**/*.test.tsx'], rules: { 'no-restricted-imports': 'off' } },
);
