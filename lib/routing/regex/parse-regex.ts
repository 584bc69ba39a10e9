import { CharSet } from '@/lib/routing/regex/char-set';

/**
 * Parser for Portico's regular-expression dialect: the RE2 subset that a Thompson/Pike
 * automaton can run in linear time (see linear-regex.ts for the accepted syntax). Everything
 * that needs backtracking (backreferences, lookaround, atomic groups, possessive quantifiers)
 * is rejected here with a message that names the construct and its position.
 */

export type RegexNode =
  | { t: 'empty' }
  | { t: 'set'; set: CharSet }
  | { t: 'cat'; items: RegexNode[] }
  | { t: 'alt'; items: RegexNode[] }
  | { t: 'rep'; node: RegexNode; min: number; max: number } // max -1 = unbounded
  | { t: 'assert'; kind: 'begin' | 'end' | 'word' | 'notword' };

/** RE2's limit on counted repetition. */
export const MAX_REPEAT = 1000;

export class RegexSyntaxError extends Error {
  constructor(
    /** What is wrong, without the pattern: "backreferences are not supported (linear-time dialect)". */
    readonly detail: string,
    readonly pattern: string,
    readonly position: number,
  ) {
    super(`invalid regular expression ${JSON.stringify(pattern)} at offset ${position}: ${detail}`);
    this.name = 'RegexSyntaxError';
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const PERL_CLASSES: Record<string, () => CharSet> = {
  d: () => CharSet.ranges([0x30, 0x39]),
  w: () => CharSet.ranges([0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]),
  s: () => CharSet.ranges([0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]),
};

export function parseRegex(pattern: string): RegexNode {
  return new Parser(pattern).parseAll();
}

class Parser {
  private pos = 0;
  private caseInsensitive = false;
  private dotAll = false;

  constructor(private readonly src: string) {}

  parseAll(): RegexNode {
    const node = this.parseAlt();
    if (this.pos < this.src.length) this.fail(this.src[this.pos] === ')' ? 'unmatched )' : 'unexpected character');
    return node;
  }

  private fail(message: string, at = this.pos): never {
    throw new RegexSyntaxError(message, this.src, at);
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private parseAlt(): RegexNode {
    const items = [this.parseCat()];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.parseCat());
    }
    return items.length === 1 ? (items[0] as RegexNode) : { t: 'alt', items };
  }

  private parseCat(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.parseAtom();
      if (atom === null) continue; // a flag group such as (?i) produces no node
      items.push(this.parseQuantifiers(atom));
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? (items[0] as RegexNode) : { t: 'cat', items };
  }

  private parseQuantifiers(atom: RegexNode): RegexNode {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, -1];
    else if (c === '+') [min, max] = [1, -1];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const counted = this.tryCountedRepeat();
      if (counted === null) return atom; // not a valid repeat: `{` stays a literal, as in RE2
      [min, max] = counted;
    } else return atom;
    if (c !== '{') this.pos++;
    if (this.peek() === '?') this.pos++; // lazy: same set of matches, and we only answer match/no match
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || (next === '{' && this.looksCounted())) {
      this.fail(`bad repetition operator (possessive or doubled quantifiers are not supported)`);
    }
    return { t: 'rep', node: atom, min, max };
  }

  private looksCounted(): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos, this.pos + 16));
  }

  private tryCountedRepeat(): [number, number] | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) this.fail(`bad repetition operator: counts above ${MAX_REPEAT} are not supported`);
    if (max !== -1 && max < min) this.fail('bad repetition operator: max below min');
    this.pos += m[0].length;
    return [min, max];
  }

  private parseAtom(): RegexNode | null {
    const start = this.pos;
    const c = this.src[this.pos++] as string;
    switch (c) {
      case '(':
        return this.parseGroup(start);
      case '[':
        return this.literalSet(this.parseClass(start));
      case '.':
        return { t: 'set', set: this.dotAll ? CharSet.any() : CharSet.ranges([0x0a, 0x0a]).negate() };
      case '^':
        return { t: 'assert', kind: 'begin' };
      case '$':
        return { t: 'assert', kind: 'end' };
      case '\\':
        return this.parseEscapeAtom(start);
      case '*':
      case '+':
      case '?':
        return this.fail('missing argument to repetition operator', start);
      default: {
        const cp = this.src.codePointAt(start) as number;
        this.pos = start + (cp > 0xffff ? 2 : 1);
        return this.literalSet(CharSet.ranges([cp, cp]));
      }
    }
  }

  private literalSet(set: CharSet): RegexNode {
    return { t: 'set', set: this.caseInsensitive ? set.foldAsciiCase() : set };
  }

  private parseGroup(start: number): RegexNode | null {
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      if (rest.startsWith('=') || rest.startsWith('!')) this.fail('lookahead is not supported (linear-time dialect)', start);
      if (rest.startsWith('<=') || rest.startsWith('<!')) this.fail('lookbehind is not supported (linear-time dialect)', start);
      if (rest.startsWith('>')) this.fail('atomic groups are not supported (linear-time dialect)', start);
      const named = /^(P?<[A-Za-z_][A-Za-z0-9_]*>)/.exec(rest);
      if (named) {
        this.pos += 1 + (named[1] as string).length;
        return this.finishGroup(start);
      }
      const flags = /^([a-zA-Z]*)(-[a-zA-Z]*)?([:)])/.exec(rest);
      if (!flags) this.fail('invalid or unsupported group syntax', start);
      const on = flags[1] as string;
      const off = (flags[2] ?? '').slice(1);
      for (const f of on + off) if (f !== 'i' && f !== 's') this.fail(`unsupported flag "${f}" (supported: i, s)`, start);
      this.pos += 1 + flags[0].length;
      const saved = [this.caseInsensitive, this.dotAll] as const;
      if (on.includes('i')) this.caseInsensitive = true;
      if (on.includes('s')) this.dotAll = true;
      if (off.includes('i')) this.caseInsensitive = false;
      if (off.includes('s')) this.dotAll = false;
      if (flags[3] === ')') return null; // (?i): applies to the rest of the enclosing group
      const inner = this.finishGroup(start);
      [this.caseInsensitive, this.dotAll] = saved;
      return inner;
    }
    const saved = [this.caseInsensitive, this.dotAll] as const;
    const inner = this.finishGroup(start);
    [this.caseInsensitive, this.dotAll] = saved;
    return inner;
  }

  private finishGroup(start: number): RegexNode {
    const inner = this.parseAlt();
    if (this.peek() !== ')') this.fail('missing closing )', start);
    this.pos++;
    return inner;
  }

  private parseEscapeAtom(start: number): RegexNode {
    const c = this.peek();
    if (c === undefined) this.fail('trailing backslash at end of expression', start);
    if (c >= '1' && c <= '9') this.fail('backreferences are not supported (linear-time dialect)', start);
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { t: 'assert', kind: c === 'b' ? 'word' : 'notword' };
    }
    if (c === 'A') {
      this.pos++;
      return { t: 'assert', kind: 'begin' };
    }
    if (c === 'z') {
      this.pos++;
      return { t: 'assert', kind: 'end' };
    }
    return this.literalSet(this.parseEscapeSet(start));
  }

  /** An escape that denotes characters (usable inside and outside classes). */
  private parseEscapeSet(start: number): CharSet {
    const c = this.src[this.pos++] as string;
    const perl = PERL_CLASSES[c.toLowerCase()];
    if (perl) return c === c.toLowerCase() ? perl() : perl().negate();
    const single = (cp: number) => CharSet.ranges([cp, cp]);
    switch (c) {
      case 't':
        return single(0x09);
      case 'n':
        return single(0x0a);
      case 'r':
        return single(0x0d);
      case 'f':
        return single(0x0c);
      case 'v':
        return single(0x0b);
      case 'a':
        return single(0x07);
      case '0':
        return this.fail('octal escapes are not supported; use \\x', start);
      case 'x': {
        const m = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.src.slice(this.pos));
        if (!m) this.fail('invalid \\x escape', start);
        this.pos += m[0].length;
        const cp = parseInt((m[1] ?? m[2]) as string, 16);
        if (cp > 0x10ffff) this.fail('invalid \\x escape', start);
        return single(cp);
      }
      case 'p':
      case 'P':
        return this.fail('Unicode classes (\\p, \\P) are not supported', start);
      default:
        // RE2 allows escaping any punctuation; a letter or digit escape we don't know is an error.
        if (/[A-Za-z0-9]/.test(c)) this.fail(`invalid escape sequence \\${c}`, start);
        return single(this.src.codePointAt(this.pos - 1) as number);
    }
  }

  private parseClass(start: number): CharSet {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    let set = CharSet.empty();
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('missing closing ]', start);
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const m = /^\[:(\^)?([a-z]+):\]/.exec(this.src.slice(this.pos));
        const body = m ? POSIX_CLASSES[m[2] as string] : undefined;
        if (!m || body === undefined) this.fail('invalid character class range', this.pos);
        const cls = new Parser(`[${body}]`).parseAll();
        const posixSet = (cls as { set: CharSet }).set;
        set = set.union(m[1] ? posixSet.negate() : posixSet);
        this.pos += m[0].length;
        continue;
      }
      const lo = this.classChar(start);
      if (lo instanceof CharSet) {
        set = set.union(lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classChar(start);
        if (hi instanceof CharSet) this.fail('invalid character class range', start);
        if (hi < lo) this.fail('invalid character class range (reversed)', start);
        set = set.union(CharSet.ranges([lo, hi]));
      } else {
        set = set.union(CharSet.ranges([lo, lo]));
      }
    }
    if (this.caseInsensitive) set = set.foldAsciiCase();
    return negate ? set.negate() : set;
  }

  /** One class member: a code point, or a set for `\d`-style escapes. */
  private classChar(start: number): number | CharSet {
    const c = this.src[this.pos] as string;
    if (c === '\\') {
      this.pos++;
      if (this.peek() === undefined) this.fail('trailing backslash at end of expression', start);
      const set = this.parseEscapeSet(start);
      const single = set.singleCodePoint();
      return single === null ? set : single;
    }
    const cp = this.src.codePointAt(this.pos) as number;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}
