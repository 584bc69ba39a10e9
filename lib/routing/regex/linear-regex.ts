import { type CharSet } from '@/lib/routing/regex/char-set';
import { parseRegex, RegexSyntaxError, type RegexNode } from '@/lib/routing/regex/parse-regex';

/**
 * Portico's regular expressions (path, header, query and gRPC method matches): a linear-time
 * engine, so no user pattern can make a request take exponential time (JavaScript's RegExp
 * backtracks: `(a+)+$` against 30 `a`s and a `b` runs for seconds).
 *
 * Semantics: a pattern must match the WHOLE value (implicitly `^(?:pattern)$`), as Envoy's
 * `safe_regex` does and as SEMANTICS 4.2 asks for paths. Case-sensitive unless `(?i)`.
 *
 * Accepted syntax (the RE2 subset, minus what needs backtracking or Unicode tables):
 *   literals, `.` (not `\n` unless `(?s)`), `[...]` / `[^...]` with ranges, `\d \w \s \D \W \S`
 *   and `[:alpha:]`-style POSIX classes inside brackets; escapes `\t \n \r \f \v \a \xHH \x{H..}`
 *   and any escaped punctuation; groups `(...)`, `(?:...)`, `(?P<n>...)`, `(?<n>...)`; flags
 *   `(?i)`, `(?s)`, `(?i:...)`, `(?-i:...)`; alternation `|`; quantifiers `* + ? {n} {n,} {n,m}`
 *   (n, m <= 1000) and their lazy forms; assertions `^ $ \A \z \b \B`.
 * Rejected (RegexSyntaxError with the offset): backreferences `\1`, lookahead / lookbehind,
 * atomic groups, possessive or doubled quantifiers, `\p{..}`, octal escapes, programs larger
 * than MAX_PROGRAM instructions.
 *
 * The engine is a Thompson-NFA simulation (Pike VM without captures): O(pattern x input)
 * time, O(pattern) memory, and no allocation per call. Each compiled expression owns its
 * scratch arrays, so `test` is not re-entrant; JavaScript runs it to completion synchronously.
 */

/** Upper bound on compiled instructions (about what `\w{1000}` needs with slack). */
export const MAX_PROGRAM = 20_000;

const OP_SET = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_MATCH = 3;
const OP_ASSERT = 4;

const A_BEGIN = 0;
const A_END = 1;
const A_WORD = 2;
const A_NOTWORD = 3;

export class LinearRegex {
  private readonly op: Uint8Array;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly sets: readonly CharSet[];
  private clist: Int32Array;
  private nlist: Int32Array;
  private readonly mark: Uint32Array;
  private readonly stack: Int32Array;
  private generation = 0;

  private constructor(
    readonly source: string,
    program: Program,
  ) {
    const n = program.op.length;
    this.op = Uint8Array.from(program.op);
    this.x = Int32Array.from(program.x);
    this.y = Int32Array.from(program.y);
    this.sets = program.sets;
    this.clist = new Int32Array(n);
    this.nlist = new Int32Array(n);
    this.mark = new Uint32Array(n);
    this.stack = new Int32Array(n + 1);
  }

  /** Compiles `pattern`; throws RegexSyntaxError when it is outside the dialect. */
  static compile(pattern: string): LinearRegex {
    const program = new Program(pattern);
    program.emitNode(parseRegex(pattern));
    program.emit(OP_MATCH, 0, 0);
    return new LinearRegex(pattern, program);
  }

  /** Whether the whole of `input` matches. */
  test(input: string): boolean {
    let clist = this.clist;
    let nlist = this.nlist;
    const len = input.length;
    let i = 0;
    let cp = len > 0 ? codePointAt(input, 0) : -1;
    let count = this.addThread(clist, 0, 0, true, len === 0, false, isWordChar(cp));
    while (i < len) {
      if (count === 0) return false;
      const width = cp > 0xffff ? 2 : 1;
      const next = i + width;
      const nextCp = next < len ? codePointAt(input, next) : -1;
      const curWord = isWordChar(cp);
      this.nextGeneration();
      let ncount = 0;
      for (let k = 0; k < count; k++) {
        const pc = clist[k] as number;
        if (this.op[pc] === OP_SET && (this.sets[this.x[pc] as number] as CharSet).has(cp)) {
          ncount = this.addThreadInto(nlist, ncount, pc + 1, next === 0, next === len, curWord, isWordChar(nextCp));
        }
      }
      const tmp = clist;
      clist = nlist;
      nlist = tmp;
      count = ncount;
      i = next;
      cp = nextCp;
    }
    for (let k = 0; k < count; k++) if (this.op[clist[k] as number] === OP_MATCH) return true;
    return false;
  }

