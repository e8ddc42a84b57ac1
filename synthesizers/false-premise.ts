import { oneChunkCandidates, oneTermScenario } from './single-hop-specific.js';
import type { Synthesizer } from './types.js';

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
  candidates: oneChunkCandidates,
  scenario: oneTermScenario,
};
