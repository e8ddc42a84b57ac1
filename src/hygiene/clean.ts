import { z } from 'zod';
import { getTokenizer, tokensAtLeast } from '../chunking/tokens.js';
import type { OnProgress } from '../progress.js';
import type { Document, ExcludedRange, SkippedInput } from '../documents/document.js';
import { findBoilerplate } from './boilerplate.js';
import { indexReason } from './index-pages.js';
import { duplicateReason, findDuplicateDocuments } from './near-duplicate-documents.js';
import { HygieneOptions, type HygieneOptionsInput } from './options.js';
import { keptSpans, keptText, mergeSpans, type Span } from './ranges.js';
import { redirectSkip, SKIP_KINDS, stubSkip, type Skip } from './stubs.js';
import { documentUnits, isPaged } from './units.js';
import { createWordIndex, type WordIndex } from './words.js';

/**
 * cleanDocuments: the hygiene step between loading and chunking. In order: redirect stubs
 * out; template boilerplate and PDF index pages marked as excluded spans (the text is not
 * changed, so every chunk offset still points into the loaded text); canonical-only pages,
 * tables of contents, indexes and too-short documents out; near-duplicate documents out,
 * the preferred copy kept. No LLM call.
 */

export const HygieneReport = z.object({
  /** Documents before hygiene, and kept. */
  documents: z.number().int(),
  kept: z.number().int(),
  /** Documents skipped, by kind. */
  skipped: z.record(z.enum(SKIP_KINDS), z.number().int()),
  boilerplate: z.object({
    /** Contiguous spans excluded as template boilerplate. */
    blocks: z.number().int(),
    chars: z.number().int(),
    /** Of the characters of the kept documents. */
    share: z.number(),
    /** Kept documents that had some. */
    documents: z.number().int(),
  }),
  /** Index and table-of-contents pages excluded inside PDFs. */
  indexPages: z.object({ pages: z.number().int(), chars: z.number().int() }),
  /** Chunks merged into a near-duplicate chunk (filled in by chunking, see near-duplicate-chunks.ts). */
  nearDuplicateChunks: z.number().int(),
});
export type HygieneReport = z.infer<typeof HygieneReport>;

export interface CleanResult {
  /** Kept documents in input order, with `excluded` spans set. */
  documents: Document[];
  /** Skipped documents, each with its reason, in input order. */
  skipped: SkippedInput[];
  report: HygieneReport;
}

function emptyCounts(): Record<(typeof SKIP_KINDS)[number], number> {
  return Object.fromEntries(SKIP_KINDS.map((kind) => [kind, 0])) as Record<(typeof SKIP_KINDS)[number], number>;
}

/** Index and table-of-contents pages of a paged document (PDF). */
function indexPageSpans(document: Document, words: WordIndex): ExcludedRange[] {
  return documentUnits(document)
    .filter((page) => indexReason(document.text.slice(page.start, page.end), words.span(document.id, page.start, page.end), undefined) !== undefined)
    .map((page) => ({ ...page, reason: 'index' as const }));
}

/**
 * The token count when it is at most `min`, otherwise some number above it: only a count below
 * `min` is ever read (and reported), so nearly every document is settled by counting its words
 * (each at least a token) instead of encoding it; a quarter of the PostgreSQL manual's pages are
 * short enough to be encoded otherwise.
 */
function tokensUpTo(text: string, min: number): number {
  return text.length > min * 64 || tokensAtLeast(text, min + 1) > min ? Number.MAX_SAFE_INTEGER : getTokenizer().countUpTo(text, min);
}

