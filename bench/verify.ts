import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { renderTable } from '../src/cli/table.js';
import { loadDocuments } from '../src/documents/load.js';
import { readTestset } from '../src/testset/read.js';
import { startLexicalFake } from './lexical-fake.js';
import { fetchPostgresManual, ragset } from './real-corpus.js';

/**
 * `npm run bench -- verify [--corpus DIR] [-n 100] [--hop-check support|ablation] [--judge fake|offline]`: the verify
 * stage on real documentation (default: the PostgreSQL 15 manual, as in real-corpus), with
 * two judges: the fake OpenAI-compatible endpoint (started here on 127.0.0.1; its answers are
 * sentences drawn from the prompt, its judge a lexical script that quotes each answer sentence
 * from the context holding it) and the offline provider (lexical verification). For each:
 * build, generate, and generate again with a warm cache; then calls per kept sample
 * (synthesize + verify + ablation + repair), the rejection table per synthesizer and reason,
 * and a check that every reference span lies inside its context in the document. Response
 * caches are kept between runs (bench/.data/verify-run/<judge>/cache), so a rerun rebuilds
 * for free; each judge's generate report is saved beside its testset (generate.json).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench/.data/verify-run');

const StageUsage = z.object({ calls: z.number(), cacheHits: z.number() });
const Counts = z.object({ candidates: z.number(), accepted: z.number(), rejected: z.record(z.string(), z.number()) });
const GenerateJson = z.object({
  report: z.object({
    candidates: Counts.extend({ by_synthesizer: z.record(z.string(), Counts) }),
    usage: z.object({ stages: z.record(z.string(), StageUsage), total: StageUsage }),
    notes: z.array(z.string()),
  }),
});

const SAMPLE_STAGES = ['synthesize', 'verify', 'ablation', 'repair'];

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      size: { type: 'string', short: 'n', default: '100' },
      seed: { type: 'string', default: '1' },
      'hop-check': { type: 'string', default: 'support' },
      judge: { type: 'string', multiple: true },
    },
  });
  const judges = (['fake endpoint', 'offline'] as const).filter((judge) => !values.judge || values.judge.some((name) => judge.startsWith(name)));
  const corpus = values.corpus ? resolve(values.corpus) : fetchPostgresManual();
  mkdirSync(WORK, { recursive: true });
  const fake = await startLexicalFake();
  const { documents } = await loadDocuments([corpus]);
  const textOf = new Map(documents.map((document) => [document.id, document.text]));

  const costRows: (string | number)[][] = [];
  const rejectionRows: (string | number)[][] = [];
  const reasons = new Set<string>();
  const perJudge: { judge: string; bySynthesizer: Record<string, z.infer<typeof Counts>> }[] = [];
  try {
    for (const judge of judges) {
      const dir = join(WORK, judge === 'offline' ? 'offline' : 'fake');
      // Outputs go, the response cache stays.
      for (const file of ['testset.jsonl', 'testset-again.jsonl', 'graph.ragset']) rmSync(join(dir, file), { force: true });
      mkdirSync(dir, { recursive: true });
      const env: Record<string, string> = judge === 'offline' ? {} : { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'bench' };
      const llm = ['--provider', judge === 'offline' ? 'offline' : 'openai', '--cache-dir', join(dir, 'cache')];
      const graph = join(dir, 'graph.ragset');
      const generate = (out: string) => ['generate', '--graph', graph, '-n', values.size, '--seed', values.seed, '--hop-check', values['hop-check'], '-o', join(dir, out), '--json', ...llm];

      await ragset(`${judge}: build`, ['build', corpus, '-o', graph, '--json', ...llm], dir, env);
      const first = await ragset(`${judge}: generate`, generate('testset.jsonl'), dir, env);
      writeFileSync(join(dir, 'generate.json'), first.stdout);
      const report = GenerateJson.parse(JSON.parse(first.stdout)).report;
      const again = await ragset(`${judge}: generate (warm)`, generate('testset-again.jsonl'), dir, env);
      const warm = GenerateJson.parse(JSON.parse(again.stdout)).report;
      const identical = readFileSync(join(dir, 'testset.jsonl')).equals(readFileSync(join(dir, 'testset-again.jsonl')));

      const { samples } = await readTestset(join(dir, 'testset.jsonl'));
      const spans = samples.flatMap((sample) => (sample.reference_spans ?? []).map((span) => ({ span, sample })));
      const inside = spans.filter(({ span, sample }) => {
        const context = sample.provenance.find((p) => p.chunk_id === span.chunk_id);
        const text = textOf.get(span.document_id);
        return context !== undefined && text !== undefined && span.start >= context.start && span.end <= context.end && span.end > span.start;
      }).length;

      const calls = (stage: string) => report.usage.stages[stage]?.calls ?? 0;
      const sampleCalls = SAMPLE_STAGES.reduce((sum, stage) => sum + calls(stage), 0);
      const kept = report.candidates.accepted;
      costRows.push([
        judge,
        report.candidates.candidates,
        kept,
        calls('synthesize'),
        calls('verify'),
        calls('ablation'),
        calls('repair'),
        kept > 0 ? (sampleCalls / kept).toFixed(2) : '-',
        first.seconds.toFixed(1),
        `${warm.usage.total.calls} calls, ${identical ? 'same bytes' : 'DIFFERENT BYTES'}`,
        `${inside}/${spans.length}`,
      ]);
      for (const [reason, count] of Object.entries(report.candidates.rejected)) if (count > 0) reasons.add(reason);
      perJudge.push({ judge, bySynthesizer: report.candidates.by_synthesizer });
      for (const note of report.notes) process.stderr.write(`verify: ${judge}: ${note}\n`);
    }
  } finally {
    await fake.close();
  }
  const reasonList = [...reasons].sort();
  for (const { judge, bySynthesizer } of perJudge) {
    for (const [name, counts] of Object.entries(bySynthesizer)) {
      rejectionRows.push([judge, name, counts.candidates, counts.accepted, ...reasonList.map((reason) => counts.rejected[reason] ?? 0)]);
    }
  }

  process.stdout.write(`verify stage on ${corpus} (${documents.length} documents), -n ${values.size}, seed ${values.seed}, hop check ${values['hop-check']}\n\n`);
  process.stdout.write(
    `${renderTable(['judge', 'candidates', 'kept', 'synthesize', 'verify', 'ablation', 'repair', 'calls per kept sample', 'seconds', 'warm rerun', 'spans inside their context'], costRows)}\n\n`,
  );
  process.stdout.write(`${renderTable(['judge', 'synthesizer', 'candidates', 'kept', ...reasonList.map((reason) => `rejected: ${reason}`)], rejectionRows)}\n`);
}
