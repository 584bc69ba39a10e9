// Test-only stand-in for a supervised child (the proxy): records how it was started, then idles.
// STAND_IN_MODE=ignore-term ignores SIGTERM (to exercise SIGKILL); STAND_IN_MODE=crash exits at once.
// Signal handlers are installed before the record is written, so a recorded child is ready for signals.
import { appendFileSync } from 'node:fs';

if (process.env.STAND_IN_MODE === 'ignore-term') process.on('SIGTERM', () => undefined);
else process.on('SIGTERM', () => process.exit(0));
const record = process.env.STAND_IN_RECORD;
if (record) {
  appendFileSync(record, `${JSON.stringify({ pid: process.pid, argv: process.argv.slice(2), token: process.env.PORTICO_PROXY_TOKEN ?? null })}\n`);
}
if (process.env.STAND_IN_MODE === 'crash') process.exit(3);
setInterval(() => undefined, 60_000);
