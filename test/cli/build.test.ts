import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadGraph } from '../../graph/stores/graph-file.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { runCli } from '../support/run-cli.js';
import { CORPUS_DIR, passageOf, passageResponder } from '../graph/build-fixture.js';

let fake: FakeOpenAI;
let dir: string;
let savedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.reset();
  fake.setFaults({});
  fake.onChat(passageResponder);
  dir = await mkdtemp(join(tmpdir(), 'ragset-cli-build-'));
  savedEnv = { ...process.env };
  process.env.OPENAI_BASE_URL = fake.baseURL;
  delete process.env.OPENAI_API_KEY;
});
afterEach(async () => {
  process.env = savedEnv;
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const common = () => ['--max-tokens', '160', '--overlap', '0', '--cache-dir', join(dir, 'cache'), '--similar-min-score', '0.2'];

describe('ragset build', () => {
  it('builds and saves the graph, then prints files, relationships and usage per stage', async () => {
    const out = join(dir, 'kg.ragset');
    const result = await runCli(['build', CORPUS_DIR, '-o', out, ...common()]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(out)).toBe(true);

    const graph = await loadGraph(out);
    const chunks = await graph.countNodes({ kind: 'chunk' });
    expect(await graph.countNodes({ kind: 'document' })).toBe(11);
    expect(await graph.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(chunks);
    expect(fake.counters.bySchema).toEqual({ extraction: chunks });

    expect(result.stdout).toMatch(/apollo-13\.txt\s+text\s+1\s+\d+\s+\d+/);
    expect(result.stdout).toContain(`graph: ${out}`);
    expect(result.stdout).toContain(`11 documents, ${chunks} chunks`);
    expect(result.stdout).toContain(`extraction: ${chunks} chunks now, 0 from an earlier build, 0 failed`);
    expect(result.stdout).not.toContain('removed');
    expect(result.stdout).toMatch(new RegExp(`child\\s+${chunks}\\n`));
    expect(result.stdout).toMatch(/similar\s+[1-9]\d*\n/);
    expect(result.stdout).toMatch(/shares_entities\s+[1-9]\d*\n/);
    expect(result.stdout).toMatch(new RegExp(`extract\\s+${chunks}\\s+0\\s+0`));
    expect(result.stdout).toMatch(/embed\s+[1-9]/);

    // The same command again: nothing to pay for.
    fake.reset();
    const again = await runCli(['build', CORPUS_DIR, '-o', out, ...common()]);
    expect(again.code).toBe(0);
    expect(fake.counters).toMatchObject({ chat: 0, embeddings: 0 });
    expect(again.stdout).toContain(`extraction: 0 chunks now, ${chunks} from an earlier build`);
  });

  it('prints the report as JSON with --json, including failed chunks and their reasons', async () => {
    fake.onChat((request, defaultAnswer) =>
      (passageOf(request) ?? '').includes('Fra Mauro') ? 'not json at all' : passageResponder(request, defaultAnswer),
    );
    const out = join(dir, 'kg.ragset');
    const result = await runCli(['build', CORPUS_DIR, '-o', out, '--json', ...common()]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      graph: string;
      report: { chunks: number; failed: { source: string; reason: string }[]; relationships: Record<string, number>; usage: { stages: Record<string, { calls: number }> } };
    };
    expect(parsed.graph).toBe(out);
    expect(parsed.report.failed).toHaveLength(1);
    expect(parsed.report.failed[0]?.source).toMatch(/apollo-13\.txt$/);
    expect(parsed.report.relationships.child).toBe(parsed.report.chunks);
    expect(parsed.report.usage.stages.extract?.calls).toBe(parsed.report.chunks);
    expect(parsed.report.usage.stages.repair?.calls).toBe(1);
  });

  it('an embedding batch that keeps failing leaves its chunks unembedded and the build goes on; the rerun embeds only them', async () => {
    const out = join(dir, 'kg.ragset');
    fake.setFaults({ transport: { mode: 'invalid-json', rate: 1, times: Infinity }, endpoints: ['embeddings'] });
    const failing = await runCli(['build', CORPUS_DIR, '-o', out, '--json', '--max-retries', '1', ...common()]);
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(0);
    const first = JSON.parse(failing.stdout) as { report: { chunks: number; embedded: number; notEmbedded: { reason: string }[]; usage: { stages: Record<string, { failures: number }> } } };
    expect(first.report.embedded).toBe(0);
    expect(first.report.notEmbedded).toHaveLength(first.report.chunks);
    expect(first.report.notEmbedded[0]?.reason).toBe('text embedding request failed after its retries');
    expect(first.report.usage.stages.embed?.failures).toBeGreaterThan(0);
    expect((await (await loadGraph(out)).counts()).relationships.similar ?? 0).toBe(0);

    fake.setFaults({});
    fake.reset();
    const rerun = await runCli(['build', CORPUS_DIR, '-o', out, '--json', ...common()]);
    expect(rerun.code).toBe(0);
    const second = JSON.parse(rerun.stdout) as { report: { embedded: number; notEmbedded: unknown[]; extracted: number } };
    expect(second.report).toMatchObject({ embedded: first.report.chunks, notEmbedded: [], extracted: 0 });
    expect(fake.counters.chat).toBe(0);
  });

  it('lists failed chunks in the table output', async () => {
    fake.onChat((request, defaultAnswer) =>
      (passageOf(request) ?? '').includes('Edwin Hubble (1889') ? '{"summary":' : passageResponder(request, defaultAnswer),
    );
    const result = await runCli(['build', join(CORPUS_DIR, 'edwin-hubble.txt'), '-o', join(dir, 'kg.ragset'), ...common()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('failed chunks (1;');
    expect(result.stdout).toMatch(/edwin-hubble\.txt\s+0\s+\S/);
  });

  it('exits 3 when no document loads, 2 on bad flags, 4 when the endpoint is unreachable', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const none = await runCli(['build', empty, '-o', join(dir, 'kg.ragset'), ...common()]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^ragset: no documents loaded/);

    const bad = await runCli(['build', CORPUS_DIR, '--similar-min-score', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--similar-min-score');

    const overlap = await runCli(['build', CORPUS_DIR, '--max-tokens', '100', '--overlap', '80']);
    expect(overlap.code).toBe(2);

    const closed = await startFakeOpenAI();
    const url = closed.baseURL;
    await closed.close();
    process.env.OPENAI_BASE_URL = url;
    const unreachable = await runCli(['build', join(CORPUS_DIR, 'edwin-hubble.txt'), '-o', join(dir, 'kg.ragset'), ...common(), '--max-retries', '0']);
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toMatch(/^ragset: cannot reach the LLM endpoint/);
    expect(unreachable.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('builds offline with no endpoint at all, with the offline embedder\'s similarity threshold', async () => {
    delete process.env.OPENAI_BASE_URL;
    const out = join(dir, 'offline.ragset');
    const result = await runCli(['build', CORPUS_DIR, '-o', out, '--provider', 'offline', '--max-tokens', '160', '--overlap', '0', '--no-cache', '--json']);
    expect(result.code).toBe(0);
    const { report } = JSON.parse(result.stdout) as { report: { chunks: number; failed: unknown[]; relationships: Record<string, number> } };
    expect(report.failed).toEqual([]);
    expect(report.relationships.similar).toBeGreaterThan(0);
    expect(report.relationships.shares_entities).toBeGreaterThan(0);
    expect(fake.counters.chat + fake.counters.embeddings).toBe(0);
    const graph = await loadGraph(out);
    expect(await graph.getMeta('build')).toMatchObject({ provider: 'offline', options: { similarMinScore: 0.1 } });
  });

  it('on Ctrl-C saves what was paid for, says how to continue, and the rerun pays only for the rest', async () => {
    const out = join(dir, 'kg.ragset');
    fake.onChat((request, defaultAnswer) => {
      if (fake.counters.bySchema.extraction === 6) process.emit('SIGINT');
      return passageResponder(request, defaultAnswer);
    });
    const stopped = await runCli(['build', CORPUS_DIR, '-o', out, ...common()]);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toBe(`ragset: build interrupted; progress saved to ${out} — run the same command again to continue where it stopped\n`);
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    const paidFirst = fake.counters.bySchema.extraction ?? 0;
    const saved = await loadGraph(out);
    expect(await saved.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(paidFirst);

    fake.reset();
    fake.onChat(passageResponder);
    const resumed = await runCli(['build', CORPUS_DIR, '-o', out, ...common(), '--no-cache']);
    expect(resumed.code).toBe(0);
    const chunks = await (await loadGraph(out)).countNodes({ kind: 'chunk', status: 'extracted' });
    expect(paidFirst + (fake.counters.bySchema.extraction ?? 0)).toBe(chunks);
  });
});
