import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../graph/stores/graph-file.js';
import { corpusOf, createReport } from '../../src/api/report.js';
import { coverage } from '../../src/report/coverage.js';
import { compressionRatio, distinctN, selfRepetition } from '../../src/report/diversity.js';
import { readRunRecord } from '../../src/report/run-record.js';
import { readTestset } from '../../src/testset/read.js';
import type { Sample } from '../../src/testset/sample.js';
import { launchChromium, watchedPage, type WatchedPage } from '../support/browser.js';
import { runCli } from '../support/run-cli.js';

/**
 * The report in a real browser (system Chromium): `generate` writes it by default, it opens
 * from file:// with the network refused and no console error, every chart is drawn, the
 * numbers shown are those computed here from the testset, and document text stays text.
 */

const CORPUS = resolve('test/fixtures/corpus');
const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
let dir: string;
let browser: Browser;
let samples: Sample[];

const fixed = (x: number, digits: number) => x.toFixed(digits);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

async function openReport(file: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser, (url) => url.startsWith('file:'));
  await watched.page.context().setOffline(true);
  await watched.page.goto(pathToFileURL(file).href);
  await watched.page.waitForSelector('body[data-ready="true"]');
  return watched;
}

const metric = (watched: WatchedPage, name: string) => watched.page.textContent(`[data-metric="${name}"]`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ragset-report-'));
  const run = await runCli(['generate', CORPUS, '-n', '24', '--provider', 'offline', '-o', join(dir, 'testset.jsonl'), '--cache-dir', join(dir, 'cache')]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  samples = (await readTestset(join(dir, 'testset.jsonl'))).samples;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the report generate writes', () => {
  it('opens offline with no console error and draws every chart', async () => {
    const file = join(dir, 'testset.report.html');
    expect(statSync(file).size).toBeGreaterThan(0);
    const watched = await openReport(file);
    expect(watched.errors).toEqual([]);
    expect(watched.blocked).toEqual([]);
    const charts = await watched.page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({ name: figure.getAttribute('data-chart'), marks: figure.querySelectorAll('svg rect, svg path, svg line').length })),
    );
    // 4 planned dimensions + hops, per-document bar, contexts per sample, distinct-n, 2 length histograms, calls per stage
    expect(charts.map((chart) => chart.name)).toEqual(
      expect.arrayContaining(['dimension:synthesizer_name', 'dimension:query_style', 'dimension:query_length', 'dimension:persona_name', 'coverage-documents', 'contexts-per-sample', 'distinct-n', 'question-length', 'answer-length', 'calls-per-stage']),
    );
    for (const chart of charts) expect(chart.marks, `chart ${chart.name} drew nothing`).toBeGreaterThan(2);
    await watched.page.context().close();
  });

  it('shows the numbers computed from the testset, the graph and the run record', async () => {
    const watched = await openReport(join(dir, 'testset.report.html'));
    const questions = samples.map((sample) => sample.user_input);
    const corpus = (await corpusOf(await loadGraph(join(dir, 'testset.graph.ragset')))).documents;
    const cover = coverage(samples, corpus);
    expect(await metric(watched, 'documents-used')).toBe(`${cover.documents.used} / ${corpus.length}`);
    expect(await metric(watched, 'documents-share')).toBe(percent(cover.documents.used, corpus.length));
    expect(await metric(watched, 'chunks-used')).toBe(`${cover.chunks.used} / ${corpus.reduce((sum, d) => sum + d.chunks, 0)}`);
    for (const n of [1, 2, 3]) expect(await metric(watched, `distinct-${n}`)).toBe(fixed(distinctN(questions, n), 3));
    expect(await metric(watched, 'compression-ratio')).toBe(fixed(compressionRatio(questions), 3));
    expect(await metric(watched, 'self-repetition')).toBe(fixed(selfRepetition(questions).score, 3));
    // The questions were embedded with the graph's (offline) embedder: a number, not n/a.
    expect(await metric(watched, 'mean-pairwise-cosine')).toMatch(/^-?\d\.\d{3}$/);

    const run = await readRunRecord(join(dir, 'testset.run.json'));
    const rows = await watched.page.$$eval('[data-table="dimension:synthesizer_name"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const achieved = (name: string) => samples.filter((sample) => sample.synthesizer_name === name).length;
    expect(rows).toEqual(Object.entries(run?.requested.synthesizer_name ?? {}).map(([name, requested]) => [name, String(requested), String(achieved(name))]));
    const costRows = await watched.page.$$eval('[data-table="costs"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    for (const cost of run?.costs ?? []) {
      expect(costRows).toContainEqual([cost.phase, cost.stage, String(cost.calls), String(cost.cacheHits), String(cost.failures), String(cost.promptTokens), String(cost.completionTokens), cost.costUsd.toFixed(4)]);
    }
    const calls = costRows.reduce((sum, row) => sum + Number(row[2]), 0);
    expect(await metric(watched, 'total-calls')).toBe(String(calls));
    expect(await watched.page.textContent('#sample-count')).toContain(`of ${samples.length} matching samples`);
    await watched.page.context().close();
  });
});

