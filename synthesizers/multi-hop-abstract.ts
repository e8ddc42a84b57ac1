import type { GraphStore } from '../graph/store.js';
import type { ChunkFacts, Corpus } from './corpus.js';
import { groupThemes } from './focus.js';
import type { Candidate, Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * Two or three chunks linked by `similar` edges: a question that asks to synthesise or
 * compare what they say. Pairs come from the edges; chains of three from each chunk's
 * strongest neighbours (at most `NEIGHBOURS_PER_CHAIN` per chunk, so the count stays linear
 * in the graph). The bridge records the weakest link's score and the shared themes.
 */

const NEIGHBOURS_PER_CHAIN = 3;

function candidate(chunks: ChunkFacts[], score: number): Candidate {
  const { shared, terms } = groupThemes(chunks);
  return {
    chunkIds: chunks.map((chunk) => chunk.id),
    documentIds: [...new Set(chunks.map((chunk) => chunk.documentId))].sort(),
    focus: terms,
    score,
    themes: shared,
  };
}

async function similarCandidates(store: GraphStore, corpus: Corpus): Promise<Candidate[]> {
  const pairs: Candidate[] = [];
  const neighbours = new Map<string, { id: string; score: number }[]>();
  for await (const batch of store.scanRelationships({ kind: 'similar' })) {
    for (const relationship of batch) {
      if (relationship.kind !== 'similar') continue;
      const a = corpus.byId.get(relationship.source);
      const b = corpus.byId.get(relationship.target);
      if (!a || !b) continue;
      pairs.push(candidate([a, b], relationship.score));
      for (const [from, to] of [[a.id, b.id], [b.id, a.id]] as const) {
        const list = neighbours.get(from);
        if (list) list.push({ id: to, score: relationship.score });
        else neighbours.set(from, [{ id: to, score: relationship.score }]);
      }
    }
  }
  const chains = new Map<string, Candidate>();
  for (const middle of [...neighbours.keys()].sort()) {
    const strongest = (neighbours.get(middle) ?? [])
      .slice()
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
      .slice(0, NEIGHBOURS_PER_CHAIN);
    for (let i = 0; i < strongest.length; i++) {
      for (let j = i + 1; j < strongest.length; j++) {
        const [first, last] = [strongest[i], strongest[j]] as [{ id: string; score: number }, { id: string; score: number }];
        const key = [first.id, middle, last.id].sort().join('+');
        const score = Math.min(first.score, last.score);
        if ((chains.get(key)?.score ?? -Infinity) >= score) continue;
        const chunks = [first.id, middle, last.id].map((id) => corpus.byId.get(id) as ChunkFacts);
        chains.set(key, candidate(chunks, score));
      }
    }
  }
  return [...pairs, ...[...chains.keys()].sort().map((key) => chains.get(key) as Candidate)];
}

export const multiHopAbstract: Synthesizer = {
  name: 'multi_hop_abstract',
  aliases: ['multi_abstract', 'ma', 'abstract'],
  instructions: [
    'Write one broader question that asks to synthesise, compare or contrast what the contexts say about the focus theme;',
    'a good answer needs every context. The answer summarises the relevant points of each context and how they relate.',
  ].join(' '),
  candidates: similarCandidates,
  scenario: (candidate, rng, round) => {
    const order = weightedOrder(candidate.focus, (term) => term.weight, rng);
    const term = order[round % Math.max(1, order.length)];
    return {
      focus: term ? [term.text] : [],
      bridge: { type: 'similarity', score: candidate.score, themes: candidate.themes },
      bridgeTerms: candidate.themes,
    };
  },
};
