import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { DiffLine } from '@/lib/api/history';
import { cleanObject } from '@/lib/api/import-export';
import type { K8sObject } from '@/lib/k8s/object';

/**
 * A readable diff of two versions of an object for the history view: both are cleaned (no
 * status, no server-set metadata), printed as YAML, and compared line by line (longest common
 * subsequence); unchanged runs longer than the context are elided to one `…` line. Secret
 * values are shown only as a length and short hash, so the history never prints key material.
 */

const CONTEXT = 2;
/** Past this many lines per side the diff is "everything removed, everything added" (LCS is quadratic). */
const MAX_LINES = 1500;

export function objectYamlLines(obj: K8sObject | undefined): string[] {
  if (!obj) return [];
  const clean = redactSecret(cleanObject(obj));
  return stringify(clean, { lineWidth: 0 }).trimEnd().split('\n');
}

export function diffObjects(before: K8sObject | undefined, after: K8sObject | undefined): DiffLine[] {
  return elide(diffLines(objectYamlLines(before), objectYamlLines(after)));
}

export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text) => ({ op: 'remove' as const, text })), ...b.map((text) => ({ op: 'add' as const, text }))];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'remove', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: 'remove', text: a[i++]! });
  while (j < b.length) out.push({ op: 'add', text: b[j++]! });
  return out;
}

/** Keeps CONTEXT unchanged lines around each change; longer unchanged runs become one `…`. */
export function elide(lines: readonly DiffLine[]): DiffLine[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.op === 'same') return;
    for (let k = Math.max(0, index - CONTEXT); k <= Math.min(lines.length - 1, index + CONTEXT); k++) near[k] = true;
  });
  const out: DiffLine[] = [];
  lines.forEach((line, index) => {
    if (line.op !== 'same' || near[index]) out.push(line);
    else if (out.at(-1)?.text !== '…' || out.at(-1)?.op !== 'same') out.push({ op: 'same', text: '…' });
  });
  return out;
}

function redactSecret(obj: K8sObject): K8sObject {
  if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') return obj;
  const out: Record<string, unknown> = { ...obj };
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (!values || typeof values !== 'object') continue;
    out[field] = Object.fromEntries(
      Object.entries(values as Record<string, unknown>).map(([key, value]) => {
        const text = String(value);
        return [key, `(hidden: ${text.length} characters, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 8)})`];
      }),
    );
  }
  return out as K8sObject;
}
