import type { ChunkFacts, Corpus } from './corpus.js';
import { chunkFocusTerms } from './focus.js';
import type { Candidate, FocusTerm, Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * Questions the corpus cannot answer, in its own domain: each is written from one chunk
 * (its subject: a named thing of that chunk) and asks for what the documents do not state. A
 * related term from a chunk half the corpus away is offered as a second subject, so the
 * question joins two things the corpus names but may never relate. Whether the answer is
 * really absent is not assumed: the verify stage checks the chunks that rank nearest to the
 * question under BM25 and dense retrieval (synthesizers/verify/absence.ts), and the
 * reference is a fixed refusal statement.
 */

/** The index of the chunk half the corpus away (chunks are in id order, so usually another document), for related terms. */
function partnerOf(corpus: Corpus, index: number): number | undefined {
  const count = corpus.chunks.length;
  return count < 2 ? undefined : (index + Math.ceil(count / 2)) % count;
}

/** A chunk's named things (entities), as focus terms. */
function namedTerms(chunk: ChunkFacts, corpus: Corpus): FocusTerm[] {
  const entities = new Set(chunk.entities.map((entity) => entity.key));
  return chunkFocusTerms(chunk, corpus).filter((term) => entities.has(term.key));
}

/**
 * Subjects are named things (entities) whenever the graph has any: a key phrase is often a
 * fragment ("arg list consists"), and a question relating two fragments is nonsense rather
 * than a plausible request the corpus does not cover (read on the zsh manual). Chunks without
 * entities then offer no unanswerable question; a graph without entities uses key phrases.
 */
function unanswerableCandidates(corpus: Corpus): Candidate[] {
  const named = corpus.chunks.map((chunk) => namedTerms(chunk, corpus));
  const anyNamed = named.some((terms) => terms.length > 0);
  const termsOf = (index: number) => (anyNamed ? (named[index] as FocusTerm[]) : chunkFocusTerms(corpus.chunks[index] as ChunkFacts, corpus));
  return corpus.chunks.flatMap((chunk, index) => {
    const focus = termsOf(index);
    if (focus.length === 0) return [];
    const own = new Set(focus.map((term) => term.key));
    const partner = partnerOf(corpus, index);
    const related = partner === undefined ? [] : termsOf(partner).filter((term) => !own.has(term.key));
    return [
      {
        chunkIds: [chunk.id],
        documentIds: [chunk.documentId],
        focus,
        score: 1,
        // Related terms, strongest first: shown to the model as a second subject.
        themes: related.sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1)).map((term) => term.text),
      },
    ];
  });
}

export const unanswerable: Synthesizer = {
  name: 'unanswerable',
  aliases: ['u', 'no_answer'],
  questionType: 'unanswerable',
  instructions: [
    'Write one question in the subject area of the contexts, about the focus term, that the persona could plausibly ask of these documents,',
    'but that the contexts do not answer: ask for a detail, number, version, default, limit, comparison or step they do not state.',
    'If a related term is given, the question may ask how the focus term relates to it. Do not ask about anything outside the subject area.',
    'Then say in one sentence what the question asks for that the contexts do not state.',
  ].join(' '),
  candidates: async (_store, corpus) => unanswerableCandidates(corpus),
  scenario: (candidate, rng, round) => {
    const order = weightedOrder(candidate.focus, (term) => term.weight, rng);
    const term = order[round % Math.max(1, order.length)];
    const related = candidate.themes.length > 0 ? candidate.themes[round % candidate.themes.length] : undefined;
    return { focus: term ? [term.text] : [], bridge: null, bridgeTerms: related ? [related] : [] };
  },
};
