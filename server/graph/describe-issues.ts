import type { z } from 'zod';

/** A one-line description of schema issues, with field paths, for condition messages. */
export function describeIssues(error: z.ZodError, prefix: string): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
    const message = issue.message || (issue as { params?: { k8s?: { message?: string } } }).params?.k8s?.message || issue.code;
    return `${path.replace(/\.\[/g, '[')}: ${message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
