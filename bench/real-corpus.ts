import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DATA, fetchDebianDoc, ragset, type Stage } from './cli-stage.js';
import { renderTable } from '../src/cli/table.js';
import { loadDocuments } from '../src/documents/load.js';
import { readTestset } from '../src/testset/read.js';

/**
 * `npm run bench -- real-corpus [--corpus DIR] [-n 200] [--provider offline|openai] [--mix SPEC] [--difficulty SPEC]`: the
 * whole CLI on real documentation — by default the PostgreSQL 15 manual (~1,100 HTML pages,
 * Debian's postgresql-doc-15, fetched once into bench/.data). Each stage runs as its own
 * process so its time and peak memory are its own: ingest, a cold build, a rebuild (must
 * cost no calls), generate, and generate again with the same seed (must be byte-identical).
 * Generation asks for an exact synthesizer and difficulty mix and the report is checked for both.
 * Then every sample's contexts are checked against the documents' text at their offsets.
 */

const PACKAGE = 'postgresql-doc-15';

/** The PostgreSQL 15 manual's HTML folder, fetched once (bench/verify.ts uses it too). */
export function fetchPostgresManual(): string {
  return fetchDebianDoc(PACKAGE, `usr/share/doc/${PACKAGE}/html`);
}

export { ragset, type Stage };

const IngestJson = z.object({ totals: z.object({ files: z.number(), documents: z.number(), chunks: z.number(), tokens: z.number(), skipped: z.number() }) });
const Usage = z.object({ total: z.object({ calls: z.number(), cacheHits: z.number(), failures: z.number() }) });
const BuildJson = z.object({ report: z.object({ chunks: z.number(), failed: z.array(z.unknown()), relationships: z.record(z.string(), z.number()), entities: z.number(), usage: Usage }) });
const Cells = z.record(z.string(), z.record(z.string(), z.number()));
const GenerateJson = z.object({
  report: z.object({
    requested: z.record(z.string(), z.number()),
    achieved: z.record(z.string(), z.number()),
    difficulties: z.record(z.string(), z.number()),
    difficultyMix: z.object({ requested: Cells, achieved: Cells, shortfalls: z.array(z.unknown()), relaxed: z.number() }).nullable(),
    usage: Usage,
  }),
});

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      size: { type: 'string', short: 'n', default: '200' },
      provider: { type: 'string', default: 'offline' },
      seed: { type: 'string', default: '1' },
      mix: { type: 'string', default: 'single=0.5,ms=0.25,ma=0.25' },
      difficulty: { type: 'string', default: 'easy=0.3,medium=0.4,hard=0.3' },
    },
  });
  const corpus = values.corpus ? resolve(values.corpus) : fetchPostgresManual();
  const work = join(DATA, 'real-corpus-run');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const llm = ['--provider', values.provider, '--cache-dir', join(work, 'cache')];
  const graph = join(work, 'graph.ragset');
  const generate = (out: string) => [
    'generate', '--graph', graph, '-n', values.size, '--seed', values.seed, '--mix', values.mix, '--difficulty', values.difficulty,
    '-o', join(work, out), '--json', ...llm,
  ];

  const rows: (string | number)[][] = [];
  const row = (stage: Stage, calls: number | string, result: string) => rows.push([stage.name, stage.seconds.toFixed(1), stage.rssMb, calls, result]);

  const ingest = await ragset('ingest', ['ingest', corpus, '--json'], work);
  const totals = IngestJson.parse(JSON.parse(ingest.stdout)).totals;
  row(ingest, 0, `${totals.files} files, ${totals.documents} documents, ${totals.chunks} chunks, ${totals.tokens} tokens, ${totals.skipped} skipped`);

  const cold = await ragset('build (cold)', ['build', corpus, '-o', graph, '--json', ...llm], work);
  const built = BuildJson.parse(JSON.parse(cold.stdout)).report;
  const edges = Object.entries(built.relationships).map(([kind, count]) => `${kind} ${count}`).join(', ');
  row(cold, built.usage.total.calls, `${built.chunks} chunks (${built.failed.length} failed), ${built.entities} entities; ${edges}`);

  const warm = await ragset('build (rerun)', ['build', corpus, '-o', graph, '--json', ...llm], work);
  const rebuilt = BuildJson.parse(JSON.parse(warm.stdout)).report;
  row(warm, rebuilt.usage.total.calls, rebuilt.usage.total.calls === 0 ? 'nothing paid twice' : 'PAID AGAIN');

  const first = await ragset('generate', generate('testset.jsonl'), work);
  const achieved = GenerateJson.parse(JSON.parse(first.stdout)).report;
  const exactMix = JSON.stringify(achieved.achieved) === JSON.stringify(achieved.requested);
  row(first, achieved.usage.total.calls, `${Object.entries(achieved.achieved).map(([name, count]) => `${name} ${count}`).join(', ')}${exactMix ? ' (exact mix)' : ' (MIX MISSED)'}`);
  const cells = achieved.difficultyMix;
  const exactDifficulty = cells !== null && cells.shortfalls.length === 0 && JSON.stringify(cells.achieved) === JSON.stringify(cells.requested);
  rows.push([
    'difficulty mix',
    '',
    '',
    '',
    `${Object.entries(achieved.difficulties).map(([name, count]) => `${name} ${count}`).join(', ')}${exactDifficulty ? ' (exact in every synthesizer × difficulty cell)' : ` (SHORTFALL: ${JSON.stringify(cells?.shortfalls)})`}; ${cells?.relaxed ?? 0} slots relaxed`,
  ]);

  const again = await ragset('generate (same seed)', generate('testset-again.jsonl'), work);
  const identical = readFileSync(join(work, 'testset.jsonl')).equals(readFileSync(join(work, 'testset-again.jsonl')));
  row(again, GenerateJson.parse(JSON.parse(again.stdout)).report.usage.total.calls, identical ? 'byte-identical testset' : 'TESTSET DIFFERS');

  const checkStart = performance.now();
  const { samples } = await readTestset(join(work, 'testset.jsonl'));
  const { documents } = await loadDocuments([corpus]);
  const textOf = new Map(documents.map((document) => [document.id, document.text]));
  const contexts = samples.flatMap((sample) => sample.provenance.map((p, i) => ({ p, text: sample.reference_contexts[i] })));
  const exact = contexts.filter(({ p, text }) => textOf.get(p.document_id)?.slice(p.start, p.end) === text).length;
  const spread = new Set(contexts.map(({ p }) => p.document_id)).size;
  const ranked = samples.filter((sample) => sample.retrieval?.bm25_ranks.length === sample.reference_context_ids.length && sample.difficulty !== null).length;
  rows.push([
    'check offsets',
    ((performance.now() - checkStart) / 1000).toFixed(1),
    '',
    0,
    `${samples.length} samples, ${exact}/${contexts.length} contexts exact at their offsets, from ${spread} documents; ${ranked}/${samples.length} with ranks and difficulty`,
  ]);

  process.stdout.write(`real corpus: ${corpus}\n\n`);
  process.stdout.write(`${renderTable(['stage', 'seconds', 'peak RSS MB', 'LLM calls', 'result'], rows)}\n`);
}
