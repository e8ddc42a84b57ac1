import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/table.js';
import { createRng, type Rng } from '../src/rng.js';
import { createBm25Index } from '../synthesizers/retrieval/bm25.js';
import { createDenseIndex, rankOf } from '../synthesizers/retrieval/rank.js';
import { clusteredVectors, zipfDraw } from './graph-build-data.js';

/**
 * `npm run bench -- retrieval-ranks [sizes…] [--questions 1000] [--words 200] [--dim 384] [--bm25-only]`:
 * the cost of ranking samples' reference chunks among every chunk (synthesizers/retrieval).
 * Synthetic chunks of `--words` words drawn from a Zipf vocabulary of 50k words; each
 * question takes 6 words of one chunk and 6 Zipf words, and ranks 2 reference chunks.
 * Prints the BM25 index build, BM25 ranking of every question, dense ranking (cosine over
 * `--dim`-d embeddings; skipped with `--bm25-only`), and memory; wall and CPU seconds, since
 * the machine is shared. Target at 100k chunks: index + BM25 ranking of 1,000
 * questions ≤ 10 s and ≤ 1 GB.
 */
const VOCABULARY = 50_000;

const seconds = (start: number) => Number(((performance.now() - start) / 1000).toFixed(2));
/** CPU seconds (user + system) since `start`: on a shared machine wall time says more about the neighbours. */
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return Number(((used.user + used.system) / 1e6).toFixed(2));
};
const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);

function zipfWords(rng: Rng): () => string {
  const draw = zipfDraw(rng, VOCABULARY);
  return () => `w${draw().toString(36)}`;
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      questions: { type: 'string', default: '1000' },
      words: { type: 'string', default: '200' },
      dim: { type: 'string', default: '384' },
      'bm25-only': { type: 'boolean', default: false },
    },
  });
  const sizes = positionals.length > 0 ? positionals.map(Number) : [10_000, 100_000];
  const questionCount = Number(values.questions);
  const wordsPerChunk = Number(values.words);
  const dim = Number(values.dim);
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    const rng = createRng(`bench/retrieval-ranks/${size}`);
    const word = zipfWords(rng.fork('words'));
    const texts = Array.from({ length: size }, () => Array.from({ length: wordsPerChunk }, word).join(' '));
    const questions = Array.from({ length: questionCount }, () => {
      const source = (texts[rng.int(size)] as string).split(' ');
      const copied = Array.from({ length: 6 }, () => source[rng.int(source.length)] as string);
      return { text: [...copied, ...Array.from({ length: 6 }, word)].join(' '), references: [rng.int(size), rng.int(size)] };
    });
    const baseline = process.memoryUsage().rss;
    process.stderr.write(`retrieval-ranks: ${size} chunks generated, indexing…\n`);

    let start = performance.now();
    let cpu = process.cpuUsage();
    const bm25 = createBm25Index(texts);
    const indexTime = seconds(start);
    const indexCpu = cpuSeconds(cpu);
    start = performance.now();
    cpu = process.cpuUsage();
    let rankSum = 0;
    for (const question of questions) {
      const scores = bm25.scores(question.text);
      for (const reference of question.references) rankSum += rankOf(scores, reference);
    }
    const bm25Time = seconds(start);
    const rankCpu = cpuSeconds(cpu);
    const afterBm25 = process.memoryUsage().rss;
    if (values['bm25-only']) {
      rows.push([size, questionCount, indexTime, indexCpu, bm25Time, rankCpu, Number((indexTime + bm25Time).toFixed(2)), Number((indexCpu + rankCpu).toFixed(2)), '-', megabytes(baseline), megabytes(afterBm25), megabytes(process.resourceUsage().maxRSS * 1024), rankSum > 0 ? 'ok' : '?']);
      continue;
    }

    const vectors = clusteredVectors(rng.fork('vectors'), { count: size, dim, clusters: Math.max(2, Math.round(size / 100)) });
    const queryVectors = clusteredVectors(rng.fork('queries'), { count: questionCount, dim, clusters: Math.max(2, Math.round(size / 100)) });
    start = performance.now();
    const dense = createDenseIndex(vectors);
    questions.forEach((question, i) => {
      const scores = dense.scores(queryVectors[i] as Float32Array);
      for (const reference of question.references) rankSum += rankOf(scores, reference);
    });
    const denseTime = seconds(start);
    rows.push([
      size,
      questionCount,
      indexTime,
      indexCpu,
      bm25Time,
      rankCpu,
      Number((indexTime + bm25Time).toFixed(2)),
      Number((indexCpu + rankCpu).toFixed(2)),
      denseTime,
      megabytes(baseline),
      megabytes(afterBm25),
      megabytes(process.resourceUsage().maxRSS * 1024),
      rankSum > 0 ? 'ok' : '?',
    ]);
  }
  process.stdout.write(
    `${renderTable(
      ['chunks', 'questions', 'bm25 index s', 'index cpu s', 'bm25 rank s', 'rank cpu s', 'bm25 total s', 'bm25 cpu s', `dense rank s (${dim}-d)`, 'rss texts MB', 'rss after bm25 MB', 'peak rss MB', 'ranks'],
      rows,
    )}\n`,
  );
  process.stdout.write(`${wordsPerChunk} words per chunk (Zipf over ${VOCABULARY} words), 2 reference chunks per question; target at 100k: bm25 total ≤ 10 s, ≤ 1 GB\n`);
}
