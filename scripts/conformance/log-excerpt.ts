/**
 * What Portico printed during a failing conformance test, for the run's output: its warnings
 * and errors (pino level 40 and up: a listener that could not bind, a proxy that died or
 * rejected a snapshot), the info lines that say where traffic can go (a listener socket bound
 * or unbound, a proxy process started), as `time LEVEL msg {fields}`, and every line that is
 * not a log entry (a crash's stack on stderr); the newest `max` of them. A CI log shows only
 * the runner's output, so without this a failure there has no trace of why.
 */
const TOLD_INFO = new Set(['proxy listener bound', 'proxy listener unbound', 'child process started']);

export function logExcerpt(lines: readonly string[], max: number): string[] {
  const notable: string[] = [];
  for (const line of lines) {
    let entry: { level?: unknown; msg?: unknown; time?: unknown; pid?: unknown; hostname?: unknown; name?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      if (line.trim() !== '') notable.push(line);
      continue;
    }
    if (typeof entry.level !== 'number' || (entry.level < 40 && !(entry.level === 30 && TOLD_INFO.has(String(entry.msg))))) continue;
    const { level, msg, time, pid: _pid, hostname: _hostname, ...fields } = entry;
    const when = typeof time === 'number' ? `${new Date(time).toISOString().slice(11, 23)} ` : '';
    const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    notable.push(`${when}${level >= 50 ? 'ERROR' : level >= 40 ? 'WARN' : 'INFO'} ${String(msg ?? '')}${rest}`);
  }
  return notable.slice(-max);
}
