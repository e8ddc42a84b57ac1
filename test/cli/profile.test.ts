import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Profile } from '../../src/profile/profile.js';
import { readQueries } from '../../src/profile/queries.js';
import { Sample } from '../../src/testset/sample.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { runCli } from '../support/run-cli.js';

/**
 * `ragset profile` with a scripted classifier and persona writer on the fake endpoint, then
 * `generate --profile`: exact length and formulation shares, the resemblance printed, and
 * no real query text (canary queries) in any file either command wrote.
 */

const CORPUS = resolve('test/fixtures/corpus');
const QUERIES = resolve('test/fixtures/queries/space-queries.txt');
let fake: FakeOpenAI;
let dir: string;
let queries: string[];
const savedEnv = { ...process.env };
const out = (name: string) => join(dir, name);
const cache = () => ['--cache-dir', out('cache')];

const CATEGORIES = `question_type:
  - { name: asks_question, probability: 0.5, description: a full question ending with a question mark }
  - { name: keywords, probability: 0.5, description: search words without a question mark }
`;

/** The numbered queries of a fenced batch (src/profile/classify.ts). */
const batchQueries = (prompt: string) => [...prompt.matchAll(/^(\d+)\. (.*)$/gm)].map((match) => match[2] as string);

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_API_KEY = 'test-key';
  dir = mkdtempSync(join(tmpdir(), 'ragset-profile-cli-'));
  queries = await readQueries(QUERIES);
  writeFileSync(out('cats.yaml'), CATEGORIES);
  fake.onChat((request, answer) => {
    if (request.schemaName === 'query_labels') {
      return { labels: batchQueries(request.userText).map((query, i) => ({ query: i + 1, categories: [{ dimension: 'question_type', category: query.endsWith('?') ? 'asks_question' : 'keywords' }] })) };
    }
    if (request.schemaName === 'query_personas') {
      // The second persona quotes a query: it must never reach the profile.
      return { personas: [{ name: 'Space history student', role_description: 'Studies crewed missions and telescopes.' }, { name: 'Quoter', role_description: `Asks: ${queries[3]}` }] };
    }
    return answer();
  });
  const built = await runCli(['build', CORPUS, '-o', out('graph.ragset'), ...cache()]);
  expect(built.code).toBe(0);
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

