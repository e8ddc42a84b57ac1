import { Break, type Atom } from './atoms.js';

/** Atoms `first..last` (inclusive) form one chunk. */
export interface AtomSpan {
  first: number;
  last: number;
}

/** A chunk this full or more may end early at a stronger break rather than fill up. */
const MIN_FILL = 0.5;
const DOCUMENT_END = Break.section + 1;

/**
 * Greedy packing of atoms into spans of at most `max` tokens.
 * - A span ends at the strongest break available once it is at least half full.
 * - A span covers several sections only if it holds each of them whole.
 * - Inside a section, the next span starts with up to `overlap` tokens of the previous one.
 * Atom counts are summed as an estimate; `exactTokens` measures the chosen span's real text
 * and a span over `max` is shortened, so the bound is exact.
 */
export function packAtoms(
  atoms: readonly Atom[],
  max: number,
  overlap: number,
  exactTokens: (span: AtomSpan) => number,
): { spans: AtomSpan[]; tokens: number[] } {
  const n = atoms.length;
  // prefix[i]: estimated tokens of atoms 0..i-1, each with the gap before it.
  const prefix = new Float64Array(n + 1);
  atoms.forEach((atom, i) => (prefix[i + 1] = (prefix[i] ?? 0) + atom.gapTokens + atom.tokens));
  const estimate = (first: number, last: number) =>
    (prefix[last + 1] ?? 0) - (prefix[first] ?? 0) - (atoms[first]?.gapTokens ?? 0);
  const breakAfter = (i: number): number => (i + 1 < n ? (atoms[i + 1]?.breakBefore ?? 0) : DOCUMENT_END);

  /** The best last atom in `first..reach`, not before `minLast` (so an overlapping span advances); `first` if none. */
  const chooseLast = (first: number, reach: number, minLast: number): number => {
    const startsSection = atoms[first]?.breakBefore === Break.section;
    let best = first;
    let bestBreak = -1;
    let bestFull = false;
    let crossed = false;
    for (let i = first; i <= reach; i++) {
      if (i > first && atoms[i]?.breakBefore === Break.section) crossed = true;
      const strength = breakAfter(i);
      if (i < minLast || (crossed && (!startsSection || strength < Break.section))) continue;
      if (estimate(first, i) >= max * MIN_FILL) {
        if (!bestFull || strength >= bestBreak) [best, bestBreak, bestFull] = [i, strength, true];
      } else if (!bestFull) {
        best = i;
      }
    }
    return best;
  };

  const nextFirst = (first: number, last: number): number => {
    if (overlap === 0 || breakAfter(last) >= Break.section) return last + 1;
    for (let k = first + 1; k <= last; k++) {
      if (estimate(k, last) <= overlap && estimate(k, last + 1) <= max) return k;
    }
    return last + 1;
  };

  const spans: AtomSpan[] = [];
  const tokens: number[] = [];
  let first = 0;
  let minLast = 0;
  while (first < n) {
    let reach = first;
    while (reach + 1 < n && estimate(first, reach + 1) <= max) reach++;
    let last = chooseLast(first, reach, minLast);
    let exact = exactTokens({ first, last });
    while (exact > max && last > first) {
      reach = last - 1;
      last = chooseLast(first, reach, minLast);
      exact = exactTokens({ first, last });
    }
    if (last < minLast) {
      // The overlap left no room to advance once measured exactly: start after the previous span instead.
      first = minLast;
      continue;
    }
    spans.push({ first, last });
    tokens.push(exact);
    if (last + 1 >= n) break;
    first = nextFirst(first, last);
    minLast = last + 1;
  }
  return { spans, tokens };
}
