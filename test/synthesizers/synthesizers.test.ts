import { beforeEach, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../graph/store.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { createRng } from '../../src/rng.js';
import { loadCorpus, type ChunkFacts, type Corpus } from '../../synthesizers/corpus.js';
import { multiHopAbstract } from '../../synthesizers/multi-hop-abstract.js';
import { multiHopSpecific } from '../../synthesizers/multi-hop-specific.js';
import { matchPersona } from '../../synthesizers/persona-match.js';
import { singleHopSpecific } from '../../synthesizers/single-hop-specific.js';
import { scenarioStream, sourceOver, spreadAcrossDocuments } from '../../synthesizers/stream.js';
import type { Candidate } from '../../synthesizers/types.js';
import { handGraph, type HandGraph } from './hand-graph.js';

let graph: HandGraph;
let store: GraphStore;
let corpus: Corpus;

beforeEach(async () => {
  graph = handGraph();
  store = createMemoryStore();
  await store.upsertNodes([...graph.documents, ...graph.chunks]);
  await store.upsertRelationships(graph.relationships);
  corpus = await loadCorpus(store, { minTokens: 10 });
});

const chunkOf = (id: string) => graph.chunks.find((chunk) => chunk.id === id);
const factsWith = (test: (chunk: ChunkFacts) => boolean): ChunkFacts => {
  const found = corpus.chunks.find(test);
  if (!found) throw new Error('no such chunk in the hand graph');
  return found;
};

describe('corpus', () => {
  it('keeps extracted chunks above the token floor, in id order, with idf over documents', () => {
    expect(corpus.chunks.map((c) => c.id)).toEqual(graph.chunks.filter((c) => c.text !== 'Short note.').map((c) => c.id).sort());
    expect(corpus.documentCount).toBe(3);
    // In all three documents vs in one.
    expect(corpus.idf('rosetta stone')).toBeLessThan(corpus.idf('louvre'));
    expect(corpus.idf('rosetta stone')).toBeCloseTo(1);
  });
});

describe('single_hop_specific', () => {
  it('offers every usable chunk with its entities and key phrases as focus', async () => {
    const candidates = await singleHopSpecific.candidates(store, corpus);
    expect(candidates).toHaveLength(5);
    const first = candidates[0] as Candidate;
    expect(first.chunkIds).toHaveLength(1);
    expect(first.focus.length).toBe((chunkOf(first.chunkIds[0] as string)?.entities.length ?? 0) + 2);
  });

  it('gives each round of a candidate a different focus, the same for the same rng', async () => {
    const [candidate] = await singleHopSpecific.candidates(store, corpus);
    const focus = (round: number, seed = 'a') => singleHopSpecific.scenario(candidate as Candidate, createRng(seed), round).focus[0];
    const all = [0, 1, 2, 3, 4].map((round) => focus(round));
    expect(new Set(all).size).toBe(5);
    expect(focus(2)).toBe(all[2]);
  });

  it('chooses boilerplate terms less often', async () => {
    const candidates = await singleHopSpecific.candidates(store, corpus);
    const champollion = candidates.find((c) => c.focus.some((t) => t.key === 'jean-françois champollion' ) && c.focus.some((t) => t.key === 'rosetta stone')) as Candidate;
    const rng = createRng('weights');
    const firsts = Array.from({ length: 400 }, (_, i) => singleHopSpecific.scenario(champollion, rng.fork(String(i)), 0).focus[0]);
    // Uniform would be 1/5 each; the stone is in every document, cartouches in one.
    expect(firsts.filter((f) => f === 'Rosetta Stone').length).toBeLessThan(400 * 0.14);
    expect(firsts.filter((f) => f === 'cartouches').length).toBeGreaterThan(400 * 0.22);
  });
});

describe('multi_hop_specific', () => {
  it('pairs chunks over shares_entities and bridges through an entity both mention', async () => {
    const candidates = await multiHopSpecific.candidates(store, corpus);
    expect(candidates.length).toBe(graph.relationships.filter((r) => r.kind === 'shares_entities').length);
    for (const candidate of candidates) {
      const [a, b] = candidate.chunkIds.map(chunkOf);
      for (const round of [0, 1]) {
        const scenario = multiHopSpecific.scenario(candidate, createRng(round), round);
        expect(scenario.bridge?.type).toBe('entities');
        const keys = scenario.bridge?.type === 'entities' ? scenario.bridge.entities : [];
        for (const key of keys) {
          expect(a?.entities.some((e) => e.key === key)).toBe(true);
          expect(b?.entities.some((e) => e.key === key)).toBe(true);
        }
      }
    }
  });

  it('finds nothing in a graph without shared entities', async () => {
    await store.deleteRelationships('shares_entities');
    expect(await multiHopSpecific.candidates(store, corpus)).toEqual([]);
  });
});

describe('multi_hop_abstract', () => {
  it('offers similar pairs and chains of three with shared themes', async () => {
    const candidates = await multiHopAbstract.candidates(store, corpus);
    const pairs = candidates.filter((c) => c.chunkIds.length === 2);
    const chains = candidates.filter((c) => c.chunkIds.length === 3);
    expect(pairs.length).toBe(graph.relationships.filter((r) => r.kind === 'similar').length);
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) expect(new Set(chain.chunkIds).size).toBe(3);
    const scenario = multiHopAbstract.scenario(candidates[0] as Candidate, createRng(1), 0);
    expect(scenario.bridge).toMatchObject({ type: 'similarity', score: (candidates[0] as Candidate).score });
  });
});

