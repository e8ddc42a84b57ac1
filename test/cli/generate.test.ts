import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkNode } from '../../graph/model.js';
import { loadGraph, saveGraph } from '../../graph/stores/graph-file.js';
import { loadDocuments } from '../../src/documents/load.js';
import { Sample } from '../../src/testset/sample.js';
import { describeChatRequest, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { runCli } from '../support/run-cli.js';

/**
 * `ragset generate` end to end: the fixture corpus, the real CLI entry, a real LLM client
 * talking over HTTP to the fake OpenAI server on 127.0.0.1.
 */

const CORPUS = resolve('test/fixtures/corpus');
let fake: FakeOpenAI;
let dir: string;
let graphFile: string;
const savedEnv = { ...process.env };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const ragset = (...args: string[]): Promise<Run> => runCli(args);

const cacheArgs = () => ['--cache-dir', join(dir, 'cache')];
const out = (name: string) => join(dir, name);
const readSamples = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Sample.parse(JSON.parse(line)));
const countKinds = (samples: Sample[]) =>
  samples.reduce<Record<string, number>>((counts, s) => ({ ...counts, [s.synthesizer_name]: (counts[s.synthesizer_name] ?? 0) + 1 }), {});

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_API_KEY = 'test-key';
  dir = mkdtempSync(join(tmpdir(), 'ragset-generate-'));
  const first = await ragset('generate', CORPUS, '-n', '10', '-o', out('built.jsonl'), '--max-tokens', '128', '--overlap', '16', '--similar-min-score', '0.3', ...cacheArgs());
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  graphFile = out('built.graph.ragset');
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  fake.onChat(undefined);
  fake.setFaults({});
});

