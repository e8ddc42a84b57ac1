import { z } from 'zod';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NoInputError, UsageError } from '../../src/errors.js';
import { readTestset } from '../../src/testset/read.js';
import { Sample } from '../../src/testset/sample.js';
import { inferTestsetFormat, SAMPLE_COLUMNS, serializeTestset, writeTestset } from '../../src/testset/write.js';
import { falsePremise, multiHop, samples, singleHop } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-io-'));
});

/** The same sample with its keys in reverse order: the writer must not care. */
function shuffledKeys(sample: Sample): Sample {
  return Object.fromEntries(Object.entries(sample).reverse()) as Sample;
}

describe('writeTestset / readTestset', () => {
  for (const format of ['jsonl', 'json', 'csv'] as const) {
    it(`round-trips every field through ${format}`, async () => {
      const path = join(dir, `testset.${format}`);
      // A false-premise question's object column too.
      const all = [...samples, falsePremise];
      await writeTestset(all, path);
      const { samples: read, errors } = await readTestset(path);
      expect(errors).toEqual([]);
      expect(read).toEqual(all);
    });

    it(`writes deterministic ${format} bytes in schema key order`, async () => {
      const a = join(dir, `a.${format}`);
      const b = join(dir, `b.${format}`);
      await writeTestset(samples, a);
      await writeTestset(samples.map(shuffledKeys), b);
      const text = await readFile(a, 'utf8');
      expect(await readFile(b, 'utf8')).toBe(text);
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r\n');
    });
  }

  it('keeps schema key order in JSONL', async () => {
    const path = join(dir, 't.jsonl');
    await writeTestset([shuffledKeys(singleHop)], path);
    const line = (await readFile(path, 'utf8')).trimEnd();
    // Optional fields left out (categories, review, the fields of other question kinds) leave no key behind.
    const optional = Object.entries(Sample.shape).filter(([, schema]) => schema instanceof z.ZodOptional).map(([key]) => key);
    expect(optional).toEqual(['categories', 'review', 'distractor_contexts', 'false_premise', 'unfaithful_answer', 'unsupported_statements']);
    expect(Object.keys(JSON.parse(line))).toEqual(Object.keys(Sample.shape).filter((key) => !optional.includes(key)));
  });

  it('round-trips a review in every format', async () => {
    const reviewed = { ...singleHop, categories: { question_type: 'yes_no', expertise: 'expert' }, review: { status: 'edited' as const, original: { user_input: 'q0', reference: 'a0' }, note: 'tightened', at: '2026-01-01T00:00:00.000Z' } };
    for (const format of ['jsonl', 'json', 'csv'] as const) {
      const path = join(dir, `reviewed.${format}`);
      await writeTestset([reviewed, singleHop], path);
      const { samples, errors } = await readTestset(path);
      expect(errors).toEqual([]);
      expect(samples).toEqual([reviewed, singleHop]);
    }
  });

  it('quotes CSV cells as RFC 4180 asks and encodes lists as JSON', () => {
    const csv = serializeTestset([multiHop], 'csv');
    const [header] = csv.split('\n');
    expect(header).toBe(SAMPLE_COLUMNS.join(','));
    // a quote inside a cell is doubled and the cell quoted
    expect(csv).toContain('"How did the stone, found near ""Rosetta"", lead');
    // lists are JSON inside one quoted cell; the newline in a context stays inside the quotes
    expect(csv).toContain('"[""French soldiers found');
    expect(csv).toContain('to the Académie,\\nexplaining');
    expect(csv).toContain(',2,"{""type"":""entities""');
  });

  it('lets the format override the extension and refuses unknown extensions', async () => {
    const path = join(dir, 'testset.txt');
    await writeTestset([singleHop], path, 'jsonl');
    expect((await readTestset(path, 'jsonl')).samples).toEqual([singleHop]);
    await expect(writeTestset([singleHop], join(dir, 'x.txt'))).rejects.toBeInstanceOf(UsageError);
    expect(inferTestsetFormat('/a/B.NDJSON')).toBe('jsonl');
  });

  it('replaces the file atomically and leaves no temporary files', async () => {
    const path = join(dir, 'nested', 'deeper', 't.jsonl');
    await writeTestset(samples, path);
    await writeTestset([singleHop], path);
    expect(await readdir(join(dir, 'nested', 'deeper'))).toEqual(['t.jsonl']);
    expect((await readTestset(path)).samples).toEqual([singleHop]);
  });

  it('rejects a sample that breaks the schema instead of writing it', async () => {
    const broken = { ...singleHop, reference_contexts: [] };
    await expect(writeTestset([broken], join(dir, 'bad.jsonl'))).rejects.toThrow(/reference_contexts/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a missing file as NoInputError', async () => {
    await expect(readTestset(join(dir, 'missing.jsonl'))).rejects.toBeInstanceOf(NoInputError);
  });
});

describe('readTestset reports bad records by line and keeps the rest', () => {
  it('in JSONL', async () => {
    const path = join(dir, 't.jsonl');
    const lines = [
      JSON.stringify(singleHop),
      '',
      '{"id": "smp_broken", "user_input": ',
      JSON.stringify({ ...multiHop, hops: 0 }),
      JSON.stringify(multiHop),
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    const { samples: read, errors } = await readTestset(path);
    expect(read.map((s) => s.id)).toEqual([singleHop.id, multiHop.id]);
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0]?.reason).toMatch(/^not valid JSON/);
    expect(errors[1]?.reason).toMatch(/^hops: /);
  });

  it('in JSON, naming the line each element starts on', async () => {
    const path = join(dir, 't.json');
    await writeTestset(samples, path);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(`"id": "${multiHop.id}"`, '"id": 7'));
    const { samples: read, errors } = await readTestset(path);
    expect(read).toHaveLength(2);
    const expectedLine = text.split('\n').findIndex((l) => l.includes(`"id": "${multiHop.id}"`));
    // the element's `{` sits on the line before its first key
    expect(errors).toEqual([{ line: expectedLine, reason: expect.stringMatching(/^id: /) }]);
  });

  it('in JSON that does not parse at all', async () => {
    const path = join(dir, 't.json');
    await writeFile(path, '[\n  {"id": 1},\n  {"id": 2\n]\n');
    const { samples: read, errors } = await readTestset(path);
    expect(read).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.reason).toMatch(/^not valid JSON/);
    expect(errors[0]?.line).toBe(4);
  });

  it('in CSV, counting lines inside quoted multi-line cells exactly (LF and CRLF)', async () => {
    // csv-parse counts a `\r` inside a quoted cell as a line, so a CRLF inside a cell is the hard case
    const twoLines: Sample = { ...multiHop, reference: 'Soldiers found it in 1799.\r\nChampollion read it in 1822.' };
    const header = serializeTestset([], 'csv').trimEnd();
    const record = (sample: Sample) => serializeTestset([sample], 'csv').slice(header.length + 1).replace(/\n$/, '');
    const badHops = record(singleHop).replace(',1,null,', ',one,null,');
    for (const eol of ['\n', '\r\n']) {
      const path = join(dir, `t${eol.length}.csv`);
      // records start on lines 2 (spanning 2-3), then a blank line 4, then 5 and 6
      await writeFile(path, [header, record(twoLines), '', badHops, record(twoLines)].join(eol) + eol);
      const { samples: read, errors } = await readTestset(path);
      expect(read).toEqual([twoLines, twoLines]);
      expect(errors).toEqual([{ line: 5, reason: expect.stringMatching(/^hops: /) }]);
    }
  });

  it('CSV: formula-like text is escaped in the file and read back exactly', async () => {
    const path = join(dir, 'formulas.csv');
    const tricky = ['=1+1', '+x', '-y', '@z', '\tt', '\rr', "'=q", "''@r", "'plain", 'plain'];
    const written = tricky.map((text, i) => ({ ...singleHop, id: `smp_${i}`, user_input: text, reference: text }));
    await writeTestset(written, path);
    const text = await readFile(path, 'utf8');
    expect(text).toContain("'=1+1");
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    const { samples: read, errors } = await readTestset(path);
    expect(errors).toEqual([]);
    expect(read.map((s) => s.user_input)).toEqual(tricky);
  });

  it('in CSV with a broken quote', async () => {
    const path = join(dir, 't.csv');
    const csv = serializeTestset([singleHop], 'csv');
    await writeFile(path, `${csv}"smp_x"oops,\n`);
    const { samples: read, errors } = await readTestset(path);
    expect(read).toEqual([singleHop]);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.reason).toMatch(/^not valid CSV/);
  });
});
