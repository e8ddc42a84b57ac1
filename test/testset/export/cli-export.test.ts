import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { exampleIdFor } from '../../../src/testset/export/langsmith-plan.js';
import { writeTestset } from '../../../src/testset/write.js';
import { startFakeLangSmith } from '../../support/fake-langsmith.js';
import type { Sample } from '../../../src/testset/sample.js';
import { samples, singleHop } from '../fixtures.js';
import { captureOutput, type CapturedOutput } from '../../support/run-cli.js';

/** `ragset export …` end to end through the CLI entry, with stdout and stderr captured. */

let dir: string;
let testset: string;
let output: CapturedOutput;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-cli-export-'));
  testset = join(dir, 'testset.jsonl');
  await writeTestset(samples, testset);
  output = captureOutput();
  for (const name of ['LANGSMITH_API_KEY', 'LANGSMITH_ENDPOINT', 'LANGSMITH_WORKSPACE_ID']) vi.stubEnv(name, '');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('ragset export', () => {
  it('leaves out samples rejected in review unless --include-rejected, and carries the review status', async () => {
    const at = '2026-12-01T00:00:00.000Z';
    const [first, second, third] = samples as [Sample, Sample, Sample];
    await writeTestset([{ ...first, review: { status: 'accepted', at } }, { ...second, review: { status: 'rejected', note: 'off topic', at } }, third], testset);
    const ragas = join(dir, 'ragas.jsonl');
    expect(await main(['export', 'ragas', testset, '-o', ragas])).toBe(0);
    const rows = (await readFile(ragas, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { user_input: string; review_status?: string });
    expect(rows.map((row) => [row.user_input, row.review_status])).toEqual([[first.user_input, 'accepted'], [third.user_input, undefined]]);

    const csv = join(dir, 'flat.csv');
    expect(await main(['export', 'csv', testset, '-o', csv, '--include-rejected'])).toBe(0);
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]?.endsWith(',review_status,review_note')).toBe(true);
    expect(text).toContain(',rejected,off topic\n');

    expect(await main(['export', 'langsmith', testset, '--dataset', 'eval', '--dry-run'])).toBe(0);
    const plan = JSON.parse(output.stdout.slice(output.stdout.indexOf('{'))) as { examples: { metadata: { sample_id: string; review?: { status: string } } }[] };
    expect(plan.examples.map((example) => [example.metadata.sample_id, example.metadata.review?.status])).toEqual([[first.id, 'accepted'], [third.id, undefined]]);
  });

  it('ragas writes the file and says how many records', async () => {
    const out = join(dir, 'ragas.jsonl');
    expect(await main(['export', 'ragas', testset, '-o', out])).toBe(0);
    expect(output.stdout).toBe(`wrote 3 Ragas records to ${out}\n`);
    expect((await readFile(out, 'utf8')).trimEnd().split('\n')).toHaveLength(3);
  });

  it('openai --no-contexts --system-prompt "" --json', async () => {
    const out = join(dir, 'ft.jsonl');
    expect(await main(['export', 'openai', testset, '-o', out, '--no-contexts', '--system-prompt', '', '--json'])).toBe(0);
    expect(JSON.parse(output.stdout)).toEqual({ path: out, records: 3 });
    const first = JSON.parse((await readFile(out, 'utf8')).split('\n')[0]!) as { messages: { role: string; content: string }[] };
    expect(first.messages).toEqual([
      { role: 'user', content: singleHop.user_input },
      { role: 'assistant', content: singleHop.reference },
    ]);
  });

  it('csv and sharegpt write their files', async () => {
    expect(await main(['export', 'csv', testset, '-o', join(dir, 'flat.csv')])).toBe(0);
    expect(await main(['export', 'sharegpt', testset, '-o', join(dir, 'sg.jsonl')])).toBe(0);
    expect(await main(['export', 'alpaca', testset, '-o', join(dir, 'al.jsonl')])).toBe(0);
    expect(output.stdout.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('langsmith --dry-run prints the plan without a key or network', async () => {
    expect(await main(['export', 'langsmith', testset, '--dataset', 'eval', '--split', 'test', '--dry-run'])).toBe(0);
    const plan = JSON.parse(output.stdout) as { dataset: { name: string }; examples: { id: string; split: string }[] };
    expect(plan.dataset.name).toBe('eval');
    expect(plan.examples.map((e) => e.id)).toEqual(samples.map((s) => exampleIdFor('eval', s.id)));
    expect(plan.examples.every((e) => e.split === 'test')).toBe(true);
  });

  it('langsmith without LANGSMITH_API_KEY is a usage error naming the variable', async () => {
    expect(await main(['export', 'langsmith', testset, '--dataset', 'eval'])).toBe(2);
    expect(output.stderr).toMatch(/^ragset: LANGSMITH_API_KEY is not set — /);
    expect(output.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('langsmith exports through the environment variables, then reports nothing new', async () => {
    const server = await startFakeLangSmith();
    try {
      vi.stubEnv('LANGSMITH_API_KEY', 'lsv2_test_key');
      vi.stubEnv('LANGSMITH_ENDPOINT', server.url);
      vi.stubEnv('LANGSMITH_WORKSPACE_ID', 'ws-9');
      expect(await main(['export', 'langsmith', testset, '--dataset', 'eval', '--batch-size', '2'])).toBe(0);
      expect(output.stdout).toMatch(/^created dataset eval \([0-9a-f-]{36}\): 3 examples created, 0 updated, 0 unchanged\n$/);
      expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/examples'))).toHaveLength(2);
      expect(server.requests.at(-1)?.tenantId).toBe('ws-9');
      output.stdout = '';
      expect(await main(['export', 'langsmith', testset, '--dataset', 'eval', '--json'])).toBe(0);
      expect(JSON.parse(output.stdout)).toMatchObject({ created: false, written: 0, skipped: 3 });
    } finally {
      await server.close();
    }
  });

  it('refuses bad flags and bad testsets with one line and exit 2', async () => {
    expect(await main(['export', 'langsmith', testset, '--dataset', 'eval', '--batch-size', '0', '--dry-run'])).toBe(2);
    expect(output.stderr).toMatch(/^ragset: --batch-size: /);
    output.stderr = '';
    const broken = join(dir, 'broken.jsonl');
    await writeFile(broken, `${JSON.stringify(singleHop)}\n{"id": "x"}\n`);
    expect(await main(['export', 'ragas', broken, '-o', join(dir, 'r.jsonl')])).toBe(2);
    expect(output.stderr).toMatch(new RegExp(`^ragset: ${broken}:2: user_input: `));
  });

  it('an empty testset is no input (exit 3)', async () => {
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    expect(await main(['export', 'csv', empty, '-o', join(dir, 'x.csv')])).toBe(3);
  });
});
