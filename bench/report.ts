import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/table.js';
import { readTestset } from '../src/testset/read.js';
import { launchChromium, watchedPage } from '../test/support/browser.js';
import { ragset } from './cli-stage.js';
import { fetchPostgresManual } from './real-corpus.js';

/**
 * `npm run bench -- report [--corpus DIR] [-n 1000] [--opens 5] [--reuse]`: the HTML report of a large
 * testset. Generates N samples offline from real documentation (by default the PostgreSQL 15
 * manual, as bench/real-corpus fetches it), which writes the report, then `ragset report
 * --graph` again on its own; then opens the file in headless system Chromium from file://
 * with the network refused, timing navigation until every chart and the sample list are drawn.
 * Targets: ≤ 5 MB and ≤ 3 s to open for 1,000 samples.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { corpus: { type: 'string' }, n: { type: 'string', short: 'n', default: '1000' }, opens: { type: 'string', default: '5' }, reuse: { type: 'boolean', default: false } },
  });
  const corpus = values.corpus ? resolve(values.corpus) : fetchPostgresManual();
  const work = join(ROOT, 'bench/.data/report-run');
  mkdirSync(work, { recursive: true });
  const offline = ['--provider', 'offline', '--cache-dir', join(work, 'cache')];
  // --reuse: keep the testset of the previous run (only the report is made and opened again).
  const reuse = values.reuse && existsSync(join(work, 'testset.jsonl'));
  const generate = reuse ? undefined : await ragset('generate', ['generate', corpus, '-n', values.n, '-o', join(work, 'testset.jsonl'), '--json', ...offline], work);
  const report = await ragset('report', ['report', join(work, 'testset.jsonl'), '--graph', join(work, 'testset.graph.ragset'), '-o', join(work, 'report.html'), ...offline], work);
  const { samples } = await readTestset(join(work, 'testset.jsonl'));

  const browser = await launchChromium();
  const opens: number[] = [];
  let charts = 0;
  try {
    for (let i = 0; i < Number(values.opens); i += 1) {
      const watched = await watchedPage(browser, (url) => url.startsWith('file:'));
      const start = performance.now();
      await watched.page.goto(pathToFileURL(join(work, 'report.html')).href);
      await watched.page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      opens.push((performance.now() - start) / 1000);
      charts = await watched.page.locator('figure.chart svg').count();
      if (watched.errors.length > 0 || watched.blocked.length > 0) throw new Error(`report page errors: ${[...watched.errors, ...watched.blocked].join('; ')}`);
      await watched.page.context().close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...opens].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const mb = (file: string) => statSync(file).size / 1e6;
  const rows: (string | number)[][] = [
    ['samples in the testset', samples.length, ''],
    ['generate (writes the report too)', generate ? `${generate.seconds.toFixed(1)} s` : 'reused', ''],
    ['ragset report --graph', `${report.seconds.toFixed(1)} s, ${report.rssMb} MB RSS`, ''],
    ['testset size', `${mb(join(work, 'testset.jsonl')).toFixed(2)} MB`, ''],
    ['report size', `${mb(join(work, 'report.html')).toFixed(2)} MB`, '≤ 5 MB'],
    [`open in Chromium until drawn (median of ${opens.length})`, `${median.toFixed(2)} s`, '≤ 3 s'],
    ['open, slowest', `${max.toFixed(2)} s`, ''],
    ['charts drawn', charts, ''],
  ];
  process.stdout.write(`${renderTable(['report bench', 'measured', 'target'], rows)}\n`);
}
