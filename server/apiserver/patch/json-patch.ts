import { ApiError } from '@/lib/k8s/status-error';
import { deepEqual } from '../deep-equal';

/** JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers (RFC 6901). */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with '/'`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function patchError(message: string): ApiError {
  return new ApiError('Invalid', `the server rejected our request due to an error in our request: ${message}`);
}

function badPatch(message: string): ApiError {
  return new ApiError('BadRequest', `invalid JSON patch: ${message}`);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Resolves the parent container of `tokens` and the last token. */
function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let node: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    node = child(node, t, pointer);
  }
  if (typeof node !== 'object' || node === null) throw patchError(`path ${pointer} does not exist`);
  return { parent: node as Container, key: tokens[tokens.length - 1]! };
}

function child(node: unknown, token: string, pointer: string): unknown {
  if (Array.isArray(node)) {
    const i = arrayIndex(token, node.length, false, pointer);
    return node[i];
  }
  if (typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, token)) {
    return (node as Record<string, unknown>)[token];
  }
  throw patchError(`path ${pointer} does not exist`);
}

function arrayIndex(token: string, length: number, forAdd: boolean, pointer: string): number {
  if (forAdd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw patchError(`invalid array index ${JSON.stringify(token)} in ${pointer}`);
  const i = Number(token);
  if (i > length || (!forAdd && i >= length)) throw patchError(`array index ${i} out of range in ${pointer}`);
  return i;
}

function getAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const t of parsePointer(pointer)) node = child(node, t, pointer);
  return node;
}

function addAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, pointer), 0, value);
  else parent[key] = value;
  return doc;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw patchError('cannot remove the document root');
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false, pointer), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
  else throw patchError(`path ${pointer} does not exist`);
  return doc;
}

export function parseJsonPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) throw badPatch('the body must be a JSON array of operations');
  return body.map((op: unknown, i) => {
    if (typeof op !== 'object' || op === null) throw badPatch(`operation ${i} is not an object`);
    const o = op as Record<string, unknown>;
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(String(o.op))) {
      throw badPatch(`operation ${i} has unknown op ${JSON.stringify(o.op)}`);
    }
    if (typeof o.path !== 'string') throw badPatch(`operation ${i} is missing "path"`);
    if ((o.op === 'move' || o.op === 'copy') && typeof o.from !== 'string') throw badPatch(`operation ${i} is missing "from"`);
    if ((o.op === 'add' || o.op === 'replace' || o.op === 'test') && !('value' in o)) {
      throw badPatch(`operation ${i} is missing "value"`);
    }
    return o as unknown as JsonPatchOperation;
  });
}

/** Applies operations in order to a copy of `target`; any failing operation (incl. `test`) fails the whole patch. */
export function applyJsonPatch(target: unknown, ops: JsonPatchOperation[]): unknown {
  let doc = clone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, clone(op.value));
        break;
      case 'remove':
        doc = removeAt(doc, op.path);
        break;
      case 'replace':
        getAt(doc, op.path);
        doc = parsePointer(op.path).length === 0 ? clone(op.value) : addAt(removeAt(doc, op.path), op.path, clone(op.value));
        break;
      case 'move': {
        const value = getAt(doc, op.from!);
        doc = addAt(removeAt(doc, op.from!), op.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, clone(getAt(doc, op.from!)));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, op.path), op.value)) {
          throw patchError(`testing value ${op.path} failed`);
        }
        break;
    }
  }
  return doc;
}
