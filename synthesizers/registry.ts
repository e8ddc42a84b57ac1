import { UsageError } from '../src/errors.js';
import { multiHopAbstract } from './multi-hop-abstract.js';
import { multiHopSpecific } from './multi-hop-specific.js';
import { singleHopSpecific } from './single-hop-specific.js';
import { falsePremise } from './false-premise.js';
import type { Synthesizer } from './types.js';
import { unanswerable } from './unanswerable.js';

/** The built-in synthesizers, in the order mixes, plans and reports list them. */
export const BUILTIN_SYNTHESIZERS: readonly Synthesizer[] = [singleHopSpecific, multiHopSpecific, multiHopAbstract, unanswerable, falsePremise];

/** Checks a user registry: at least one synthesizer, and no name or alias used twice. */
export function checkRegistry(synthesizers: readonly Synthesizer[]): readonly Synthesizer[] {
  if (synthesizers.length === 0) throw new UsageError('no synthesizers registered', 'pass at least one synthesizer');
  const seen = new Map<string, string>();
  for (const synthesizer of synthesizers) {
    for (const label of [synthesizer.name, ...synthesizer.aliases]) {
      const key = label.toLowerCase().replace(/-/g, '_');
      const owner = seen.get(key);
      if (owner !== undefined) {
        throw new UsageError(`synthesizer name "${label}" is used by both ${owner} and ${synthesizer.name}`, 'give each synthesizer unique names and aliases');
      }
      seen.set(key, synthesizer.name);
    }
  }
  return synthesizers;
}
