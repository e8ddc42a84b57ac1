import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createRng } from '../../src/rng.js';
import { kmeans } from '../../synthesizers/kmeans.js';
import { parsePersonas } from '../../synthesizers/persona-file.js';
import type { ChunkFacts } from '../../synthesizers/corpus.js';
import type { Corpus } from '../../synthesizers/corpus.js';
import { createTermFilter } from '../../src/hygiene/terms.js';
import { clusterPrompt, MAX_PERSONA_NAME, personaClusterCount, personasFromGraph, singleLine, uniqueName } from '../../synthesizers/personas.js';
import type { LlmClient, ObjectRequest, ObjectResult } from '../../src/llm/types.js';

const v = (...values: number[]) => Float32Array.from(values);

describe('kmeans', () => {
  const points = [v(1, 0, 0), v(0.9, 0.1, 0), v(0, 1, 0), v(0.1, 0.95, 0), v(0, 0, 1), v(0, 0.05, 1)];

  it('separates well-separated directions, numbering clusters by first member', () => {
    const { assignments, centroids } = kmeans(points, 3, createRng('k'));
    expect(assignments).toEqual([0, 0, 1, 1, 2, 2]);
    expect(centroids).toHaveLength(3);
    for (const centroid of centroids) expect(Math.hypot(...centroid)).toBeCloseTo(1, 5);
  });

  it('is deterministic for a seed and never makes more clusters than distinct points', () => {
    expect(kmeans(points, 3, createRng(7))).toEqual(kmeans(points, 3, createRng(7)));
    expect(kmeans([v(1, 0), v(1, 0), v(2, 0)], 3, createRng(1)).centroids).toHaveLength(1);
    expect(kmeans([], 3, createRng(1))).toEqual({ centroids: [], assignments: [] });
  });
});

describe('persona helpers', () => {
  it('uses fewer clusters for small graphs', () => {
    expect(personaClusterCount(5, 2)).toBe(1);
    expect(personaClusterCount(5, 7)).toBe(2);
    expect(personaClusterCount(5, 100)).toBe(5);
  });

  it('names a cluster by the phrases that set it apart, not by the boilerplate every page repeats', () => {
    const chunk = (id: string, keyphrases: string[]): ChunkFacts => ({
      id, documentId: id, summary: `Summary ${id}.`, entities: [], keyphrases, themes: [], vector: null,
    });
    const members = [
      chunk('a', ['see section', 'advisory locks']),
      chunk('b', ['see section', 'advisory locks', 'row locks']),
      chunk('c', ['see section', 'lock modes']),
    ];
    const everywhere = new Set(['see section']);
    const idf = (key: string) => (everywhere.has(key) ? 1 : 4);
    const input = clusterPrompt({ members, centroid: null }, [], idf);
    expect(input.keyphrases[0]).toBe('advisory locks');
    expect(input.keyphrases.at(-1)).toBe('see section');
  });

  it('suffixes taken names', () => {
    expect(uniqueName('Curator', [])).toBe('Curator');
    expect(uniqueName('Curator', ['curator'])).toBe('Curator (2)');
    expect(uniqueName('Curator', ['Curator', 'Curator (2)'])).toBe('Curator (3)');
  });
});

