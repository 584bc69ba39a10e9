import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work here)
 * against a real Portico started on a fresh data directory.
 */
const port = Number(process.env.E2E_PORT ?? 3310);
export const E2E_DEMO_PASSWORD = 'e2e-demo-password-0123';
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `rm -rf .e2e-data-${port} && node bin/portico.mjs start --data-dir .e2e-data-${port} --port ${port}`,
    url: `http://127.0.0.1:${port}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORTICO_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      PORTICO_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      PORTICO_LOG_LEVEL: 'warn',
      // The bundled proxy runs as in production, on an ephemeral admin port so it never collides.
      PORTICO_PROXY_ADMIN_PORT: '0',
      // Parallel runs (E2E_PORT) keep their Gateway listeners apart with their own offset.
      PORTICO_LISTENER_PORT_OFFSET: process.env.PORTICO_LISTENER_PORT_OFFSET ?? '8000',
      ...(process.env.PORTICO_NEXT_DIST_DIR ? { PORTICO_NEXT_DIST_DIR: process.env.PORTICO_NEXT_DIST_DIR } : {}),
    },
  },
});
