import { fnv1a } from '../../src/hash.js';
import { passageResponder } from '../graph/build-fixture.js';
import type { ChatResponder } from '../support/fake-openai.js';

/**
 * Sample answers that fail and repeat for some scenarios (decided by the prompt alone, as a
 * real model's quirks would be), so sharded runs must replace samples and drop
 * near-duplicates exactly as one process does.
 */
export const quirkyResponder: ChatResponder = (request, defaultAnswer) => {
  if (request.schemaName !== 'sample') return passageResponder(request, defaultAnswer);
  // Decided by the contexts alone (from the boundary code on), so personas the fake server names differently do not move it.
  const contexts = request.userText.slice(Math.max(0, request.userText.indexOf('Boundary code:')));
  const quirk = fnv1a(contexts) % 5;
  if (quirk === 0) return { question: '', answer: '' };
  // The same question every time (and one that names no source text, so the verify stage's pre-check keeps it).
  if (quirk === 1) return { question: 'Which single fact matters most?', answer: 'One fact matters most.' };
  return undefined;
};

/** 14 samples in blocks of 4: blocks [0,4) [4,8) [8,12) [12,14); three slices of 1, 1 and 2 blocks (4, 4 and 6 samples). */
export const SHARD_FLAGS = ['-n', '14', '--seed', '5', '--block-size', '4', '--max-tokens', '160', '--overlap', '0', '--similar-min-score', '0.2'];
