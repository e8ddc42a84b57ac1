import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DATA, fetchDebianDoc, ragset, type Stage } from './cli-stage.js';
import { startLexicalFake } from './lexical-fake.js';
import { renderTable } from '../src/cli/table.js';
import { loadDocuments } from '../src/documents/load.js';
import { readTestset } from '../src/testset/read.js';
import type { Sample } from '../src/testset/sample.js';

/**
 * `npm run bench -- real-corpus [--corpus postgres|zsh|sphinx|DIR] [-n 200] [--provider offline,fake,openai] [--mix SPEC] [--difficulty SPEC] [--attempts-per-slot N]`:
 * the whole CLI on real documentation — by default the PostgreSQL 15 manual (~1,100 HTML
 * pages, Debian's postgresql-doc-15; `zsh` and `sphinx` are Debian's zsh-doc and sphinx-doc),
 * fetched once into bench/.data. For each provider (`fake`: the fake OpenAI-compatible endpoint
 * started here, with lexical judges, bench/lexical-fake.ts) each stage runs as its own process
 * so its time and peak memory are its own: ingest, a cold build, a rebuild (must cost no
 * calls), generate, and generate again with the same seed (must be byte-identical).
 * Generation asks for an exact synthesizer mix (unanswerable and false-premise questions
 * included) and difficulty mix, and the report is checked for both. Then every sample is
 * checked against the documents' text: contexts, distractor contexts and false-premise spans
 * at their offsets, ranks and a difficulty on every sample with reference contexts, ranks on
 * every distractor.
 */

const PACKAGE = 'postgresql-doc-15';

/** The PostgreSQL 15 manual's HTML folder, fetched once (bench/verify.ts uses it too). */
export function fetchPostgresManual(): string {
  return fetchDebianDoc(PACKAGE, `usr/share/doc/${PACKAGE}/html`);
}

export { ragset, type Stage };

const NAMED_CORPORA: Readonly<Record<string, () => string>> = {
  postgres: fetchPostgresManual,
  zsh: () => fetchDebianDoc('zsh-doc', 'usr/share/doc/zsh-doc/html'),
  sphinx: () => fetchDebianDoc('sphinx-doc', 'usr/share/doc/sphinx-doc/html'),
};

const IngestJson = z.object({ totals: z.object({ files: z.number(), documents: z.number(), chunks: z.number(), tokens: z.number(), skipped: z.number() }) });
const Usage = z.object({ total: z.object({ calls: z.number(), cacheHits: z.number(), failures: z.number() }) });
const BuildJson = z.object({ report: z.object({ chunks: z.number(), failed: z.array(z.unknown()), relationships: z.record(z.string(), z.number()), entities: z.number(), usage: Usage }) });
const Cells = z.record(z.string(), z.record(z.string(), z.number()));
const GenerateJson = z.object({
  report: z.object({
    requested: z.record(z.string(), z.number()),
    achieved: z.record(z.string(), z.number()),
    difficulties: z.record(z.string(), z.number()),
    difficultyMix: z.object({ requested: Cells, achieved: Cells, shortfalls: z.array(z.unknown()), relaxed: z.number(), exchanged: z.number() }).nullable(),
    candidates: z.object({ candidates: z.number(), accepted: z.number(), rejected: z.record(z.string(), z.number()) }),
    usage: Usage,
  }),
});

type Row = (string | number)[];

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string', default: 'postgres' },
      size: { type: 'string', short: 'n', default: '200' },
      provider: { type: 'string', default: 'offline' },
      seed: { type: 'string', default: '1' },
      mix: { type: 'string', default: 'single=0.4,ms=0.2,ma=0.1,unanswerable=0.15,false_premise=0.15' },
      difficulty: { type: 'string', default: 'easy=0.3,medium=0.4,hard=0.3' },
      'difficulty-attempts': { type: 'string', default: '8' },
      'attempts-per-slot': { type: 'string', default: '5' },
    },
  });
  const corpus = NAMED_CORPORA[values.corpus]?.() ?? resolve(values.corpus);
  const { documents } = await loadDocuments([corpus]);
  const textOf = new Map(documents.map((document) => [document.id, document.text]));
  const rows: Row[] = [];
  const fake = values.provider.split(',').includes('fake') ? await startLexicalFake({ wellFormed: true }) : undefined;
  try {
    for (const provider of values.provider.split(',')) {
      const env: Record<string, string> = provider === 'fake' && fake ? { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'bench' } : {};
      rows.push(...(await runProvider(provider === 'fake' ? 'openai' : provider, provider, corpus, values, env, textOf)));
    }
  } finally {
    await fake?.close();
  }
  process.stdout.write(`real corpus: ${corpus}\n\n`);
  process.stdout.write(`${renderTable(['provider', 'stage', 'seconds', 'CPU s', 'peak RSS MB', 'LLM calls', 'result'], rows)}\n`);
}

interface RunValues {
  size: string;
  seed: string;
  mix: string;
  difficulty: string;
  'difficulty-attempts': string;
  'attempts-per-slot': string;
}

