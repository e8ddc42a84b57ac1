import type { FaithfulnessPair } from '../../src/testset/sample.js';
import type { ContextNode } from '../record.js';
import { locateQuote } from './locate.js';

/**
 * A faithfulness pair is checked without a call: a statement the writer calls unsupported
 * must not be in the contexts (verbatim or up to case, spacing and typographic marks; not
 * fuzzily, since one changed digit is exactly the kind of unsupported fact a pair holds),
 * and must be part of the unfaithful answer (located as verify locates quotes). A pair
 * that fails is rejected with its candidate, which is replaced like any other rejection.
 */
export function checkFaithfulnessPair(pair: FaithfulnessPair, contexts: readonly ContextNode[]): string | undefined {
  for (const statement of pair.unsupported_statements) {
    if (!locateQuote(pair.unfaithful_answer, statement)) return `the unsupported statement "${statement}" is not part of the unfaithful answer`;
    const holder = contexts.find(({ chunk }) => locateQuote(chunk.text, statement)?.every((piece) => piece.how !== 'fuzzy'));
    if (holder) return `the "unsupported" statement "${statement}" is in chunk ${holder.chunk.id}`;
  }
  return undefined;
}