  /**
   * Starts a new deduplication epoch. `mark` is 32-bit: before the counter would wrap (after
   * ~4e9 steps, minutes of proxy traffic), clear the marks and start over, or stale marks
   * would equal a live generation and drop threads.
   */
  private nextGeneration(): void {
    if (this.generation >= 0xfffffffe) {
      this.mark.fill(0);
      this.generation = 0;
    }
    this.generation++;
  }

  /** Test hook: jump the epoch counter to just before the wrap. */
  forceGenerationForTest(value: number): void {
    this.generation = value;
  }

  private addThread(list: Int32Array, count: number, pc: number, atBegin: boolean, atEnd: boolean, prevWord: boolean, nextWord: boolean): number {
    this.nextGeneration();
    return this.addThreadInto(list, count, pc, atBegin, atEnd, prevWord, nextWord);
  }

  /** Adds `pc` and its epsilon closure to `list` (deduplicated by this step's generation). */
  private addThreadInto(list: Int32Array, count: number, start: number, atBegin: boolean, atEnd: boolean, prevWord: boolean, nextWord: boolean): number {
    const { op, x, y, mark, stack } = this;
    const gen = this.generation;
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const pc = stack[--sp] as number;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      switch (op[pc]) {
        case OP_JMP:
          stack[sp++] = x[pc] as number;
          break;
        case OP_SPLIT:
          stack[sp++] = y[pc] as number;
          stack[sp++] = x[pc] as number;
          break;
        case OP_ASSERT: {
          const kind = x[pc];
          const ok =
            kind === A_BEGIN ? atBegin : kind === A_END ? atEnd : kind === A_WORD ? prevWord !== nextWord : prevWord === nextWord;
          if (ok) stack[sp++] = pc + 1;
          break;
        }
        default:
          list[count++] = pc;
      }
    }
    return count;
  }
}

/** Parses and compiles `pattern`, or returns the reason it is not accepted. */
export function checkRegex(pattern: string): string | null {
  try {
    LinearRegex.compile(pattern);
    return null;
  } catch (err) {
    if (err instanceof RegexSyntaxError) return err.message;
    throw err;
  }
}

function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x5f || (cp >= 0x61 && cp <= 0x7a);
}

/** The instruction list being built: parallel arrays (op, x, y) plus the character sets. */
class Program {
  readonly op: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly sets: CharSet[] = [];

  constructor(private readonly pattern: string) {}

  emit(op: number, x: number, y: number): number {
    if (this.op.length >= MAX_PROGRAM) {
      throw new RegexSyntaxError(`expression too large (more than ${MAX_PROGRAM} instructions)`, this.pattern, 0);
    }
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  private get next(): number {
    return this.op.length;
  }

  emitNode(node: RegexNode): void {
    switch (node.t) {
      case 'empty':
        return;
      case 'set':
        this.sets.push(node.set);
        this.emit(OP_SET, this.sets.length - 1, 0);
        return;
      case 'assert':
        this.emit(OP_ASSERT, { begin: A_BEGIN, end: A_END, word: A_WORD, notword: A_NOTWORD }[node.kind], 0);
        return;
      case 'cat':
        for (const item of node.items) this.emitNode(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.items.forEach((item, i) => {
          if (i === node.items.length - 1) {
            this.emitNode(item);
            return;
          }
          const split = this.emit(OP_SPLIT, 0, 0);
          this.x[split] = this.next;
          this.emitNode(item);
          jumps.push(this.emit(OP_JMP, 0, 0));
          this.y[split] = this.next;
        });
        for (const j of jumps) this.x[j] = this.next;
        return;
      }
      case 'rep':
        this.emitRepeat(node.node, node.min, node.max);
        return;
    }
  }

  private emitRepeat(body: RegexNode, min: number, max: number): void {
    if (max === -1) {
      for (let i = 0; i < min - 1; i++) this.emitNode(body);
      if (min >= 1) {
        // x{n,}: the n-th copy loops back to itself.
        const top = this.next;
        this.emitNode(body);
        this.emit(OP_SPLIT, top, this.next + 1);
        return;
      }
      const split = this.emit(OP_SPLIT, 0, 0);
      this.x[split] = this.next;
      this.emitNode(body);
      this.emit(OP_JMP, split, 0);
      this.y[split] = this.next;
      return;
    }
    for (let i = 0; i < min; i++) this.emitNode(body);
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      const split = this.emit(OP_SPLIT, 0, 0);
      this.x[split] = this.next;
      splits.push(split);
      this.emitNode(body);
    }
    for (const s of splits) this.y[s] = this.next;
  }
}