/** Every file under `folder`, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('ragset profile and generate --profile', () => {
  it('profiles the queries: categories in batches of at least 20, personas, mean vector, aggregates only', async () => {
    fake.reset();
    const run = await runCli(['profile', QUERIES, '-o', out('profile.yaml'), '--corpus', CORPUS, '--categories', out('cats.yaml'), '--batch-size', '20', ...cache()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Aggregates only: no query text is stored');
    const profile = Profile.parse((await import('yaml')).parse(readFileSync(out('profile.yaml'), 'utf8')));
    expect(profile.queries).toBe(24);
    // 24 queries, batches of 20: the 4 left over join the first batch, so one call of 24.
    expect(fake.counters.bySchema.query_labels).toBe(1);
    expect(profile.categories?.calls).toBe(1);
    const asked = fake.requests.filter((r) => r.endpoint === 'chat' && JSON.stringify(r.body).includes('query_labels'));
    for (const request of asked) expect(batchQueries(String((request.body.messages as { content: string }[])[1]?.content)).length).toBeGreaterThanOrEqual(20);
    expect(profile.categories?.dimensions.question_type?.asks_question?.count).toBe(queries.filter((q) => q.endsWith('?')).length);
    expect(profile.categories?.classified).toBe(24);
    expect(profile.personas).toEqual([{ name: 'Space history student', role_description: 'Studies crewed missions and telescopes.' }]);
    expect(profile.notes.join(' ')).toMatch(/1 proposed persona\(s\) quoted a query and were dropped/);
    expect(profile.embedding?.dimensions).toBe(256);
    expect(fake.counters.bySchema.query_personas).toBe(1);
  });

  it('generates exact length and formulation shares from the profile, prints the resemblance, and writes no query text anywhere', async () => {
    const size = 12;
    const run = await runCli(['generate', '--graph', out('graph.ragset'), '-n', String(size), '--profile', out('profile.yaml'), '--categories', out('cats.yaml'), '-o', out('gen/testset.jsonl'), ...cache()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const samples = readFileSync(out('gen/testset.jsonl'), 'utf8').trim().split('\n').map((line) => Sample.parse(JSON.parse(line)));
    expect(samples).toHaveLength(size);
    const count = (pick: (s: Sample) => string | undefined, value: string) => samples.filter((s) => pick(s) === value).length;
    // Profile: 18/4/2 of 24 → 9/2/1 of 12; keyword 6 of 24 → 3 of 12 web_search_like; misspelled 2 of 24 → 1.
    expect([count((s) => s.query_length, 'short'), count((s) => s.query_length, 'medium'), count((s) => s.query_length, 'long')]).toEqual([9, 2, 1]);
    expect(count((s) => s.query_style, 'web_search_like')).toBe(3);
    expect(count((s) => s.query_style, 'misspelled')).toBe(1);
    expect(count((s) => s.query_style, 'poor_grammar')).toBe(0);
    // Categories follow the profile's shares (16 of 24 queries end with "?" → 8 of 12), not the file's 0.5/0.5.
    expect(queries.filter((q) => q.endsWith('?'))).toHaveLength(16);
    expect(count((s) => s.categories?.question_type, 'asks_question')).toBe(8);
    const again = await runCli(['generate', '--graph', out('graph.ragset'), '-n', String(size), '--profile', out('profile.yaml'), '--categories', out('cats.yaml'), '-o', out('again/testset.jsonl'), '--no-report', ...cache()]);
    expect(again.code).toBe(0);
    expect(readFileSync(out('again/testset.jsonl'))).toEqual(readFileSync(out('gen/testset.jsonl')));
    expect(run.stdout).toMatch(/resemblance to 24 real queries: length KS [\d.]+, Wasserstein [\d.]+ words/);
    expect(run.stdout).toMatch(/mean-vector cosine distance [\d.]+ \(text-embedding-3-small\)/);
    // Canary: no query, nor any four-word run of one, in anything either command wrote.
    const written = [...filesUnder(out('gen')), out('profile.yaml')].map((path) => readFileSync(path, 'utf8'));
    expect(written.length).toBeGreaterThanOrEqual(6);
    for (const text of written) {
      expect(text).not.toMatch(/canary7f3a/i);
      for (const query of queries) expect(text).not.toContain(query);
    }
  });

  it('profiles offline with --no-llm and shows the resemblance in ragset report --profile', async () => {
    fake.reset();
    const run = await runCli(['profile', QUERIES, '-o', out('offline.json'), '--no-llm']);
    expect(run.code).toBe(0);
    expect(fake.counters.chat + fake.counters.embeddings).toBe(0);
    const profile = Profile.parse(JSON.parse(readFileSync(out('offline.json'), 'utf8')));
    expect(profile.categories).toBeNull();
    expect(profile.embedding).toBeNull();
    const report = await runCli(['report', out('gen/testset.jsonl'), '--profile', out('offline.json'), '-o', out('report.html')]);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/resemblance to 24 real queries/);
    expect(readFileSync(out('report.html'), 'utf8')).toContain('"resemblance":{"queries":24');
  });

  it('fails with one line on a bad batch size or a broken profile', async () => {
    const small = await runCli(['profile', QUERIES, '-o', out('x.yaml'), '--batch-size', '5', '--categories', out('cats.yaml')]);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/at least 20 queries/);
    writeFileSync(out('broken.yaml'), 'ragset_profile: 1\nqueries: -3\n');
    const broken = await runCli(['generate', '--graph', out('graph.ragset'), '-n', '2', '--profile', out('broken.yaml'), '-o', out('y.jsonl')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/invalid profile .*broken\.yaml: /);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });
});
