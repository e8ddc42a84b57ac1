/**
 * BM25's terms, and term ids without a string per token. Tokens are the NFKC lower-cased
 * text's runs of letters and digits (`\p{L}`, `\p{N}`); a Han, Hiragana or Katakana character
 * where a token starts is a token of its own (those scripts have no spaces between words).
 * That is the regular expression `[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+`
 * (the test checks the two agree), scanned by hand: indexing 100k chunks spent most of its
 * time making 20M token strings and hashing them into a `Map`. Here a token is hashed from
 * the text's code units and looked up in an open-addressing table; a string is made only
 * for a term seen for the first time.
 */

/** Bit flags: a letter or digit continues a word; Han, Hiragana or Katakana makes a token of its own at a token start. */
const SEPARATOR = 0;
const WORD = 1;
const IDEOGRAPH = 2;

const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const classes = new Map<number, number>();

function classOf(codePoint: number): number {
  if (codePoint < 0x80) {
    return (codePoint >= 0x61 && codePoint <= 0x7a) || (codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x41 && codePoint <= 0x5a) ? WORD : SEPARATOR;
  }
  let known = classes.get(codePoint);
  if (known === undefined) {
    const char = String.fromCodePoint(codePoint);
    known = (IDEOGRAPHIC.test(char) ? IDEOGRAPH : 0) | (LETTER_OR_DIGIT.test(char) ? WORD : 0);
    classes.set(codePoint, known);
  }
  return known;
}

export function normaliseForTerms(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Token boundaries of an already normalised text: `[start0, end0, start1, end1, …]` in a
 * buffer reused by the next call (read it before scanning again). A buffer, not a callback
 * or strings, so indexing 20M tokens is plain loops over numbers.
 */
let bounds = new Int32Array(1 << 12);
export function tokenBounds(text: string): Int32Array {
  const length = text.length;
  let count = 0;
  let at = 0;
  while (at < length) {
    const code = text.codePointAt(at) as number;
    const width = code > 0xffff ? 2 : 1;
    const kind = classOf(code);
    if (kind === SEPARATOR) {
      at += width;
      continue;
    }
    const start = at;
    at += width;
    if (!(kind & IDEOGRAPH)) {
      while (at < length) {
        const next = text.codePointAt(at) as number;
        if (!(classOf(next) & WORD)) break;
        at += next > 0xffff ? 2 : 1;
      }
    }
    if (count + 2 > bounds.length) {
      const bigger = new Int32Array(bounds.length * 2);
      bigger.set(bounds);
      bounds = bigger;
    }
    bounds[count++] = start;
    bounds[count++] = at;
  }
  return bounds.subarray(0, count);
}

/** Term ids in order of first sight; `id` looks a token up, `add` also assigns new ones. */
export interface TermTable {
  readonly size: number;
  /** Id of `text.slice(start, end)`, assigning the next id to a new term. */
  add(text: string, start: number, end: number): number;
  /** Id of `text.slice(start, end)`, or −1 for a term never added. */
  id(text: string, start: number, end: number): number;
}

function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export function createTermTable(): TermTable {
  // Slot i is (hash, id) at 2i, 2i + 1, so a probe reads one cache line; id −1 is empty.
  let slots = new Int32Array(1 << 17).fill(-1);
  let mask = (slots.length >> 1) - 1;
  // Term `id` is chars[starts[id] … starts[id + 1]]: contiguous code units, not a string object per term.
  let chars = new Uint16Array(1 << 18);
  let starts = new Int32Array(1 << 15);
  let size = 0;

  const same = (id: number, text: string, start: number, end: number) => {
    const from = starts[id] as number;
    if ((starts[id + 1] as number) - from !== end - start) return false;
    for (let i = start; i < end; i++) if (chars[from + i - start] !== text.charCodeAt(i)) return false;
    return true;
  };
  /** The slot holding the term, or the empty slot where it would go. */
  const find = (hash: number, text: string, start: number, end: number) => {
    let slot = hash & mask;
    for (;;) {
      const id = slots[2 * slot + 1] as number;
      if (id === -1 || (slots[2 * slot] === hash && same(id, text, start, end))) return slot;
      slot = (slot + 1) & mask;
    }
  };
  const grow = () => {
    const old = slots;
    slots = new Int32Array(old.length * 2).fill(-1);
    mask = (slots.length >> 1) - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === -1) continue;
      let slot = (old[at] as number) & mask;
      while (slots[2 * slot + 1] !== -1) slot = (slot + 1) & mask;
      slots[2 * slot] = old[at] as number;
      slots[2 * slot + 1] = old[at + 1] as number;
    }
  };

  return {
    get size() {
      return size;
    },
    id(text, start, end) {
      return slots[2 * find(hashOf(text, start, end), text, start, end) + 1] as number;
    },
    add(text, start, end) {
      const hash = hashOf(text, start, end);
      const slot = find(hash, text, start, end);
      const known = slots[2 * slot + 1] as number;
      if (known !== -1) return known;
      const id = size++;
      if (size + 1 > starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      const from = starts[id] as number;
      if (from + end - start > chars.length) {
        const bigger = new Uint16Array(Math.max(chars.length * 2, from + end - start));
        bigger.set(chars);
        chars = bigger;
      }
      for (let i = start; i < end; i++) chars[from + i - start] = text.charCodeAt(i);
      starts[id + 1] = from + end - start;
      slots[2 * slot] = hash | 0;
      slots[2 * slot + 1] = id;
      // At most half full, so probes stay short.
      if (size * 2 > mask + 1) grow();
      return id;
    },
  };
}
