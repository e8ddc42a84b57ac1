import { describe, expect, it } from 'vitest';
import { documentSummary } from '../../graph/builder/document-summary.js';
import { EXTRACT_PROMPT_HASH, extractMessages, normaliseExtraction } from '../../graph/builder/extract.js';
import { mapInOrder } from '../../src/ordered-pool.js';
import { childRelationships, nextRelationships } from '../../graph/builder/structure.js';
import type { ChunkNode } from '../../graph/model.js';

function chunk(id: string, documentId: string, ordinal: number): ChunkNode {
  return {
    id, kind: 'chunk', documentId, ordinal, start: 0, end: 0, text: '', tokens: 0, headings: [], status: 'pending',
    summary: '', headlines: [], keyphrases: [], entities: [], themes: [], embedding: null, summaryEmbedding: null,
  };
}

describe('extraction prompt', () => {
  it('renders title, heading path and passage once, without re-substituting placeholders in the text', () => {
    const [system, user] = extractMessages({
      title: 'Apollo 11',
      headings: ['Apollo 11', 'The landing'],
      text: 'Eagle landed in the Sea of Tranquility. {{title}} stays literal.',
    });
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('"entities"');
    expect(user?.content).toContain('Document title: "Apollo 11"');
    expect(user?.content).toContain('Section: "Apollo 11" > "The landing"');
    expect(user?.content).toContain('{{title}} stays literal.');
  });

  it('marks a document without headings and has a stable template hash', () => {
    const [, user] = extractMessages({ title: 'Edwin Hubble', headings: [], text: 'Edwin Hubble worked at Mount Wilson.' });
    expect(user?.content).toContain('Section: (none)');
    expect(EXTRACT_PROMPT_HASH).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('normaliseExtraction', () => {
  it('trims, dedupes case-insensitively, drops empties and caps every list', () => {
    const result = normaliseExtraction(
      {
        summary: '  Apollo 11 landed\n on the Moon.  ',
        headlines: ['Landing', 'landing ', '', 'Return', 'Crew', 'Samples', 'Quarantine', 'Extra'],
        keyphrases: Array.from({ length: 14 }, (_, i) => `phrase ${i}`),
        entities: [
          { name: ' Neil  Armstrong ', type: 'Person' },
          { name: 'neil armstrong', type: 'PERSON' },
          { name: 'NASA', type: 'organisation' },
          { name: '  ', type: 'OTHER' },
          ...Array.from({ length: 20 }, (_, i) => ({ name: `Crater ${i}`, type: 'place' })),
        ],
        themes: ['space race', 'Space Race', 'lunar science'],
      },
      ['Apollo 11'],
    );
    expect(result.summary).toBe('Apollo 11 landed on the Moon.');
    expect(result.headlines).toEqual(['Landing', 'Return', 'Crew', 'Samples', 'Quarantine']);
    expect(result.keyphrases).toHaveLength(10);
    expect(result.entities).toHaveLength(15);
    expect(result.entities.slice(0, 3)).toEqual([
      { name: 'Neil Armstrong', type: 'PERSON' },
      { name: 'NASA', type: 'ORGANIZATION' },
      { name: 'Crater 0', type: 'LOCATION' },
    ]);
    expect(result.themes).toEqual(['space race', 'lunar science']);
  });

  it('falls back to the heading path, innermost first, when the model gives no headlines', () => {
    const base = { summary: 's', headlines: [], keyphrases: [], entities: [], themes: [] };
    expect(normaliseExtraction(base, ['Apollo 11', 'The landing']).headlines).toEqual(['The landing', 'Apollo 11']);
    expect(normaliseExtraction(base, []).headlines).toEqual([]);
  });
});

describe('documentSummary', () => {
  it('keeps a single chunk summary whole and joins first sentences of several', () => {
    expect(documentSummary(['Hubble orbits the Earth. It was launched in 1990.'])).toBe(
      'Hubble orbits the Earth. It was launched in 1990.',
    );
    expect(
      documentSummary(['The mirror is 2.4 metres wide. It was flawed.', '', 'Astronauts fixed it in 1993. COSTAR helped.']),
    ).toBe('The mirror is 2.4 metres wide. Astronauts fixed it in 1993.');
    expect(documentSummary([])).toBe('');
  });

  it('respects the length budget', () => {
    const long = `${'Saturn V rockets flew thirteen times '.repeat(40)}.`;
    const summary = documentSummary([long], 120);
    expect(summary.length).toBeLessThanOrEqual(120);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('mapInOrder', () => {
  it('applies results in item order whatever order calls finish in, with bounded concurrency', async () => {
    let running = 0;
    let peak = 0;
    const applied: number[] = [];
    await mapInOrder(
      [5, 1, 4, 2, 3],
      { width: 2 },
      async (ms) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, ms * 3));
        running--;
        return ms;
      },
      (result) => {
        applied.push(result);
      },
    );
    expect(applied).toEqual([5, 1, 4, 2, 3]);
    expect(peak).toBe(2);
  });

  it('keeps every slot busy while the oldest call is slow, and still applies in item order', async () => {
    const started: number[] = [];
    const applied: number[] = [];
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const run = mapInOrder(
      Array.from({ length: 12 }, (_, i) => i),
      { width: 3 },
      async (n) => {
        started.push(n);
        // Item 0 hangs until every other item has been started and has finished.
        if (n === 0) await slow;
        else await new Promise((resolve) => setTimeout(resolve, 2));
        if (started.length === 12 && n === 11) releaseSlow();
        return n;
      },
      (n) => {
        applied.push(n);
      },
    );
    await run;
    expect(started).toHaveLength(12);
    expect(applied).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('starts no more than `window` items past the oldest unapplied one, and runs items appended by apply', async () => {
    const items = [0, 1, 2, 3, 4, 5];
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const started: number[] = [];
    const applied: number[] = [];
    const run = mapInOrder(
      items,
      { width: 2, window: 3 },
      async (n) => {
        started.push(n);
        if (n === 0) await slow;
        return n;
      },
      (n) => {
        applied.push(n);
        if (n === 1) items.push(100);
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toEqual([0, 1, 2]);
    releaseSlow();
    await run;
    expect(applied).toEqual([0, 1, 2, 3, 4, 5, 100]);
  });

  it('on abort starts nothing new, applies what is in flight, then throws', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const applied: number[] = [];
    const run = mapInOrder(
      [1, 2, 3, 4, 5, 6],
      { width: 2, signal: controller.signal },
      async (n) => {
        started.push(n);
        if (n === 2) controller.abort(new Error('stop'));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return n;
      },
      (n) => {
        applied.push(n);
      },
    );
    await expect(run).rejects.toThrow('stop');
    expect(started).toEqual([1, 2]);
    expect(applied).toEqual([1, 2]);
  });
});

describe('child and next relationships', () => {
  it('links each document to its chunks and chunks in ordinal order', () => {
    const chunks = [chunk('c3', 'd1', 2), chunk('c1', 'd1', 0), chunk('c2', 'd1', 1), chunk('c9', 'd2', 0)];
    expect(childRelationships(chunks)).toHaveLength(4);
    expect(nextRelationships(chunks)).toEqual([
      { kind: 'next', source: 'c1', target: 'c2' },
      { kind: 'next', source: 'c2', target: 'c3' },
    ]);
  });
});
