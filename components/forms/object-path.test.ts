import { describe, expect, it } from 'vitest';
import { append, getIn, pathToField, removeAt, setIn } from '@/components/forms/object-path';

describe('object-path', () => {
  const obj = { spec: { rules: [{ matches: [{ path: { value: '/' } }] }], timeouts: { request: '5s' } } };
  it('sets deeply without touching siblings or the input', () => {
    const out = setIn(obj, ['spec', 'rules', 0, 'matches', 0, 'path', 'value'], '/shop');
    expect(getIn(out, ['spec', 'rules', 0, 'matches', 0, 'path', 'value'])).toBe('/shop');
    expect(out.spec.timeouts).toBe(obj.spec.timeouts);
    expect(obj.spec.rules[0]?.matches[0]?.path.value).toBe('/');
  });
  it('undefined deletes the key', () => {
    expect(setIn(obj, ['spec', 'timeouts'], undefined).spec).not.toHaveProperty('timeouts');
  });
  it('creates missing containers', () => {
    expect(setIn({}, ['spec', 'hostnames', 0], 'a')).toEqual({ spec: { hostnames: ['a'] } });
  });
  it('appends and removes', () => {
    const added = append(obj, ['spec', 'rules'], { matches: [] });
    expect((getIn(added, ['spec', 'rules']) as unknown[]).length).toBe(2);
    expect((getIn(removeAt(added, ['spec', 'rules'], 0), ['spec', 'rules']) as unknown[])[0]).toEqual({ matches: [] });
  });
  it('formats API field paths', () => expect(pathToField(['spec', 'rules', 0, 'matches', 1, 'path'])).toBe('spec.rules[0].matches[1].path'));
});
