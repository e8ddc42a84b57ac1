import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createRng } from '../../src/rng.js';
import { kmeans } from '../../synthesizers/kmeans.js';
import { parsePersonas } from '../../synthesizers/persona-file.js';
import type { ChunkFacts } from '../../synthesizers/corpus.js';
import { clusterPrompt, personaClusterCount, uniqueName } from '../../synthesizers/personas.js';

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