/** The word hashes of a document's kept text: its kept spans' words, in order (as of `keptText`). */
function keptWords(words: WordIndex, document: Document, excluded: readonly Span[] | undefined): Uint32Array {
  const parts = keptSpans(document.text.length, excluded).map((span) => words.span(document.id, span.start, span.end));
  if (parts.length === 1) return parts[0] as Uint32Array;
  const all = new Uint32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

export interface CleanContext {
  /** The documents' word hashes, shared with near-duplicate chunks so each text is hashed once. */
  words?: WordIndex;
  /** A `hygiene` event as the steps start, then one per step done (`detail` names it): callers show or time them. */
  onProgress?: OnProgress;
}

/** The steps `cleanDocuments` reports, in order. */
export const CLEAN_STEPS = ['boilerplate', 'stubs and indexes', 'near-duplicate documents'] as const;

export function cleanDocuments(documents: readonly Document[], options: HygieneOptionsInput = {}, context: CleanContext = {}): CleanResult {
  const resolved = HygieneOptions.parse(options);
  const { words = createWordIndex(documents), onProgress } = context;
  const stepDone = (step: (typeof CLEAN_STEPS)[number]) =>
    onProgress?.({ stage: 'hygiene', done: CLEAN_STEPS.indexOf(step) + 1, total: CLEAN_STEPS.length, detail: step });
  onProgress?.({ stage: 'hygiene', done: 0, total: CLEAN_STEPS.length });
  const skips = new Map<number, Skip>();
  if (!resolved.keepStubs) {
    documents.forEach((document, i) => {
      const skip = redirectSkip(document);
      if (skip) skips.set(i, skip);
    });
  }
  const live = documents.map((_, i) => i).filter((i) => !skips.has(i));
  const liveDocuments = live.map((i) => documents[i] as Document);
  const boilerplate = resolved.keepBoilerplate
    ? liveDocuments.map(() => [])
    : findBoilerplate(liveDocuments, { minShare: resolved.boilerplateMinShare, minDocuments: resolved.boilerplateMinDocuments });

  stepDone('boilerplate');

  const excluded = new Map<number, ExcludedRange[]>();
  // Each document's kept words, read once: by the stub rules, then by near-duplicate documents.
  const keptWordsOf = new Map<number, Uint32Array>();
  const keptWordsAt = (i: number): Uint32Array => {
    let found = keptWordsOf.get(i);
    if (!found) {
      found = keptWords(words, documents[i] as Document, excluded.get(i));
      keptWordsOf.set(i, found);
    }
    return found;
  };
  live.forEach((i, k) => {
    const document = documents[i] as Document;
    const paged = isPaged(document);
    const index = paged && !resolved.keepStubs ? indexPageSpans(document, words) : [];
    const inIndex = (span: ExcludedRange) => index.some((page) => span.start >= page.start && span.end <= page.end);
    const spans = mergeSpans([...(boilerplate[k] ?? []).filter((span) => !inIndex(span)), ...index], document.text);
    excluded.set(i, spans);
    if (resolved.keepStubs) return;
    const text = keptText(document.text, spans);
    const kept = { text, words: keptWordsAt(i), tokens: tokensUpTo(text, resolved.minDocumentTokens) };
    const skip = stubSkip(document, kept, resolved.minDocumentTokens, paged);
    if (skip) skips.set(i, skip);
  });

  stepDone('stubs and indexes');

  if (!resolved.keepDuplicates) {
    const candidates = documents.map((_, i) => i).filter((i) => !skips.has(i));
    const inputs = candidates.map((i) => {
      const document = documents[i] as Document;
      return { source: document.source, format: document.format, words: keptWordsAt(i) };
    });
    const containment = { any: resolved.duplicateContainment, crossFormat: resolved.crossFormatContainment };
    for (const [k, duplicate] of findDuplicateDocuments(inputs, containment)) {
      skips.set(candidates[k] as number, { kind: 'duplicate', reason: duplicateReason(inputs, k, duplicate) });
    }
  }

  stepDone('near-duplicate documents');

  const kept: Document[] = [];
  const skipped: SkippedInput[] = [];
  const counts = emptyCounts();
  const totals = { blocks: 0, chars: 0, text: 0, documents: 0, indexPages: 0, indexChars: 0 };
  documents.forEach((document, i) => {
    const skip = skips.get(i);
    if (skip) {
      counts[skip.kind]++;
      skipped.push({ source: document.source, reason: skip.reason });
      return;
    }
    const spans = excluded.get(i) ?? [];
    totals.text += document.text.length;
    let boilerplateChars = 0;
    for (const span of spans) {
      if (span.reason === 'index') {
        totals.indexPages++;
        totals.indexChars += span.end - span.start;
      } else {
        totals.blocks++;
        boilerplateChars += span.end - span.start;
      }
    }
    totals.chars += boilerplateChars;
    if (boilerplateChars > 0) totals.documents++;
    kept.push(spans.length > 0 ? { ...document, excluded: spans } : document);
  });
  return {
    documents: kept,
    skipped,
    report: {
      documents: documents.length,
      kept: kept.length,
      skipped: counts,
      boilerplate: {
        blocks: totals.blocks,
        chars: totals.chars,
        share: totals.text === 0 ? 0 : totals.chars / totals.text,
        documents: totals.documents,
      },
      indexPages: { pages: totals.indexPages, chars: totals.indexChars },
      nearDuplicateChunks: 0,
    },
  };
}
