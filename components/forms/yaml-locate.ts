import { isNode, parseDocument, type Document } from 'yaml';

/** `spec.rules[0].matches[1].path` -> ['spec', 'rules', 0, 'matches', 1, 'path']; `[key.with.dots]` stays one key. */
export function parseFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2].replace(/^"|"$/g, ''));
  }
  return out;
}

export interface TextRange {
  from: number;
  to: number;
}

/**
 * Where a field path is written in a YAML document: the value's node, or the deepest ancestor
 * that exists (a missing field is reported on its parent). Falls back to the document start.
 */
export function locateField(doc: Document, field: string): TextRange {
  const path = parseFieldPath(field);
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const [from, valueEnd] = node.range;
      return { from, to: Math.max(from + 1, valueEnd) };
    }
  }
  return { from: 0, to: 0 };
}

export interface ParsedYaml {
  value: unknown;
  /** Syntax errors with positions; when present, `value` is not usable. */
  errors: { message: string; from: number; to: number }[];
  doc: Document;
}

export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, { prettyErrors: false });
  const errors = doc.errors.map((e) => ({ message: e.message, from: e.pos[0], to: Math.max(e.pos[1], e.pos[0] + 1) }));
  return { value: errors.length ? undefined : doc.toJS(), errors, doc };
}
