import type { SimulatedHeader } from '@/lib/api/match-preview';

/**
 * The simulator's headers box: one `Name: value` per line, blank lines ignored. Answers the
 * headers, or the 1-based line numbers that are not of that form (shown next to the field).
 */
export function parseHeaderLines(text: string): { headers: SimulatedHeader[]; errors: string[] } {
  const headers: SimulatedHeader[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (colon <= 0 || !/^[A-Za-z0-9!#$%&'*+.^`|~-]+$/.test(name)) {
      errors.push(`line ${index + 1}: write a header as "Name: value"`);
      return;
    }
    headers.push({ name, value: line.slice(colon + 1).trim() });
  });
  return { headers, errors };
}
