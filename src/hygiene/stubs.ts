import type { Document } from '../documents/document.js';
import { nonSpaceRuns } from '../documents/white-space.js';
import { indexReason } from './index-pages.js';

/**
 * Documents that are shells rather than content: redirect stubs (a meta refresh, or a few
 * words saying the page moved), canonical-only pages, tables of contents and indexes, and
 * whatever is too short once its boilerplate is gone. Each is skipped with a reason.
 */

export const SKIP_KINDS = ['redirect', 'canonical', 'index', 'too_short', 'duplicate'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

export interface Skip {
  kind: SkipKind;
  reason: string;
}

/** A page this short (in words) that says it moved is a redirect stub, not an article about moving. */
const STUB_MAX_WORDS = 60;
const MOVED = /\b(?:has|have) (?:been )?moved\b|\bmoved (?:permanently )?to\b|\bredirect(?:ing|ed)?\b|\byou are looking for is (?:now )?(?:at|here)\b|\bpage (?:is|has) (?:now )?(?:at|been moved)\b/i;

/** Whether a text has at most `max` words (runs of non-white-space). */
function atMostWords(text: string, max: number): boolean {
  return nonSpaceRuns(text, max + 1) <= max;
}

function fileName(path: string): string {
  return path.split(/[?#]/)[0]?.split('/').pop() ?? '';
}

/** Known from the page itself, before boilerplate is removed: a meta refresh. */
export function redirectSkip(document: Document): Skip | undefined {
  const target = document.metadata.redirect;
  if (typeof target !== 'string') return undefined;
  return { kind: 'redirect', reason: `redirect stub (meta refresh${target ? ` to ${target}` : ''})` };
}

/** What is left of a document once boilerplate is removed. */
export interface KeptText {
  text: string;
  /** Its word hashes (words.ts). */
  words: Uint32Array;
  /** Its token count when at most the minimum, otherwise some number above it. */
  tokens: number;
}

/**
 * Judged on the text that is left once boilerplate is removed.
 * Paged documents (PDF) lose their index pages page by page instead (src/hygiene/clean.ts).
 */
export function stubSkip(document: Document, { text: kept, words, tokens }: KeptText, minTokens: number, paged: boolean): Skip | undefined {
  const short = atMostWords(kept, STUB_MAX_WORDS);
  if (short && MOVED.test(kept)) {
    return { kind: 'redirect', reason: `redirect stub ("${kept.replace(/\s+/g, ' ').trim().slice(0, 60)}")` };
  }
  const canonical = document.metadata.canonical;
  if (typeof canonical === 'string' && short && fileName(canonical) !== fileName(document.source)) {
    return { kind: 'canonical', reason: `canonical-only page (content at ${canonical})` };
  }
  if (!paged) {
    const linkShare = typeof document.metadata.linkShare === 'number' ? document.metadata.linkShare : undefined;
    const index = indexReason(kept, words, linkShare);
    if (index) return { kind: 'index', reason: index };
  }
  if (tokens < minTokens) {
    return { kind: 'too_short', reason: `too short: ${tokens} tokens once boilerplate is removed (minimum ${minTokens}, --min-document-tokens)` };
  }
  return undefined;
}