async function runProvider(provider: string, label: string, corpus: string, values: RunValues, env: Record<string, string>, textOf: ReadonlyMap<string, string>): Promise<Row[]> {
  const work = join(DATA, 'real-corpus-run', label);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const llm = ['--provider', provider, '--cache-dir', join(work, 'cache')];
  const graph = join(work, 'graph.ragset');
  const generate = (out: string) => [
    'generate', '--graph', graph, '-n', values.size, '--seed', values.seed, '--mix', values.mix, '--difficulty', values.difficulty,
    '--difficulty-attempts', values['difficulty-attempts'], '--attempts-per-slot', values['attempts-per-slot'], '-o', join(work, out), '--json', ...llm,
  ];
  const stage = (name: string, command: string[]) => ragset(`${label}: ${name}`, command, work, env);

  const rows: Row[] = [];
  const row = (name: string, result: Stage | null, calls: number | string, text: string) =>
    rows.push([label, name, result ? result.seconds.toFixed(1) : '', result ? result.cpuSeconds.toFixed(1) : '', result ? result.rssMb : '', calls, text]);

  const ingest = await stage('ingest', ['ingest', corpus, '--json']);
  const totals = IngestJson.parse(JSON.parse(ingest.stdout)).totals;
  row('ingest', ingest, 0, `${totals.files} files, ${totals.documents} documents, ${totals.chunks} chunks, ${totals.tokens} tokens, ${totals.skipped} skipped`);

  const cold = await stage('build (cold)', ['build', corpus, '-o', graph, '--json', ...llm]);
  const built = BuildJson.parse(JSON.parse(cold.stdout)).report;
  const edges = Object.entries(built.relationships).map(([kind, count]) => `${kind} ${count}`).join(', ');
  row('build (cold)', cold, built.usage.total.calls, `${built.chunks} chunks (${built.failed.length} failed), ${built.entities} entities; ${edges}`);

  const warm = await stage('build (rerun)', ['build', corpus, '-o', graph, '--json', ...llm]);
  const rebuilt = BuildJson.parse(JSON.parse(warm.stdout)).report;
  row('build (rerun)', warm, rebuilt.usage.total.calls, rebuilt.usage.total.calls === 0 ? 'nothing paid twice' : 'PAID AGAIN');

  const first = await stage('generate', generate('testset.jsonl'));
  const report = GenerateJson.parse(JSON.parse(first.stdout)).report;
  const exactMix = JSON.stringify(report.achieved) === JSON.stringify(report.requested);
  row('generate', first, report.usage.total.calls, `${Object.entries(report.achieved).map(([name, count]) => `${name} ${count}`).join(', ')}${exactMix ? ' (exact mix)' : ` (MIX MISSED: asked ${JSON.stringify(report.requested)})`}`);
  const rejected = Object.entries(report.candidates.rejected).filter(([, count]) => count > 0).map(([reason, count]) => `${reason} ${count}`);
  row('candidates', null, '', `${report.candidates.candidates} candidates, ${report.candidates.accepted} kept; rejected: ${rejected.join(', ') || 'none'}`);
  const cells = report.difficultyMix;
  const exactDifficulty = cells !== null && cells.shortfalls.length === 0 && JSON.stringify(cells.achieved) === JSON.stringify(cells.requested);
  row('difficulty mix', null, '', `${Object.entries(report.difficulties).map(([name, count]) => `${name} ${count}`).join(', ')}${exactDifficulty ? ' (exact in every synthesizer × difficulty cell)' : ` (SHORTFALL: ${JSON.stringify(cells?.shortfalls)})`}; ${cells?.exchanged ?? 0} slots traded a difficulty across kinds, ${cells?.relaxed ?? 0} relaxed`);

  const again = await stage('generate (same seed)', generate('testset-again.jsonl'));
  const identical = readFileSync(join(work, 'testset.jsonl')).equals(readFileSync(join(work, 'testset-again.jsonl')));
  row('generate (same seed)', again, GenerateJson.parse(JSON.parse(again.stdout)).report.usage.total.calls, identical ? 'byte-identical testset' : 'TESTSET DIFFERS');

  const { samples } = await readTestset(join(work, 'testset.jsonl'));
  row('check samples', null, 0, checkSamples(samples, textOf));
  return rows;
}

/** Offsets, ranks and spans of every sample, against the documents' text. */
function checkSamples(samples: readonly Sample[], textOf: ReadonlyMap<string, string>): string {
  const at = (document: string, start: number, end: number, text: string) => textOf.get(document)?.slice(start, end) === text;
  const contexts = samples.flatMap((sample) => sample.provenance.map((p, i) => at(p.document_id, p.start, p.end, sample.reference_contexts[i] as string)));
  const referenced = samples.filter((sample) => sample.reference_contexts.length > 0);
  const ranked = referenced.filter((sample) => sample.retrieval?.bm25_ranks.length === sample.reference_context_ids.length && sample.retrieval.dense_ranks.length === sample.reference_context_ids.length && sample.difficulty !== null);
  const refusals = samples.filter((sample) => sample.reference_contexts.length === 0);
  const distracted = refusals.filter((sample) => (sample.distractor_contexts ?? []).length > 0 && (sample.distractor_contexts ?? []).every((d) => at(d.document_id, d.start, d.end, d.text) && d.bm25_rank >= 1 && d.dense_rank >= 1));
  const premised = samples.filter((sample) => sample.false_premise);
  const spans = premised.filter(({ false_premise: fp }) => fp && at(fp.span.document_id, fp.span.start, fp.span.end, fp.span.text));
  return [
    `${samples.length} samples; ${contexts.filter(Boolean).length}/${contexts.length} contexts exact at their offsets`,
    `${ranked.length}/${referenced.length} with reference contexts ranked with a difficulty`,
    `${distracted.length}/${refusals.length} unanswerable with ranked distractors exact at their offsets`,
    `${spans.length}/${premised.length} false-premise spans exact at their offsets`,
  ].join('; ');
}
