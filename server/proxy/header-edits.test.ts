import { type OutgoingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRewriteHostname, compileHeaderEdit, InvalidHeaderConfigError } from '@/server/proxy/header-edits';

describe('compileHeaderEdit', () => {
  it('sets, adds (comma-joined) and removes, case-insensitively', () => {
    const edit = compileHeaderEdit({ type: 'RequestHeaderModifier', set: [{ name: 'X-Set', value: 's' }], add: [{ name: 'X-Add', value: 'b' }, { name: 'X-New', value: 'n' }], remove: ['X-Remove'] });
    const headers: OutgoingHttpHeaders = { 'x-set': 'old', 'x-add': 'a', 'x-remove': 'r', keep: 'k' };
    edit(headers);
    expect(headers).toEqual({ 'x-set': 's', 'x-add': 'a,b', 'x-new': 'n', keep: 'k' });
  });

  it.each([
    ['a CR LF in a value', { name: 'x', value: 'a\r\nb' }],
    ['a NUL in a value', { name: 'x', value: 'a\u0000' }],
    ['a space in a name', { name: 'x y', value: 'v' }],
  ])('refuses %s at compile time', (_name, header) => {
    expect(() => compileHeaderEdit({ type: 'ResponseHeaderModifier', set: [header], add: [], remove: [] })).toThrow(InvalidHeaderConfigError);
  });

  it('refuses a rewrite hostname that could not be a Host value', () => {
    expect(() => checkRewriteHostname('evil.com\r\nx-injected: 1')).toThrow(InvalidHeaderConfigError);
    expect(() => checkRewriteHostname('upstream.internal')).not.toThrow();
    expect(() => checkRewriteHostname(undefined)).not.toThrow();
  });
});
