import type { DocumentFormat } from '../documents/document.js';
import { HashIds } from './hash-ids.js';
import { shingleHashes } from './shingles.js';

/**
 * Copies of one text: the same manual as HTML pages and as a PDF, copied pages. Documents
 * are taken in order of preference; one whose word 4-grams are mostly in documents already
 * kept (`containment.any`, or `containment.crossFormat` of them in other formats) is a copy
 * of them and skipped. Containment, not similarity, so a
 * PDF holding the text of forty HTML pages is recognised as their copy.
 *
 * Only a fixed 1-in-4 sample of the 4-gram hashes is kept (Broder's mod-k sketch: an
 * unbiased estimate of containment), which keeps time and memory small on large corpora.
 */

const SHINGLE_WORDS = 4;
const SAMPLE_MOD = 4;
/** Fewer sampled shingles than this: too short to judge (exact copies are caught by content id). */
const MIN_SAMPLED = 8;

/** Formats whose structure survives loading come first: HTML and Markdown, then text and JSON, then PDF. */
const FORMAT_RANK: Record<DocumentFormat, number> = { html: 0, markdown: 0, text: 1, json: 1, jsonl: 1, pdf: 2 };

export interface DuplicateInput {
  source: string;
  format: DocumentFormat;
  /** The hashes of the words of the text hygiene keeps (boilerplate removed), in order (words.ts). */
  words: Uint32Array;
}

export interface DuplicateOf {
  /** Documents holding most of this one's text, most first (indexes into the input). */
  originals: number[];
  /** Share of this document's sampled 4-grams found in them. */
  containment: number;
}

function sampled(words: Uint32Array): Int32Array {
  return shingleHashes(words, SHINGLE_WORDS, SAMPLE_MOD);
}

/** Preferred order: format rank, then input order. */
export function preferenceOrder(documents: readonly DuplicateInput[]): number[] {
  return documents.map((_, i) => i).sort((a, b) => FORMAT_RANK[(documents[a] as DuplicateInput).format] - FORMAT_RANK[(documents[b] as DuplicateInput).format] || a - b);
}

export interface Containment {
  /** Share of the text found in any kept document (copied pages). */
  any: number;
  /** Share found in kept documents of other formats (the same manual as HTML and PDF). */
  crossFormat: number;
}

/**
 * The shingles of all documents as dense ids (hash-ids.ts), with per id the document that owns
 * it (the first kept one that had it) and the last document that read it.
 */
interface ShingleOwners {
  ids: HashIds;
  owner: Int32Array;
  readBy: Int32Array;
}

/**
 * Reads document `reader`'s shingles: puts their distinct ids in `mine` and returns how many;
 * adds, per earlier document, how many of them it owns to `shared`, listing those in `touched`.
 * A small function the per-document loop calls: a duplicate found after V8 had optimised one
 * loop over everything threw that code away and compiled it again, at more cost than counting.
 */
function readShingles(hashes: Int32Array, reader: number, owners: ShingleOwners, mine: Int32Array, shared: Uint32Array, touched: number[]): number {
  const { ids, owner, readBy } = owners;
  let distinct = 0;
  for (let k = 0; k < hashes.length; k++) {
    const id = ids.idOf(hashes[k] as number);
    if (readBy[id] === reader) continue;
    readBy[id] = reader;
    mine[distinct++] = id;
    const original = owner[id] as number;
    if (original === -1) continue;
    if (shared[original] === 0) touched.push(original);
    shared[original] = (shared[original] as number) + 1;
  }
  return distinct;
}

/** Document `claimer` owns those of its shingles (ids) no earlier document owns. */
function claim(mine: Int32Array, distinct: number, claimer: number, owner: Int32Array): void {
  for (let k = 0; k < distinct; k++) if (owner[mine[k] as number] === -1) owner[mine[k] as number] = claimer;
}

/** Per input index, the documents it copies; absent when it is kept. */
export function findDuplicateDocuments(documents: readonly DuplicateInput[], containment: Containment): Map<number, DuplicateOf> {
  const shingles = documents.map((document) => sampled(document.words));
  let total = 0;
  let longest = 0;
  for (const hashes of shingles) {
    total += hashes.length;
    longest = Math.max(longest, hashes.length);
  }
  // Shingles are nearly all distinct, hence the table's size. Interned to ids once, each shingle is then plain array indexing: no second table probe to claim it, no sort to drop repeats.
  const owners: ShingleOwners = { ids: new HashIds(total), owner: new Int32Array(total).fill(-1), readBy: new Int32Array(total).fill(-1) };
  const mine = new Int32Array(longest);
  const duplicates = new Map<number, DuplicateOf>();
  // Per earlier document, how many of this one's shingles it owns; `touched` lists those with some.
  const shared = new Uint32Array(documents.length);
  const touched: number[] = [];
  for (const i of preferenceOrder(documents)) {
    const distinct = readShingles(shingles[i] as Int32Array, i, owners, mine, shared, touched);
    if (distinct >= MIN_SAMPLED) {
      const format = (documents[i] as DuplicateInput).format;
      let any = 0;
      let crossFormat = 0;
      for (const original of touched) {
        any += shared[original] as number;
        if ((documents[original] as DuplicateInput).format !== format) crossFormat += shared[original] as number;
      }
      const share = any / distinct;
      if (share >= containment.any || crossFormat / distinct >= containment.crossFormat) {
        const originals = touched.sort((a, b) => (shared[b] as number) - (shared[a] as number) || a - b);
        duplicates.set(i, { originals: [...originals], containment: share });
      }
    }
    for (const original of touched) shared[original] = 0;
    touched.length = 0;
    if (!duplicates.has(i)) claim(mine, distinct, i, owners.owner);
  }
  return duplicates;
}

/** "near-duplicate of a.html (+40 more): 93% of its text is in them; kept the html copy (…)" */
export function duplicateReason(documents: readonly DuplicateInput[], index: number, duplicate: DuplicateOf): string {
  const self = documents[index] as DuplicateInput;
  const first = documents[duplicate.originals[0] as number] as DuplicateInput;
  const more = duplicate.originals.length - 1;
  const why =
    first.format === self.format
      ? 'kept the first in path order'
      : `kept the ${first.format} copy: ${FORMAT_RANK[first.format] < FORMAT_RANK[self.format] ? `${first.format} keeps more structure than ${self.format}` : 'it came first in path order'}`;
  return `near-duplicate of ${first.source}${more > 0 ? ` (+${more} more)` : ''}: ${Math.round(duplicate.containment * 100)}% of its text is in them; ${why}`;
}
