import type { K8sFieldCause } from '@/lib/api/k8s-api-error';

/**
 * The problems of a draft, from the browser's validation (the API's own zod schemas) and from
 * the API's last 422, keyed by the API's field paths. A field shows the causes at its path;
 * `prefix` also takes causes below it (a whole match, a whole backend).
 */
export interface FieldProblems {
  client: readonly K8sFieldCause[];
  server: readonly K8sFieldCause[];
}

export function messagesAt(problems: FieldProblems, field: string, prefix = false): string[] {
  const hit = (c: K8sFieldCause) =>
    c.field === field || (prefix && (c.field.startsWith(`${field}.`) || c.field.startsWith(`${field}[`)));
  const client = problems.client.filter(hit).map((c) => c.message);
  const server = problems.server.filter(hit).map((c) => `${c.message} (from the API)`);
  return [...client, ...server.filter((s) => !client.includes(s.replace(/ \(from the API\)$/, '')))];
}
