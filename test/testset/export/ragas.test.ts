import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { exportRagas, RAGAS_COLUMNS, RagasSingleTurnSample, RagasTestsetRow, RagasTestsetSample } from '../../../src/testset/export/ragas.js';
import { falsePremise, multiHop, samples, singleHop } from '../fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-ragas-'));
});

const lines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

/** What `Testset.from_list` does with a row: pop synthesizer_name, the rest is a SingleTurnSample. */
function ragasFromListRow(row: Record<string, unknown>) {
  const { synthesizer_name, ...evalSample } = row;
  expect(typeof evalSample.user_input).toBe('string'); // a list would make it a MultiTurnSample
  return { synthesizer_name, eval_sample: RagasSingleTurnSample.parse(evalSample) };
}

describe('exportRagas', () => {
  it('writes Testset.to_list() rows that Testset.from_list and EvaluationDataset accept', async () => {
    const path = join(dir, 'ragas.jsonl');
    expect(await exportRagas(samples, path)).toEqual({ path, records: 3 });
    const rows = await lines(path);
    expect(rows).toHaveLength(3);
    for (const [i, row] of rows.entries()) {
      // Not reviewed, and no field of another question kind or a faithfulness pair.
      const absent = ['review_status', 'distractor_contexts', 'false_premise', 'unfaithful_answer', 'unsupported_statements'];
      expect(Object.keys(row)).toEqual(RAGAS_COLUMNS.filter((column) => !absent.includes(column)));
      RagasTestsetRow.parse(row);
      const sample = samples[i]!;
      expect(ragasFromListRow(row)).toEqual({
        synthesizer_name: sample.synthesizer_name,
        eval_sample: { user_input: sample.user_input, reference_contexts: sample.reference_contexts, reference: sample.reference },
      });
    }
    expect(rows[1]).toMatchObject({ persona_name: multiHop.persona_name, query_style: 'web_search_like', query_length: 'long' });
    // Our columns after Ragas' own: the verify stage's verdicts and the answer's supporting spans.
    expect(rows[0]).toMatchObject({ reference_spans: singleHop.reference_spans, verification: singleHop.verification });
    expect(rows[1]).toMatchObject({ reference_spans: null, verification: null });
    // Difficulty and ranks ride along as extra columns, so an evaluation can be sliced by them.
    expect(rows[1]).toMatchObject({ difficulty: 'hard', bm25_ranks: [4, 31], dense_ranks: [2, 27], lexical_overlap: 0.4615 });
    expect(rows[2]).toMatchObject({ difficulty: null, bm25_ranks: null });
  });

  it('carries a false-premise question\'s premise and contradicting span as an extra column', async () => {
    const path = join(dir, 'ragas.jsonl');
    await exportRagas([falsePremise], path);
    const [row] = await lines(path);
    expect(RagasTestsetRow.parse(row)).toMatchObject({ synthesizer_name: 'false_premise', difficulty: 'medium', false_premise: falsePremise.false_premise });
    expect(ragasFromListRow(row as Record<string, unknown>).eval_sample).toEqual({ user_input: falsePremise.user_input, reference_contexts: falsePremise.reference_contexts, reference: falsePremise.reference });
  });

  it('writes TestsetSample objects in the testset-sample shape', async () => {
    const path = join(dir, 'ragas.jsonl');
    await exportRagas(samples, path, { shape: 'testset-sample' });
    const strict = RagasTestsetSample.extend({ eval_sample: RagasSingleTurnSample.strict() }).strict();
    const rows = (await lines(path)).map((row) => strict.parse(row));
    expect(rows[1]).toEqual({
      eval_sample: { user_input: multiHop.user_input, reference_contexts: multiHop.reference_contexts, reference: multiHop.reference },
      synthesizer_name: multiHop.synthesizer_name,
    });
  });

  it('writes CSV with reference_contexts as a JSON list', async () => {
    const path = join(dir, 'ragas.csv');
    await exportRagas(samples, path);
    const records = parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([...RAGAS_COLUMNS]);
    expect(JSON.parse(records[1]!.reference_contexts!)).toEqual(multiHop.reference_contexts);
    expect(records[1]!.user_input).toBe(multiHop.user_input);
  });

  it('refuses nested records in CSV and unknown extensions', async () => {
    await expect(exportRagas(samples, join(dir, 'x.csv'), { shape: 'testset-sample' })).rejects.toBeInstanceOf(UsageError);
    await expect(exportRagas(samples, join(dir, 'x.parquet'))).rejects.toMatchObject({ hint: 'name the output file .jsonl or .csv' });
  });
});