describe('personasFromGraph', () => {
  const directions = [v(1, 0, 0), v(0, 1, 0), v(0, 0, 1)];
  const chunks: ChunkFacts[] = Array.from({ length: 9 }, (_, i) => ({
    id: `c${i}`, documentId: `d${i}`, summary: `Summary ${i}.`, entities: [], keyphrases: [`topic ${i % 3}`], themes: [],
    vector: directions[i % 3] as Float32Array,
  }));
  const corpus: Corpus = {
    chunks, byId: new Map(chunks.map((c) => [c.id, c])), documentCount: 9, idf: () => 1,
    terms: createTermFilter([]), nearDuplicates: () => false,
  };

  /** A test double: answers after a short wait, records how many calls overlap and what each was told. */
  function stubLlm(answer: (prompt: string, call: number) => { name: string; role_description: string }) {
    let inFlight = 0;
    const seen = { maxInFlight: 0, prompts: [] as string[] };
    const llm = {
      chatModelId: 'stub', chatModelIdFor: () => 'stub', embeddingModelId: 'stub', provider: 'stub',
      async object<T>(request: ObjectRequest<T>): Promise<ObjectResult<T>> {
        const prompt = request.messages.map((m) => m.content).join('\n');
        const call = seen.prompts.push(prompt) - 1;
        seen.maxInFlight = Math.max(seen.maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return { ok: true, value: answer(prompt, call) as T, cached: false };
      },
      notes: [], lexicalEmbeddings: false,
      embed: async () => [], embedEach: async () => [], fitEmbeddings: () => undefined, estimateCostUsd: () => undefined, usage: () => ({ stages: {}, total: {} as never }),
    } satisfies LlmClient;
    return { llm, seen };
  }

  it('asks for every cluster at once, and keeps cluster order', async () => {
    const { llm, seen } = stubLlm((prompt) => ({ name: `Expert in ${/topic \d/.exec(prompt)?.[0]}`, role_description: 'Knows things.' }));
    const profiles = await personasFromGraph(corpus, llm, createRng(1), { count: 3 });
    expect(seen.maxInFlight).toBe(3);
    expect(profiles.map((p) => p.persona.name).sort()).toEqual(['Expert in topic 0', 'Expert in topic 1', 'Expert in topic 2']);
    const again = await personasFromGraph(corpus, stubLlm((prompt) => ({ name: `Expert in ${/topic \d/.exec(prompt)?.[0]}`, role_description: 'x' })).llm, createRng(1), { count: 3 });
    expect(again.map((p) => p.persona.name)).toEqual(profiles.map((p) => p.persona.name));
  });

  it('asks a cluster whose name is taken once more, told the taken names, then suffixes', async () => {
    const { llm, seen } = stubLlm((prompt) => (prompt.includes('Names already taken: (none)') ? { name: 'Historian', role_description: 'Reads.' } : { name: 'historian', role_description: 'Still reads.' }));
    const profiles = await personasFromGraph(corpus, llm, createRng(1), { count: 3 });
    expect(seen.prompts).toHaveLength(5);
    expect(seen.prompts.slice(3).every((prompt) => prompt.includes('Names already taken: "Historian"'))).toBe(true);
    expect(profiles.map((p) => p.persona.name)).toEqual(['Historian', 'historian (2)', 'historian (3)']);
  });

  it('puts model labels on one line, within a length cap', async () => {
    const { llm } = stubLlm((_prompt, call) => ({ name: `Museum\n  Curator ${call}\t`, role_description: `Looks after\r\nantiquities.${' More.'.repeat(200)}` }));
    const [first] = await personasFromGraph(corpus, llm, createRng(1), { count: 1 });
    expect(first?.persona.name).toBe('Museum Curator 0');
    expect(first?.persona.role_description).toMatch(/^Looks after antiquities\. More\./);
    expect(first?.persona.role_description).not.toMatch(/\n/);
    expect(first?.persona.role_description.endsWith('…')).toBe(true);
    expect(singleLine('word '.repeat(40), MAX_PERSONA_NAME).length).toBeLessThanOrEqual(MAX_PERSONA_NAME);
  });
});

describe('parsePersonas', () => {
  const curator = { name: 'Museum Curator', role_description: 'Looks after Egyptian antiquities and wants provenance facts.' };
  const student = { name: 'Linguistics Student', role_description: 'Studies ancient scripts and how they were deciphered.' };

  it('reads a JSON array, a {personas} object and JSONL', () => {
    expect(parsePersonas(JSON.stringify([curator, student]), 'p.json')).toEqual([curator, student]);
    expect(parsePersonas(JSON.stringify({ personas: [curator] }), 'p.json')).toEqual([curator]);
    expect(parsePersonas(`${JSON.stringify(curator)}\n\n${JSON.stringify(student)}\n`, 'p.jsonl')).toEqual([curator, student]);
  });

  it('rejects bad files with a usage error', () => {
    expect(() => parsePersonas('[]', 'p.json')).toThrow(UsageError);
    expect(() => parsePersonas(JSON.stringify([{ name: '', role_description: 'x' }]), 'p.json')).toThrow(/not a persona list/);
    expect(() => parsePersonas(`${JSON.stringify(curator)}\n{oops`, 'p.jsonl')).toThrow(/p\.jsonl:2/);
    expect(() => parsePersonas(JSON.stringify([curator, { ...student, name: 'museum curator' }]), 'p.json')).toThrow(/twice/);
  });
});
