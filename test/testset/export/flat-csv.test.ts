import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportFlatCsv, FLAT_CSV_COLUMNS } from '../../../src/testset/export/flat-csv.js';
import { abstractHop, multiHop, samples, singleHop } from '../fixtures.js';

describe('exportFlatCsv', () => {
  it('writes one flat row per sample with lists as JSON and bridges spread over columns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragset-flat-'));
    const path = join(dir, 'flat.csv');
    expect(await exportFlatCsv(samples, path)).toEqual({ path, records: 3 });
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(FLAT_CSV_COLUMNS.join(','));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(samples.map((s) => s.id));

    const [single, multi, abstract] = rows;
    expect(single).toMatchObject({ hops: '1', bridge_type: '', bridge_entities: '[]', bridge_score: '', sources: '["corpus/rosetta-stone.md"]' });
    expect(JSON.parse(single!.offsets!)).toEqual([[singleHop.provenance[0]!.start, singleHop.provenance[0]!.end]]);
    const span = singleHop.reference_spans![0]!;
    expect(JSON.parse(single!.reference_spans!)).toEqual([[span.document_id, span.start, span.end]]);
    expect(single!.verified_by).toBe('gpt-4o-mini');
    expect(multi).toMatchObject({ reference_spans: '[]', verified_by: '' });
    expect(multi).toMatchObject({ bridge_type: 'entities', bridge_entities: '["Rosetta Stone","Champollion"]', model: 'gpt-4o-mini', seed: 'seed-42' });
    expect(JSON.parse(multi!.reference_contexts!)).toEqual(multiHop.reference_contexts);
    expect(JSON.parse(multi!.document_ids!)).toEqual(multiHop.provenance.map((p) => p.document_id));
    expect(abstract).toMatchObject({ bridge_type: 'similarity', bridge_score: '0.83', bridge_themes: '["decipherment","bilingual texts"]' });
    expect(abstract!.user_input).toBe(abstractHop.user_input);
  });

  it('neutralises cells a spreadsheet would evaluate, unless asked not to', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragset-flat-'));
    const hostile = [
      { ...singleHop, user_input: '=HYPERLINK("http://evil.example","click")', reference: '-2+3', persona_name: '@SUM(A1)' },
      { ...multiHop, user_input: '+1 555 0100', reference: '\tTAB', persona_name: "'=already quoted" },
    ];
    const path = join(dir, 'safe.csv');
    await exportFlatCsv(hostile, path);
    const rows = parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.user_input, r.reference, r.persona_name])).toEqual([
      ['\'=HYPERLINK("http://evil.example","click")', "'-2+3", "'@SUM(A1)"],
      ["'+1 555 0100", "'\tTAB", "''=already quoted"],
    ]);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const raw = join(dir, 'raw.csv');
    await exportFlatCsv(hostile, raw, { escapeFormulas: false });
    const rawRows = parse(await readFile(raw, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rawRows[0]?.user_input).toBe(hostile[0]?.user_input);
  });
});
