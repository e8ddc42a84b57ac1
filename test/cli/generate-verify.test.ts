import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { approvingVerdict, referenceAnswer } from '../support/fake-openai/verdict.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { runCli } from '../support/run-cli.js';

/** `ragset generate` with the verify stage: flags, summary, --json, and the cache promise with rejections in the run. */

const CORPUS = resolve('test/fixtures/corpus');
let fake: FakeOpenAI;
let dir: string;
let graphFile: string;
const savedEnv = { ...process.env };

const out = (name: string) => join(dir, name);
const cacheArgs = () => ['--cache-dir', out('cache')];
const readSamples = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Sample.parse(JSON.parse(line)));

/**
 * Rejects the first three candidates verified (a made-up quote: ungrounded); they are replaced.
 * A count rather than a word in the answer, so the rejections happen whatever the corpus,
 * personas and prompts make the fake answer, and no slot runs out of attempts.
 */
function rejectFirstCandidates(): string[] {
  const rejected: string[] = [];
  fake.onChat((request, answer) => {
    if (request.schemaName !== 'verification') return answer();
    const verdict = approvingVerdict(request.userText);
    const reference = referenceAnswer(request.userText);
    if (rejected.length >= 3) return verdict;
    rejected.push(reference);
    return { ...verdict, statements: [{ statement: reference, quotes: [{ context: 1, quote: 'a sentence no context holds at all, made up' }] }] };
  });
  return rejected;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_API_KEY = 'test-key';
  dir = mkdtempSync(join(tmpdir(), 'ragset-verify-'));
  const built = await runCli(['build', CORPUS, '-o', out('g.ragset'), '--max-tokens', '128', '--similar-min-score', '0.3', ...cacheArgs()]);
  expect(built.code, built.stderr).toBe(0);
  graphFile = out('g.ragset');
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.onChat(undefined);
});

describe('ragset generate: verify stage', () => {
  it('prints candidates, kept and rejections per reason; a warm rerun makes no call and writes the same bytes', async () => {
    const judgedUngrounded = rejectFirstCandidates();
    const first = await runCli(['generate', '--graph', graphFile, '-n', '8', '-o', out('a.jsonl'), ...cacheArgs()]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/verified by gpt-4o-mini \(hop check: support\); at most 5 candidates per sample/);
    expect(first.stdout).toMatch(/synthesizer\s+candidates\s+kept\s+rejected: ungrounded/);
    expect(first.stdout).toMatch(/^verify\s+\d+/m);
    const samples = readSamples(out('a.jsonl'));
    expect(samples).toHaveLength(8);
    expect(judgedUngrounded).toHaveLength(3);
    expect(samples.every((s) => s.verification?.grounded && !judgedUngrounded.includes(s.reference))).toBe(true);
    expect(fake.counters.bySchema.verification).toBeGreaterThan(8);
    const rejected = readFileSync(out('a.rejected.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string; detail: string; sample: Sample });
    expect(rejected.filter((r) => r.reason === 'ungrounded').length).toBeGreaterThan(0);
    for (const r of rejected.filter((r) => r.reason === 'ungrounded')) {
      expect(judgedUngrounded).toContain(r.sample.reference);
      expect(r.detail).toMatch(/no located support/);
    }
    expect(first.stdout).toMatch(/rejected candidate\(s\), with reasons, in .*a\.rejected\.jsonl/);

    fake.reset();
    const again = await runCli(['generate', '--graph', graphFile, '-n', '8', '-o', out('b.jsonl'), '--json', ...cacheArgs()]);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.counters.chat).toBe(0);
    expect(readFileSync(out('b.jsonl'))).toEqual(readFileSync(out('a.jsonl')));
    expect(readFileSync(out('b.rejected.jsonl'))).toEqual(readFileSync(out('a.rejected.jsonl')));
    const report = (JSON.parse(again.stdout) as { report: { candidates: { candidates: number; accepted: number; rejected: Record<string, number> }; usage: { stages: Record<string, { calls: number; cacheHits: number }> } } }).report;
    expect(report.candidates.accepted).toBe(8);
    expect(report.candidates.rejected.ungrounded).toBeGreaterThan(0);
    expect(report.candidates.candidates).toBe(8 + Object.values(report.candidates.rejected).reduce((a, b) => a + b, 0));
    expect(report.usage.stages.verify).toMatchObject({ calls: 0 });
    expect(report.usage.stages.verify?.cacheHits).toBeGreaterThan(8);
  });

  it('--no-verify makes no verify call; --hop-check ablation adds leave-one-out calls', async () => {
    const plain = await runCli(['generate', '--graph', graphFile, '-n', '4', '--no-verify', '-o', out('plain.jsonl'), '--no-cache']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(fake.counters.bySchema.verification).toBeUndefined();
    expect(plain.stdout).toMatch(/not verified \(--no-verify\)/);
    expect(readSamples(out('plain.jsonl')).every((s) => s.verification === null && s.reference_spans === null)).toBe(true);

    fake.reset();
    const strict = await runCli(['generate', '--graph', graphFile, '-n', '3', '--mix', 'ms=1', '--hop-check', 'ablation', '-o', out('strict.jsonl'), '--no-cache']);
    expect(strict.code, strict.stderr).toBe(0);
    const samples = readSamples(out('strict.jsonl'));
    expect(fake.counters.bySchema.ablation).toBe(samples.reduce((sum, s) => sum + s.hops, 0));
    expect(samples.every((s) => s.verification?.hop_check === 'ablation')).toBe(true);
  });

  it('rejects bad verify flags with one line and no call', async () => {
    const bad = await runCli(['generate', '--graph', graphFile, '-n', '2', '--hop-check', 'sometimes', '-o', out('bad.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--hop-check/);
    const zero = await runCli(['generate', '--graph', graphFile, '-n', '2', '--attempts-per-slot', '0', '-o', out('bad.jsonl')]);
    expect(zero.code).toBe(2);
    expect(zero.stderr.trim()).toMatch(/^ragset: --attempts-per-slot: must be at least 1/);
    expect(fake.counters.chat).toBe(0);
  });
});