describe('ragset report', () => {
  it('highlights the supporting spans a sample records', async () => {
    const [first, ...rest] = samples as [Sample, ...Sample[]];
    const origin = first.provenance[0] as Sample['provenance'][number];
    // As the verification stage records them: document offsets, here the chunk's characters 5..17.
    const withSpans = { ...first, reference_spans: [{ chunk_id: origin.chunk_id, document_id: origin.document_id, start: origin.start + 5, end: origin.start + 17 }] };
    const { html } = await createReport({ title: 'spans', samples: [withSpans, ...rest] });
    writeFileSync(join(dir, 'spans.html'), html);
    const watched = await openReport(join(dir, 'spans.html'));
    const card = watched.page.locator(`[data-sample-id="${first.id}"]`);
    await card.locator('summary').click();
    await card.locator('.context-text').first().waitFor();
    expect(await card.locator('.context-text').first().locator('mark').allTextContents()).toEqual([first.reference_contexts[0]?.slice(5, 17)]);
    expect(await card.locator('.context-text').first().textContent()).toBe(first.reference_contexts[0]);
    expect(await card.locator('.context-origin').first().textContent()).toBe(`${origin.source} [${origin.start}, ${origin.end})`);
    await watched.page.context().close();
  });

  it('shows document text as text and filters the sample list', async () => {
    const [first, ...rest] = samples as [Sample, ...Sample[]];
    const hostile: Sample = {
      ...first,
      user_input: `Why does ${HOSTILE} appear?`,
      reference_contexts: [`${HOSTILE} ${first.reference_contexts[0]}`, ...first.reference_contexts.slice(1)],
    };
    // A supporting span as the verification stage records it: document offsets of the chunk's characters 0..12.
    writeFileSync(join(dir, 'hostile.jsonl'), [hostile, ...rest].map((s) => `${JSON.stringify(s)}\n`).join(''));
    const run = await runCli(['report', join(dir, 'hostile.jsonl'), '--graph', join(dir, 'testset.graph.ragset'), '-o', join(dir, 'hostile.html'), '--cache-dir', join(dir, 'cache')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'hostile.html'), 'utf8')).not.toContain(HOSTILE);

    const watched = await openReport(join(dir, 'hostile.html'));
    expect(watched.errors).toEqual([]);
    await watched.page.fill('#sample-search', 'window.__pwned');
    expect(await watched.page.textContent('#sample-count')).toContain('showing 1 of 1 matching');
    const card = watched.page.locator(`[data-sample-id="${first.id}"]`);
    expect(await card.locator('.question').textContent()).toBe(`Why does ${HOSTILE} appear?`);
    await card.locator('summary').click();
    const context = await card.locator('.context-text').first().textContent();
    expect(context?.startsWith(HOSTILE)).toBe(true);
    expect(await watched.page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await watched.page.$$eval('img', (images) => images.length)).toBe(0);

    await watched.page.fill('#sample-search', '');
    await watched.page.selectOption('select[data-field="hops"]', '2');
    const multiHop = samples.filter((sample) => sample.hops === 2).length;
    expect(await watched.page.textContent('#sample-count')).toContain(`of ${multiHop} matching`);
    await watched.page.context().close();
  });
});
