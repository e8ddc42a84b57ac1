import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkOutputPath } from '../../src/output-paths.js';
import { writeTestset } from '../../src/testset/write.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { ordinaryUserCanRun, runAsOrdinaryUser } from '../support/ordinary-user.js';
import { runCli } from '../support/run-cli.js';
import { samples } from '../testset/fixtures.js';

/**
 * Every output path is checked before the first LLM call: exit 2, one line, and the fake
 * server sees no request at all.
 */

const CORPUS = resolve('test/fixtures/corpus');
const fake = useFakeOpenAI();
const savedEnv = { ...process.env };
beforeAll(() => Object.assign(process.env, { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'test-key' }));
afterAll(() => {
  process.env = savedEnv;
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ragset-outputs-'));
});

async function expectRefused(args: string[], message: RegExp): Promise<void> {
  const run = await runCli(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
  expect(fake.requests).toEqual([]);
}

describe('output paths are checked before any LLM call', () => {
  it('generate: -o that is a folder, or under a file; --graph-out that is a folder; --cache-dir that is a file', async () => {
    const folder = join(dir, 'a-folder.jsonl');
    mkdirSync(folder);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const cache = ['--cache-dir', join(dir, 'cache')];
    await expectRefused(['generate', CORPUS, '-n', '3', '-o', folder, ...cache], /^ragset: -o .*a-folder.jsonl is a folder — give a file name for -o/);
    await expectRefused(['generate', CORPUS, '-n', '3', '-o', join(file, 'testset.jsonl'), ...cache], /^ragset: cannot write -o .*a-file is a file, not a folder/);
    await expectRefused(['generate', CORPUS, '-n', '3', '-o', join(dir, 't.jsonl'), '--graph-out', folder, ...cache], /^ragset: --graph-out .*a-folder.jsonl is a folder/);
    await expectRefused(['generate', CORPUS, '-n', '3', '-o', join(dir, 't.jsonl'), '--cache-dir', file], /^ragset: --cache-dir .*a-file is a file, not a folder/);
    expect(existsSync(join(dir, 't.graph.ragset'))).toBe(false);
  });

  it('build: -o that is a folder', async () => {
    await expectRefused(['build', CORPUS, '-o', dir, '--cache-dir', join(dir, 'cache')], /^ragset: graph file .* is a folder/);
  });

  it('generate --graph that is a folder is one line, exit 2', async () => {
    const run = await runCli(['generate', '--graph', dir, '-n', '3', '-o', join(dir, 't.jsonl'), '--cache-dir', join(dir, 'cache')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ragset: graph file .* is a folder — /);
    expect(fake.requests).toEqual([]);
  });

  it('export: an -o that is a folder is refused before the testset is read', async () => {
    const testset = join(dir, 'testset.jsonl');
    await writeTestset(samples, testset);
    for (const target of ['csv', 'ragas', 'openai']) {
      const run = await runCli(['export', target, testset, '-o', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^ragset: -o .* is a folder/);
    }
  });

  it.skipIf(!ordinaryUserCanRun())('a folder without write permission (checked as `nobody` when the tests run as root, who may write anywhere)', async () => {
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const printed = await runAsOrdinaryUser(`
      import { checkOutputPath } from ${JSON.stringify(resolve('src/output-paths.ts'))};
      const error = await checkOutputPath({ path: ${JSON.stringify(join(locked, 'sub', 'x.jsonl'))}, label: '-o', kind: 'file' }).catch((e) => e);
      console.log(JSON.stringify({ name: error?.name, message: error?.message }));
    `);
    const error = JSON.parse(printed) as { name?: string; message?: string };
    expect(error.name).toBe('UsageError');
    expect(error.message).toMatch(/permission denied/);
  });

  it('a path that does not exist yet, under writable folders, is fine and nothing is created', async () => {
    await checkOutputPath({ path: join(dir, 'new', 'deeper', 'x.jsonl'), label: '-o', kind: 'file' });
    await checkOutputPath({ path: join(dir, 'cache'), label: '--cache-dir', kind: 'directory' });
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});
