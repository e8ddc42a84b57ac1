import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';
import { QUERY_LENGTHS, QUERY_STYLES } from '../../synthesizers/query-style.js';
import { exportFlatCsv } from '../../src/testset/export/flat-csv.js';
import { toFineTuneRecords } from '../../src/testset/export/fine-tune.js';
import { planLangSmithExport } from '../../src/testset/export/langsmith-plan.js';
import { toRagasRow, toRagasTestsetSample } from '../../src/testset/export/ragas.js';
import { singleHop } from '../testset/fixtures.js';

/**
 * docs/exports.md shows what the program writes: its example sample uses values ragset
 * produces, and every export example is the exporter's real output for that sample (exact
 * where the doc prints it whole, same keys in the same order where it abbreviates with "…").
 */
const doc = readFileSync('docs/exports.md', 'utf8');
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, text: (m[2] as string).trim() }));
const jsonBlocks = blocks.filter((b) => b.lang === 'json').map((b) => JSON.parse(b.text) as Record<string, unknown>);
const find = (test: (block: Record<string, unknown>) => boolean) => {
  const found = jsonBlocks.find(test);
  expect(found).toBeDefined();
  return found as Record<string, unknown>;
};
/** The keys a block shows, in order, without the "…" that stands for the rest. */
const keysOf = (value: unknown) => Object.keys(value as object).filter((key) => key !== '…');

describe('docs/exports.md', () => {
  it('its sample uses the names, labels and ids ragset writes', () => {
    const sample = find((block) => block.id === singleHop.id);
    expect(BUILTIN_SYNTHESIZERS.map((s) => s.name)).toContain(sample.synthesizer_name);
    expect(Object.keys(QUERY_STYLES)).toContain(sample.query_style);
    expect(Object.keys(QUERY_LENGTHS)).toContain(sample.query_length);
    const provenance = (sample.provenance as { chunk_id: string; document_id: string }[])[0];
    expect(provenance?.chunk_id).toMatch(/^chunk_[0-9a-f]{16}$/);
    expect(provenance?.document_id).toMatch(/^doc_[0-9a-f]{16}$/);
    for (const key of keysOf(sample)) expect(sample[key], key).toEqual((singleHop as unknown as Record<string, unknown>)[key]);
  });

  it('the Ragas rows are the exporter output', () => {
    expect(find((block) => 'lexical_overlap' in block && !('id' in block))).toEqual(toRagasRow(singleHop));
    const shaped = find((block) => 'eval_sample' in block);
    const real = toRagasTestsetSample(singleHop) as unknown as Record<string, unknown>;
    expect(keysOf(shaped)).toEqual(Object.keys(real));
    expect(keysOf(shaped.eval_sample)).toEqual(Object.keys(real.eval_sample as object));
  });

  it('the fine-tuning records are the exporter output', () => {
    expect(find((block) => 'messages' in block)).toEqual(toFineTuneRecords([singleHop], { format: 'openai' })[0]);
    expect(find((block) => 'instruction' in block)).toEqual(toFineTuneRecords([singleHop], { format: 'alpaca', contexts: true })[0]);
    expect(keysOf(find((block) => 'conversations' in block))).toEqual(Object.keys(toFineTuneRecords([singleHop], { format: 'sharegpt' })[0] as object));
  });

  it('the LangSmith example has the fields the plan sends', () => {
    const shown = find((block) => 'inputs' in block);
    const real = planLangSmithExport([singleHop], { dataset: 'hieroglyphs-eval', split: 'test' }).examples[0] as unknown as Record<string, Record<string, unknown>>;
    expect(keysOf(shown)).toEqual(Object.keys(real));
    expect(shown.inputs).toEqual(real.inputs);
    expect(shown.outputs).toEqual(real.outputs);
    expect(keysOf(shown.metadata)).toEqual(Object.keys(real.metadata as object));
  });

  it('the flat CSV is the exporter output', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ragset-doc-')), 'flat.csv');
    await exportFlatCsv([singleHop], path);
    const csv = blocks.find((b) => b.lang === 'csv');
    expect(`${csv?.text}\n`).toBe(readFileSync(path, 'utf8'));
  });
});
