import { describe, expect, it } from 'vitest';
import { coverage } from '../../src/report/coverage.js';
import { dimensions } from '../../src/report/dimensions.js';
import type { Sample } from '../../src/testset/sample.js';
import { multiHop, singleHop } from '../testset/fixtures.js';

/** Coverage and dimensions on the fixture samples: 3 contexts over 2 documents. */

const corpus = [
  { id: 'doc_0011223344556677', source: 'corpus/rosetta-stone.md', chunks: 4 },
  { id: 'doc_8899aabbccddeeff', source: 'corpus/champollion.md', chunks: 2 },
  { id: 'doc_ffff000011112222', source: 'corpus/thomas-young.txt', chunks: 3 },
];

describe('coverage', () => {
  it('counts documents and chunks used against the corpus, and names those never asked about', () => {
    const result = coverage([singleHop, multiHop], corpus);
    expect(result.documents).toEqual({ used: 2, total: 3 });
    // chunks: a1b2 (single), b2c3 + c3d4 (multi)
    expect(result.chunks).toEqual({ used: 3, total: 9 });
    expect(result.perDocument).toEqual([
      { id: 'doc_8899aabbccddeeff', source: 'corpus/champollion.md', samples: 1, chunksUsed: 1, chunks: 2 },
      { id: 'doc_0011223344556677', source: 'corpus/rosetta-stone.md', samples: 2, chunksUsed: 2, chunks: 4 },
      { id: 'doc_ffff000011112222', source: 'corpus/thomas-young.txt', samples: 0, chunksUsed: 0, chunks: 3 },
    ]);
    expect(result.contextsPerSample).toEqual({ '1': 1, '2': 1 });
  });

  it('counts a sample once per document even with two contexts from it', () => {
    const twice: Sample = { ...multiHop, provenance: multiHop.provenance.map((p) => ({ ...p, document_id: 'doc_0011223344556677', source: 'corpus/rosetta-stone.md' })) };
    const [rosetta] = coverage([twice], corpus).perDocument.filter((d) => d.source === 'corpus/rosetta-stone.md');
    expect(rosetta).toMatchObject({ samples: 1, chunksUsed: 2 });
  });

  it('knows only what the samples reference without the corpus', () => {
    const result = coverage([singleHop]);
    expect(result.documents).toEqual({ used: 1, total: null });
    expect(result.chunks).toEqual({ used: 1, total: null });
    expect(result.perDocument).toEqual([{ id: 'doc_0011223344556677', source: 'corpus/rosetta-stone.md', samples: 1, chunksUsed: 1, chunks: null }]);
  });
});

describe('dimensions', () => {
  it('puts the plan beside the counts, with labels the run offered but no sample got', () => {
    const result = dimensions([singleHop, multiHop, singleHop], {
      requested: { query_length: { short: 2, long: 1 } },
      offered: { persona_name: ['Museum visitor', 'Egyptology student', 'Curator'] },
    });
    const byField = Object.fromEntries(result.map((d) => [d.field, d.rows]));
    expect(byField.query_length).toEqual([
      { value: 'short', requested: 2, achieved: 2 },
      { value: 'long', requested: 1, achieved: 1 },
    ]);
    expect(byField.persona_name).toEqual([
      { value: 'Museum visitor', requested: null, achieved: 2 },
      { value: 'Egyptology student', requested: null, achieved: 1 },
      { value: 'Curator', requested: null, achieved: 0 },
    ]);
    expect(byField.hops).toEqual([
      { value: '1', requested: null, achieved: 2 },
      { value: '2', requested: null, achieved: 1 },
    ]);
  });

  it('finds labels other fields record: a text label, and the verdicts inside an object', () => {
    // A sample from before difficulty was recorded (the fixture has one).
    const { difficulty: _difficulty, retrieval: _retrieval, ...unlabelled } = singleHop;
    const labelled = [
      { ...singleHop, difficulty: 'hard', verification: { grounded: true, answerable: true, model: 'm', prompt_hash: 'p' } },
      { ...multiHop, difficulty: 'easy', verification: { grounded: false, answerable: true, model: 'm', prompt_hash: 'p' } },
      { ...unlabelled, verification: null, review: { status: 'rejected' as const, at: '2026-01-01T00:00:00Z', note: 'vague' } },
    ] as Sample[];
    const byField = Object.fromEntries(dimensions(labelled).map((d) => [d.field, d.rows.map((row) => [row.value, row.achieved])]));
    expect(byField.difficulty).toEqual([['hard', 1], ['easy', 1]]);
    expect(byField['verification.grounded']).toEqual([['true', 1], ['false', 1]]);
    expect(byField['verification.answerable']).toEqual([['true', 2]]);
    expect(byField['review.status']).toEqual([['rejected', 1]]);
    expect(Object.keys(byField)).not.toContain('verification.model');
    expect(Object.keys(byField)).not.toContain('review.note');
  });
});
