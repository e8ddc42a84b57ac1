import type { GraphStore } from '../graph/store.js';
import { holdsAlterableFact } from '../src/llm/offline/false-premise.js';
import type { Corpus } from './corpus.js';
import { oneChunkCandidates, oneTermScenario } from './single-hop-specific.js';
import type { Candidate, Synthesizer } from './types.js';

const PAGE = 500;

/**
 * Single chunks that hold a fact to alter (a standalone sentence of prose with a number or an
 * assertion, src/llm/offline/false-premise.ts): on the zsh manual 38 % of the chunks are option
 * tables, key-binding lists or code and hold none, so drawing them made four in ten candidates
 * fail. Texts are read in pages.
 */
async function factCandidates(store: GraphStore, corpus: Corpus): Promise<Candidate[]> {
  const all = await oneChunkCandidates(store, corpus);
  const usable = new Set<string>();
  for (let i = 0; i < all.length; i += PAGE) {
    const nodes = await store.getNodes(all.slice(i, i + PAGE).map((candidate) => candidate.chunkIds[0] as string));
    for (const node of nodes) if (node.kind === 'chunk' && holdsAlterableFact(node.text)) usable.add(node.id);
  }
  return all.filter((candidate) => usable.has(candidate.chunkIds[0] as string));
}

/**
 * Questions built on a false premise: each is written from one chunk, about one of its
 * terms. The writer copies a fact of the chunk, changes one detail of it (a number, version,
 * default, name, or what something does) or negates it, and asks a question that takes the
 * changed fact for granted; the reference answer corrects it. The copied fact is located in
 * the chunk (exact, normalised, fuzzy, as verify locates quotes) and recorded as the span
 * that contradicts the premise (synthesizers/false-premise-sample.ts); the verify stage
 * checks that it does and that the context nowhere states the premise.
 */
export const falsePremise: Synthesizer = {
  name: 'false_premise',
  aliases: ['fp', 'premise'],
  questionType: 'false_premise',
  instructions: [
    'Write one question about the focus term that rests on a false premise: take a fact the context states about it',
    '(best a number, version, default value, name, limit or what something does) and change that one detail or negate it.',
    'The question must assume the changed fact, as a user who misremembers it would ask; the answer corrects the premise with the context\'s fact.',
  ].join(' '),
  candidates: factCandidates,
  scenario: oneTermScenario,
};
