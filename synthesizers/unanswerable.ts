import type { ChunkFacts, Corpus } from './corpus.js';
import { chunkFocusTerms } from './focus.js';
import type { Candidate, FocusTerm, Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * Questions the corpus cannot answer, in its own domain: each is written from one chunk
 * (its subject: a named thing of that chunk, else a key phrase) and asks for what the documents do not state. A
 * related term from a chunk half the corpus away is offered as a second subject, so the
 * question joins two things the corpus names but may never relate. Whether the answer is
 * really absent is not assumed: the verify stage checks the chunks that rank nearest to the
 * question under BM25 and dense retrieval (synthesizers/verify/absence.ts), and the
 * reference is a fixed refusal statement.
 */

/** The chunk half the corpus away (chunks are in id order, so usually another document), for related terms. */
function partnerOf(corpus: Corpus, index: number): ChunkFacts | undefined {
  const { chunks } = corpus;
  if (chunks.length < 2) return undefined;
  return chunks[(index + Math.ceil(chunks.length / 2)) % chunks.length];
}

/**
 * A chunk's named things (entities) when it has any, else its key phrases: a key phrase is often
 * a fragment ("arg list consists"), and a question relating two fragments is nonsense rather
 * than a plausible request the corpus does not cover (read on the zsh manual).
 */
function namedTerms(chunk: ChunkFacts, corpus: Corpus): FocusTerm[] {
  const terms = chunkFocusTerms(chunk, corpus);
  const entities = new Set(chunk.entities.map((entity) => entity.key));
  const named = terms.filter((term) => entities.has(term.key));
  return named.length > 0 ? named : terms;
}

function unanswerableCandidates(corpus: Corpus): Candidate[] {
  return corpus.chunks.map((chunk, index) => {
    const focus = namedTerms(chunk, corpus);
    const own = new Set(focus.map((term) => term.key));
    const partner = partnerOf(corpus, index);
    const related = partner ? namedTerms(partner, corpus).filter((term) => !own.has(term.key)) : [];
    return {
      chunkIds: [chunk.id],
      documentIds: [chunk.documentId],
      focus,
      score: 1,
      // Related terms, strongest first: shown to the model as a second subject.
      themes: related.sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1)).map((term) => term.text),
    };
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
