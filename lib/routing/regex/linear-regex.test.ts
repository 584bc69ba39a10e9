import { describe, expect, it } from 'vitest';
import { checkRegex, LinearRegex } from '@/lib/routing/regex/linear-regex';

/** Full-match answers must agree with JavaScript's RegExp on `^(?:p)$` for these safe patterns. */
const DIFFERENTIAL: [string, string[]][] = [
  ['abc', ['abc', 'ab', 'abcd', '', 'xabc']],
  ['/foo/[0-9]+', ['/foo/1', '/foo/123', '/foo/', '/foo/12a', '/foo/1/']],
  ['/(api|web)/v[12](/.*)?', ['/api/v1', '/web/v2/x/y', '/api/v3', '/apix/v1', '/api/v1/']],
  ['a*', ['', 'a', 'aaaa', 'ab']],
  ['a+b?', ['a', 'ab', 'abb', 'b', 'aaab']],
  ['(ab)*c', ['c', 'abc', 'ababc', 'abac']],
  ['x{2,3}', ['x', 'xx', 'xxx', 'xxxx']],
  ['x{2}', ['x', 'xx', 'xxx']],
  ['x{2,}', ['x', 'xx', 'xxxxxx']],
  ['x{0,2}y', ['y', 'xy', 'xxy', 'xxxy']],
  ['[^/]+', ['abc', 'a/b', '']],
  ['[a-c-]+', ['a-b', 'abc-', 'd']],
  ['\\d+\\.\\d+', ['1.2', '12.34', '1x2', '.1']],
  ['\\w+\\s\\W', ['ab !', 'ab  ', 'ab a']],
  ['.*', ['', 'anything', 'a\nb']],
  ['.+\\.txt', ['a.txt', '.txt', 'a.txt.bak']],
  ['\\bfoo\\b.*', ['foo bar', 'foobar']],
  ['(?:a|b|)c', ['c', 'ac', 'bc', 'abc']],
  ['(a|ab)(c|bcd)(d*)', ['abcd', 'abcdd', 'abc']],
  ['v1|v2', ['v1', 'v2', 'v12']],
  ['^/x$', ['/x', '/xy']],
  ['caf\u00e9|\u{1F600}+', ['caf\u00e9', '\u{1F600}\u{1F600}', 'cafe']],
  ['[\\x41-\\x43]+', ['ABC', 'ABD']],
  ['a.c', ['abc', 'a\u{1F600}c', 'a\nc']],
  ['()*x', ['x', 'xx']],
];

describe('LinearRegex full-match semantics agree with RegExp on safe patterns', () => {
  for (const [pattern, inputs] of DIFFERENTIAL) {
    const re = LinearRegex.compile(pattern);
    const js = new RegExp(`^(?:${pattern})$`, 'u');
    it.each(inputs)(`${pattern} on %j`, (input) => {
      expect(re.test(input)).toBe(js.test(input));
    });
  }
});

describe('LinearRegex specifics', () => {
  it.each([
    ['(?i)abc', 'ABC', true],
    ['(?i)[a-c]+', 'AbC', true],
    ['a(?i:b)c', 'aBc', true],
    ['a(?i:b)c', 'aBC', false],
    ['(?i)a(?-i:b)', 'Ab', true],
    ['(?i)a(?-i:b)', 'AB', false],
    ['(?s).+', 'a\nb', true],
    ['(?P<ver>v[0-9])/.*', 'v1/x', true],
    ['(?<ver>v[0-9])/.*', 'v1/x', true],
    ['[]a]+', ']a]', true], // a leading ] is a literal, as in RE2 (JavaScript disagrees)
    ['[[:digit:]]+', '123', true],
    ['[[:alpha:][:digit:]]+', 'a1', true],
    ['[[:^digit:]]+', 'ab', true],
    ['[[:^digit:]]+', 'a1', false],
    ['\\Afoo\\z', 'foo', true],
    ['a{,2}', 'a{,2}', true], // not a counted repeat: literal braces, as RE2
    ['a+?b*?', 'aab', true],
    ['[\\d.]+', '1.2', true],
    ['\\x{1F600}', '\u{1F600}', true],
  ])('%s on %j -> %s', (pattern, input, expected) => {
    expect(LinearRegex.compile(pattern).test(input)).toBe(expected);
  });

  it.each([
    ['(a)\\1', 'backreferences'],
    ['foo(?=bar)', 'lookahead'],
    ['foo(?!bar)', 'lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
    ['(?>a+)b', 'atomic'],
    ['a++', 'bad repetition'],
    ['a**', 'bad repetition'],
    ['a{2}{3}', 'bad repetition'],
    ['*a', 'missing argument'],
    ['(abc', 'missing closing )'],
    ['abc)', 'unmatched )'],
    ['[abc', 'missing closing ]'],
    ['[z-a]', 'reversed'],
    ['\\p{L}', 'Unicode classes'],
    ['\\q', 'invalid escape'],
    ['a\\', 'trailing backslash'],
    ['a{1001}', 'counts above 1000'],
    ['(?x)a', 'unsupported flag'],
    ['(\\w{1000}){100}', 'too large'],
  ])('rejects %s (%s)', (pattern, why) => {
    const message = checkRegex(pattern);
    expect(message).not.toBeNull();
    expect(message).toContain(why);
  });

  it('accepts what it can run', () => {
    expect(checkRegex('/api/v[0-9]+/.*')).toBeNull();
  });

  it.each([
    ['(a+)+$', `${'a'.repeat(5000)}b`],
    ['(a|a)*b', 'a'.repeat(5000)],
    ['(x+x+)+y', 'x'.repeat(5000)],
    ['(.*a){20}', 'a'.repeat(19) + 'b'.repeat(5000)],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', 'a'.repeat(5000) + '!'],
  ])('catastrophic-backtracking pattern %s answers (false) without backtracking', (pattern, input) => {
    // The answer is asserted, not the time: a backtracking engine would not return at all
    // within the test timeout on inputs of this size.
    expect(LinearRegex.compile(pattern).test(input)).toBe(false);
  });

  it('matches on the positive side of a catastrophic pattern', () => {
    expect(LinearRegex.compile('(a+)+$').test('a'.repeat(5000))).toBe(true);
    expect(LinearRegex.compile('(a|a)*b').test(`${'a'.repeat(5000)}b`)).toBe(true);
  });

  it('keeps answering correctly across the 32-bit epoch wrap', () => {
    // `(a*)*` has an epsilon cycle: without working deduplication it would never terminate.
    const re = LinearRegex.compile('(a|ab)(c|bcd)(a*)*');
    re.forceGenerationForTest(0xfffffff0);
    for (let i = 0; i < 10; i++) {
      expect(re.test('abcdaa')).toBe(true);
      expect(re.test('abce')).toBe(false);
    }
  });

  it('is reusable across calls (scratch state is reset)', () => {
    const re = LinearRegex.compile('/a/[0-9]+');
    expect(re.test('/a/1')).toBe(true);
    expect(re.test('/a/x')).toBe(false);
    expect(re.test('/a/22')).toBe(true);
  });
});
