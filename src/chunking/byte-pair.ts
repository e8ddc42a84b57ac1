import type { TiktokenBPE } from 'js-tiktoken/lite';

/**
 * Byte-pair merging with a heap, O(n log n) in the piece's length. js-tiktoken rescans every
 * pair after each merge (quadratic), which takes minutes on a few thousand characters of text
 * the pre-tokenizer keeps as one piece (CJK without punctuation). Same rule as tiktoken: merge
 * the adjacent pair of lowest rank, leftmost first, until no pair is a token.
 */
export interface BytePairMerger {
  /** Byte lengths of the tokens `bytes` (one pre-tokenizer piece) encodes to, in order. */
  tokenLengths(bytes: Uint8Array): number[];
  /** The longest token in bytes: `n` bytes are at least `ceil(n / maxTokenBytes)` tokens. */
  readonly maxTokenBytes: number;
}

/** Pairs are heap entries `rank * START_SPAN + start`: lowest rank first, then leftmost, as in tiktoken. */
const START_SPAN = 2 ** 34;

function heapPush(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const above = heap[parent] ?? 0;
    if (above <= value) break;
    heap[i] = above;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0] ?? 0;
  const last = heap.pop() ?? 0;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && (heap[child + 1] ?? 0) < (heap[child] ?? 0)) child++;
    if ((heap[child] ?? 0) >= last) break;
    heap[i] = heap[child] ?? 0;
    i = child;
  }
  heap[i] = last;
  return top;
}

const SHORT_TOKEN = 6;

/** Bytes `start..end` (at most 6) as one number; the length is part of it, so `00` and `00 00` differ. */
function numericKey(bytes: Uint8Array, start: number, end: number): number {
  let key = 1;
  for (let i = start; i < end; i++) key = key * 256 + (bytes[i] ?? 0);
  return key;
}

export function createBytePairMerger(bpe: TiktokenBPE): BytePairMerger {
  // Tokens of up to SHORT_TOKEN bytes (most lookups) are keyed by their bytes as one number,
  // longer ones by their bytes as a latin1 string: no string is built for a short lookup.
  const shortRanks = new Map<number, number>();
  const longRanks = new Map<string, number>();
  let maxTokenBytes = 1;
  for (const line of bpe.bpe_ranks.split('\n')) {
    const [, offset, ...tokens] = line.split(' ');
    if (offset === undefined) continue;
    const base = Number.parseInt(offset, 10);
    tokens.forEach((token, i) => {
      const bytes = Buffer.from(token, 'base64');
      if (bytes.length <= SHORT_TOKEN) shortRanks.set(numericKey(bytes, 0, bytes.length), base + i);
      else longRanks.set(bytes.toString('latin1'), base + i);
      maxTokenBytes = Math.max(maxTokenBytes, bytes.length);
    });
  }
  const rankOf = (bytes: Uint8Array, start: number, end: number): number | undefined =>
    end - start <= SHORT_TOKEN
      ? shortRanks.get(numericKey(bytes, start, end))
      : longRanks.get(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));

  const tokenLengths = (bytes: Uint8Array): number[] => {
    const n = bytes.length;
    if (n <= 1 || rankOf(bytes, 0, n) !== undefined) return n === 0 ? [] : [n];
    // Parts are identified by their start byte; next[start] is the following part's start (n at the end).
    const next = new Int32Array(n);
    const previous = new Int32Array(n);
    const alive = new Uint8Array(n).fill(1);
    // Rank of the pair a part currently forms with the next one (-1: not a token). Ranks are
    // unique per byte string, so a heap entry whose rank differs is stale.
    const pairRank = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      previous[i] = i - 1;
    }
    const heap: number[] = [];
    const offer = (start: number) => {
      if (start < 0) return;
      const middle = next[start] ?? n;
      const rank = middle < n ? rankOf(bytes, start, next[middle] ?? n) : undefined;
      pairRank[start] = rank ?? -1;
      if (rank !== undefined) heapPush(heap, rank * START_SPAN + start);
    };
    for (let i = 0; i + 1 < n; i++) offer(i);
    while (heap.length > 0) {
      const entry = heapPop(heap);
      const start = entry % START_SPAN;
      if (!alive[start] || pairRank[start] !== (entry - start) / START_SPAN) continue;
      const middle = next[start] ?? n;
      const end = next[middle] ?? n;
      alive[middle] = 0;
      next[start] = end;
      if (end < n) previous[end] = start;
      offer(previous[start] ?? -1);
      offer(start);
    }
    const lengths: number[] = [];
    for (let start = 0; start < n; start = next[start] ?? n) lengths.push((next[start] ?? n) - start);
    return lengths;
  };

  return { tokenLengths, maxTokenBytes };
}