describe('scenario streams', () => {
  it('visits documents round-robin, cross-document groups first', async () => {
    const singles = await singleHopSpecific.candidates(store, corpus);
    const order = spreadAcrossDocuments(singles, createRng(3));
    const firstThree = new Set(order.slice(0, 3).map((c) => c.documentIds[0]));
    expect(firstThree.size).toBe(3);
    const pairs = await multiHopSpecific.candidates(store, corpus);
    const pairOrder = spreadAcrossDocuments(pairs, createRng(3));
    const crossCount = pairs.filter((c) => c.documentIds.length > 1).length;
    expect(pairOrder.slice(0, crossCount).every((c) => c.documentIds.length > 1)).toBe(true);
  });

  it('draws strongly linked candidates first, within and across document groups', () => {
    const pair = (a: string, b: string, score: number): Candidate => ({
      chunkIds: [`${a}-chunk`, `${b}-chunk-${score}`],
      documentIds: [a, b],
      focus: [],
      score,
      themes: [],
    });
    const weak = Array.from({ length: 40 }, (_, i) => pair(`d${String(i).padStart(2, '0')}`, 'z', 0.02));
    const strongGroup = [pair('s', 'z', 0.02), pair('s', 'z', 0.9)];
    let strongFirst = 0;
    for (let seed = 0; seed < 50; seed++) {
      const order = spreadAcrossDocuments([...weak, ...strongGroup], createRng(seed));
      if (order[0]?.score === 0.9) strongFirst++;
    }
    // Uniform shuffling puts it first about once in 41 draws, never in most of 50 seeds.
    expect(strongFirst).toBeGreaterThan(40);
  });

  it('yields each candidate once per round until its focus terms run out', async () => {
    const singles = await singleHopSpecific.candidates(store, corpus);
    const personas = [{ persona: { name: 'Egyptologist', role_description: 'Studies ancient Egypt.' }, centroid: null }];
    const stream = scenarioStream(singleHopSpecific, singles, { corpus, personas, rng: createRng(5) });
    const total = singles.reduce((sum, c) => sum + c.focus.length, 0);
    expect(stream.length).toBe(total);
    const source = sourceOver(stream, Array.from({ length: total }, (_, i) => i));
    expect(source.remaining()).toBe(total);
    const seen: string[] = [];
    for (let scenario = source.next({ style: 'misspelled', length: 'short', difficulty: null, categories: [] }); scenario; scenario = source.next({ style: 'misspelled', length: 'short', difficulty: null, categories: [] })) {
      seen.push(`${scenario.chunkIds[0]}|${scenario.focus[0]}`);
      expect(scenario.style).toBe('misspelled');
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(new Set(seen.slice(0, 5).map((s) => s.split('|')[0])).size).toBe(5);
  });
});

describe('matchPersona', () => {
  const curator = { name: 'Museum Curator', role_description: 'Manages the Louvre collection and exhibitions of Egyptian objects.' };
  const linguist = { name: 'Historical Linguist', role_description: 'Studies Demotic, cartouches and phonetic values of scripts.' };

  it('picks the persona whose centroid is nearest the chunks', () => {
    const profiles = [
      { persona: curator, centroid: Float32Array.from([1, 0, 0]) },
      { persona: linguist, centroid: Float32Array.from([0, 1, 0]) },
    ];
    const discovery = factsWith((c) => c.keyphrases.includes('Egyptian campaign'));
    expect(matchPersona(profiles, [discovery], createRng(1))).toEqual(curator);
    const cartouches = factsWith((c) => c.keyphrases.includes('cartouches'));
    expect(matchPersona(profiles, [cartouches], createRng(1))).toEqual(linguist);
  });

  it('falls back to word overlap for personas without centroids', () => {
    const profiles = [
      { persona: curator, centroid: null },
      { persona: linguist, centroid: null },
    ];
    const louvre = factsWith((c) => c.entities.some((e) => e.key === 'louvre'));
    const demotic = factsWith((c) => c.keyphrases.includes('Demotic text'));
    expect(matchPersona(profiles, [louvre], createRng(1))).toEqual(curator);
    expect(matchPersona(profiles, [demotic], createRng(1))).toEqual(linguist);
  });
});