describe('ragset generate', () => {
  it('builds the graph from documents and writes testset, personas and graph', () => {
    expect(readSamples(out('built.jsonl'))).toHaveLength(10);
    expect(existsSync(graphFile)).toBe(true);
    const personas = JSON.parse(readFileSync(out('built.personas.json'), 'utf8')) as { name: string }[];
    expect(personas.length).toBeGreaterThan(0);
    for (const sample of readSamples(out('built.jsonl'))) expect(personas.map((p) => p.name)).toContain(sample.persona_name);
  });

  it('makes exactly N samples in the exact mix', async () => {
    const cases: [string, string | undefined, Record<string, number>][] = [
      ['1', undefined, { single_hop_specific: 1 }],
      ['7', 'single=1,ms=1,ma=1', { single_hop_specific: 3, multi_hop_specific: 2, multi_hop_abstract: 2 }],
      ['10', undefined, { single_hop_specific: 5, multi_hop_specific: 3, multi_hop_abstract: 2 }],
      ['9', 'ma=3,s=1', { single_hop_specific: 2, multi_hop_abstract: 7 }],
      ['4', 'multi_hop_specific=1', { multi_hop_specific: 4 }],
    ];
    for (const [n, mix, expected] of cases) {
      const file = out(`exact-${n}.jsonl`);
      const run = await ragset('generate', '--graph', graphFile, '-n', n, ...(mix ? ['--mix', mix] : []), '-o', file, ...cacheArgs());
      expect(run.code, run.stderr).toBe(0);
      expect(countKinds(readSamples(file))).toEqual(expected);
    }
  });

  it('spreads questions across documents and honours styles, lengths and language', async () => {
    const file = out('spread.jsonl');
    const run = await ragset('generate', '--graph', graphFile, '-n', '11', '--mix', 'single=1', '--styles', 'misspelled,web-search-like', '--lengths', 'short', '--language', 'French', '-o', file, ...cacheArgs());
    expect(run.code, run.stderr).toBe(0);
    const samples = readSamples(file);
    // 11 documents, round-robin: replacements may repeat a few, but most documents appear.
    expect(new Set(samples.map((s) => s.provenance[0]?.document_id)).size).toBeGreaterThanOrEqual(9);
    expect(samples.filter((s) => s.query_style === 'misspelled').length).toBeGreaterThanOrEqual(5);
    expect(samples.filter((s) => s.query_style === 'web_search_like').length).toBeGreaterThanOrEqual(5);
    expect(samples.every((s) => s.query_length === 'short')).toBe(true);
    const prompts = fake.requests
      .filter((r) => r.endpoint === 'chat' && describeChatRequest(r.body).schemaName === 'sample')
      .map((r) => JSON.stringify(r.body.messages));
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) expect(prompt).toContain('Language: French');
  });

  it('records contexts that are exact slices of the documents', async () => {
    const { documents } = await loadDocuments([CORPUS]);
    const byId = new Map(documents.map((d) => [d.id, d]));
    const samples = [...readSamples(out('built.jsonl')), ...readSamples(out('exact-7.jsonl'))];
    for (const sample of samples) {
      sample.provenance.forEach((p, i) => {
        const document = byId.get(p.document_id);
        expect(document?.source).toBe(p.source);
        expect(document?.text.slice(p.start, p.end)).toBe(sample.reference_contexts[i]);
      });
    }
  });

  it('links multi-hop specific samples through entities every context mentions', async () => {
    const store = await loadGraph(graphFile);
    const samples = readSamples(out('exact-4.jsonl'));
    expect(samples).toHaveLength(4);
    for (const sample of samples) {
      expect(new Set(sample.reference_context_ids).size).toBeGreaterThanOrEqual(2);
      expect(sample.bridge?.type).toBe('entities');
      const keys = sample.bridge?.type === 'entities' ? sample.bridge.entities : [];
      const chunks = (await store.getNodes(sample.reference_context_ids)) as ChunkNode[];
      for (const chunk of chunks) for (const key of keys) expect(chunk.entities.map((e) => e.key)).toContain(key);
    }
  });

  it('gives byte-identical files for the same seed and other scenarios for another seed', async () => {
    const run = (seed: string, name: string) => ragset('generate', '--graph', graphFile, '-n', '8', '--seed', seed, '-o', out(name), ...cacheArgs());
    expect((await run('7', 'seed-a.jsonl')).code).toBe(0);
    expect((await run('7', 'seed-b.jsonl')).code).toBe(0);
    expect(readFileSync(out('seed-b.jsonl'))).toEqual(readFileSync(out('seed-a.jsonl')));
    expect((await run('8', 'seed-c.jsonl')).code).toBe(0);
    const scenarios = (name: string) => readSamples(out(name)).map((s) => [s.reference_context_ids, s.query_style, s.query_length, s.persona_name]);
    expect(scenarios('seed-c.jsonl')).not.toEqual(scenarios('seed-a.jsonl'));
  });

  it('costs exactly one synthesize call per sample, persona calls counted apart', async () => {
    const run = await ragset('generate', '--graph', graphFile, '-n', '6', '-o', out('calls.jsonl'), '--no-cache', '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { personas: unknown[]; report: { replaced: Record<string, number>; usage: { stages: Record<string, { calls: number }> } } };
    const replaced = Object.values(report.report.replaced).reduce((a, b) => a + b, 0);
    expect(fake.counters.bySchema.sample).toBe(6 + replaced);
    expect(fake.counters.bySchema.persona).toBe(report.personas.length);
    expect(fake.counters.bySchema.extraction).toBeUndefined();
    expect(report.report.usage.stages.synthesize?.calls).toBe(6 + replaced);
    // The HTML report embeds the questions after generation: those requests are in the usage too.
    const embedCalls = Object.values(report.report.usage.stages).reduce((sum, stage) => sum + (stage?.calls ?? 0), 0) - fake.counters.chat;
    expect(fake.counters.embeddings).toBeGreaterThan(0);
    expect(embedCalls).toBe(fake.counters.embeddings);

    fake.reset();
    const personas = out('personas.json');
    writeFileSync(personas, JSON.stringify([{ name: 'Flight Controller', role_description: 'Works in mission control and checks spacecraft procedures.' }]));
    const given = await ragset('generate', '--graph', graphFile, '-n', '3', '--personas', personas, '-o', out('given.jsonl'), '--no-cache');
    expect(given.code, given.stderr).toBe(0);
    expect(fake.counters.bySchema.persona).toBeUndefined();
    expect(readSamples(out('given.jsonl')).every((s) => s.persona_name === 'Flight Controller')).toBe(true);
  });

  it('replaces samples whose answers are unusable, still writing exactly N', async () => {
    let calls = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName !== 'sample') return answer();
      calls++;
      // Every third answer is broken JSON, and so is every repair: those candidates fail whatever order calls arrive in.
      return calls % 3 === 0 || request.isRepair ? '{"question": "When did' : answer();
    });
    const run = await ragset('generate', '--graph', graphFile, '-n', '9', '-o', out('replaced.jsonl'), '--no-cache', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(readSamples(out('replaced.jsonl'))).toHaveLength(9);
    const { report } = JSON.parse(run.stdout) as { report: { replaced: Record<string, number> } };
    expect(Object.values(report.replaced).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('fills kinds the graph cannot supply from the others, prints the achieved mix, and exits 6 under --strict', async () => {
    const store = await loadGraph(graphFile);
    await store.deleteRelationships('shares_entities');
    const noShared = out('no-shared.graph.ragset');
    await saveGraph(store, noShared);

    const run = await ragset('generate', '--graph', noShared, '-n', '8', '-o', out('short.jsonl'), ...cacheArgs());
    expect(run.code, run.stderr).toBe(0);
    expect(readSamples(out('short.jsonl'))).toHaveLength(8);
    expect(countKinds(readSamples(out('short.jsonl'))).multi_hop_specific).toBeUndefined();
    expect(run.stdout).toMatch(/multi_hop_specific\s+2\s+0\s+0/);
    expect(run.stdout).toMatch(/multi_hop_specific: made 0 of 2 — the graph offers only 0 scenario\(s\)/);

    const strict = await ragset('generate', '--graph', noShared, '-n', '8', '--strict', '-o', out('strict.jsonl'), ...cacheArgs());
    expect(strict.code).toBe(6);
    expect(strict.stderr).toMatch(/^ragset: --strict: fewer samples than asked \(multi_hop_specific 0\/2\)/);
    expect(readSamples(out('strict.jsonl'))).toHaveLength(8);
  });

  it('fails with one line and no LLM call on usage errors and without an endpoint', async () => {
    const badMix = await ragset('generate', '--graph', graphFile, '-n', '3', '--mix', 'single=1,multihop=2', '-o', out('bad.jsonl'));
    expect(badMix.code).toBe(2);
    expect(badMix.stderr).toMatch(/unknown synthesizer "multihop".*valid names: single_hop_specific/);
    const noSize = await ragset('generate', '--graph', graphFile, '-o', out('bad.jsonl'));
    expect(noSize.code).toBe(2);
    expect(noSize.stderr).toMatch(/--size: is required/);
    expect(fake.counters.chat).toBe(0);

    delete process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_API_KEY;
    try {
      const noEndpoint = await ragset('generate', '--graph', graphFile, '-n', '3', '-o', out('bad.jsonl'));
      expect(noEndpoint.code).toBe(2);
      expect(noEndpoint.stderr.trim().split('\n')).toHaveLength(1);
      expect(noEndpoint.stderr).toMatch(/OPENAI_API_KEY|OPENAI_BASE_URL/);
    } finally {
      process.env.OPENAI_BASE_URL = fake.baseURL;
      process.env.OPENAI_API_KEY = 'test-key';
    }
    expect(existsSync(out('bad.jsonl'))).toBe(false);
  });

  it('-n above the size ceiling prints the estimated calls and cost and stops before any call, unless --yes', async () => {
    const huge = await ragset('generate', CORPUS, '-n', '1e9', '-o', out('huge.jsonl'), ...cacheArgs());
    expect(huge.code).toBe(2);
    expect(huge.stderr).toBe(
      'ragset: -n 1,000,000,000 is above the size ceiling of 10,000 samples per run: at least 2,000,000,000 LLM calls ' +
        "(one synthesize and one verify per sample, more when candidates are rejected), about $750,000 at gpt-4o-mini's prices " +
        '— pass --yes to go ahead, or lower -n\n',
    );
    expect(fake.counters.chat + fake.counters.embeddings).toBe(0);
    expect(existsSync(out('huge.graph.ragset'))).toBe(false);

    const above = await ragset('generate', '--graph', graphFile, '-n', '4', '--size-ceiling', '3', '-o', out('above.jsonl'), ...cacheArgs());
    expect(above.code).toBe(2);
    expect(above.stderr).toMatch(/^ragset: -n 4 is above the size ceiling of 3 samples per run: at least 8 LLM calls/);
    const confirmed = await ragset('generate', '--graph', graphFile, '-n', '4', '--size-ceiling', '3', '--yes', '-o', out('above.jsonl'), ...cacheArgs());
    expect(confirmed.code).toBe(0);
    expect(readSamples(out('above.jsonl'))).toHaveLength(4);
  });

  it('stops at a mistyped input path beside a good one: one line naming it, exit 3, no LLM call, nothing written', async () => {
    const typo = join(dir, 'corpsu');
    const run = await ragset('generate', CORPUS, typo, '-n', '3', '-o', out('typo.jsonl'), ...cacheArgs());
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`ragset: no such file or directory: ${typo} — check the path; nothing was read\n`);
    expect(fake.counters.chat + fake.counters.embeddings).toBe(0);
    expect(existsSync(out('typo.jsonl'))).toBe(false);
    expect(existsSync(out('typo.graph.ragset'))).toBe(false);
  });
});
