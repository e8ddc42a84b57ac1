import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { runCli } from '../support/run-cli.js';

/** `ragset generate --categories FILE` and categorizations in the config file, end to end against the fake endpoint. */

const CORPUS = resolve('test/fixtures/corpus');
let fake: FakeOpenAI;
let dir: string;
let graphFile: string;
const savedEnv = { ...process.env };
const out = (name: string) => join(dir, name);
const cache = () => ['--cache-dir', out('cache')];
const readSamples = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => Sample.parse(JSON.parse(line)));

const CATEGORIES_YAML = `categorizations:
  question_type:
    - name: yes_no
      probability: 0.3
      description: A question answered by yes or no
    - name: factoid
      probability: 0.7
      description: A question asking for one fact
  expertise:
    - { name: novice, probability: 1, description: Asked by someone new to the topic }
    - { name: expert, probability: 1, description: Asked by a practitioner who knows the jargon }
`;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_API_KEY = 'test-key';
  dir = mkdtempSync(join(tmpdir(), 'ragset-categories-'));
  const built = await runCli(['build', CORPUS, '-o', out('graph.ragset'), ...cache()]);
  expect(built.code).toBe(0);
  graphFile = out('graph.ragset');
  writeFileSync(out('cats.yaml'), CATEGORIES_YAML);
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

describe('ragset generate --categories', () => {
  it('writes exact counts per category, shows requested vs achieved, and reruns byte-identically', async () => {
    const run = (name: string) => runCli(['generate', '--graph', graphFile, '-n', '9', '--categories', out('cats.yaml'), '-o', out(name), '--no-report', ...cache()]);
    const first = await run('a.jsonl');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/dimension\s+category\s+requested\s+achieved/);
    expect(first.stdout).toMatch(/question_type\s+yes_no\s+3\s+3/);
    expect(first.stdout).toMatch(/question_type\s+factoid\s+6\s+6/);
    expect(first.stdout).toMatch(/expertise\s+novice\s+5\s+5/);
    expect(first.stdout).toMatch(/expertise\s+expert\s+4\s+4/);
    const samples = readSamples(out('a.jsonl'));
    expect(samples.filter((s) => s.categories?.question_type === 'yes_no')).toHaveLength(3);
    expect(samples.filter((s) => s.categories?.expertise === 'expert')).toHaveLength(4);
    const record = JSON.parse(readFileSync(out('a.run.json'), 'utf8')) as { requested: Record<string, Record<string, number>> };
    expect(record.requested['categories.question_type']).toEqual({ yes_no: 3, factoid: 6 });
    expect((await run('b.jsonl')).code).toBe(0);
    expect(readFileSync(out('b.jsonl'))).toEqual(readFileSync(out('a.jsonl')));
  });

  it('prints requested vs achieved per dimension in --json and reads categorizations from the config file', async () => {
    const config = out('ragset.config.json');
    writeFileSync(config, JSON.stringify({ generate: { categorizations: { formulation: [{ name: 'keyword', probability: 0.5, description: 'search words only' }, { name: 'question', probability: 0.5, description: 'a full question' }] } } }));
    const run = await runCli(['--config', config, 'generate', '--graph', graphFile, '-n', '5', '-o', out('config.jsonl'), '--no-report', '--json', ...cache()]);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as { report: { categories: { requested: unknown; achieved: unknown } } };
    expect(printed.report.categories.requested).toEqual({ formulation: { keyword: 3, question: 2 } });
    expect(printed.report.categories.achieved).toEqual(printed.report.categories.requested);
  });

  it('fails with one line naming the file, before any LLM call', async () => {
    writeFileSync(out('bad.yaml'), 'categorizations:\n  question_type:\n    - name: yes_no\n      probability: -1\n      description: x\n');
    writeFileSync(out('broken.yaml'), 'categorizations: [unclosed\n');
    const before = fake.counters.chat;
    for (const [file, message] of [
      ['bad.yaml', /invalid categories file .*bad\.yaml: .*must be ≥ 0/],
      ['broken.yaml', /categories file .*broken\.yaml is neither YAML nor JSON/],
      ['missing.yaml', /categories file .*missing\.yaml does not exist/],
    ] as const) {
      const run = await runCli(['generate', '--graph', graphFile, '-n', '3', '--categories', out(file), '-o', out('bad.jsonl'), ...cache()]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fake.counters.chat).toBe(before);
  });
});
