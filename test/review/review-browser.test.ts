import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestset } from '../../src/testset/read.js';
import type { Sample } from '../../src/testset/sample.js';
import { launchChromium, watchedPage } from '../support/browser.js';
import { falsePremise, multiHop, samples as fixtureSamples, singleHop } from '../testset/fixtures.js';

/**
 * `ragset review` as a user runs it: the real CLI in its own process, the page in system
 * Chromium. Decisions land in the file at once, a reload shows them, a request without the
 * token gets 403, a `<script>` in a document is text, and Ctrl-C loses nothing.
 */

const HOSTILE = '<script>window.__pwned = 1</script><b>bold?</b>';
let dir: string;
let browser: Browser;

interface Running {
  process: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startReview(file: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/index.ts'), 'review', file], { stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setInterval(() => {
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) done((clearInterval(timer), match[1] as string));
    }, 100);
    void exited.then(() => fail((clearInterval(timer), new Error(`review exited: ${output}`))));
  });
  return { process: child, url, output: () => output, exited };
}

const onDisk = async (file: string) => new Map((await readTestset(file)).samples.map((sample) => [sample.id, sample]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ragset-review-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('ragset review', () => {
  it('accepts, rejects, edits and notes samples, saving each into the file; Ctrl-C loses nothing', async () => {
    const file = join(dir, 'testset.jsonl');
    const hostile: Sample = { ...multiHop, reference_contexts: [`${HOSTILE} ${multiHop.reference_contexts[0]}`, multiHop.reference_contexts[1] as string] };
    const third: Sample = { ...singleHop, id: 'smp_third', user_input: 'Which king issued the decree?' };
    writeFileSync(file, [singleHop, hostile, third].map((s) => `${JSON.stringify(s)}\n`).join(''));
    const running = await startReview(file);
    const origin = new URL(running.url).origin;

    // Without the token, or with a wrong one: 403, for the page and the API alike.
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/api/samples`)).status).toBe(403);
    expect((await fetch(`${origin}/api/samples?token=wrong`)).status).toBe(403);
    expect((await fetch(`${origin}/api/samples/${singleHop.id}`, { method: 'POST', body: '{"action":"reject"}' })).status).toBe(403);

    const { page, errors, blocked } = await watchedPage(browser, (url) => url.startsWith(origin));
    await page.goto(running.url);
    await page.waitForSelector('body[data-ready="true"]');

    // 1: accept with the keyboard; the page moves on to the next sample.
    await page.keyboard.press('a');
    await page.waitForSelector(`[data-sample-id="${hostile.id}"]`);
    expect((await onDisk(file)).get(singleHop.id)?.review?.status).toBe('accepted');

    // 2: the <script> of the document is shown as text and never runs; reject it with a note.
    expect(await page.locator('.context-text').first().textContent()).toBe(hostile.reference_contexts[0]);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('.context-text b').count()).toBe(0);
    await page.keyboard.press('n');
    await page.keyboard.type('mixes two unrelated facts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.waitForSelector('[data-sample-id="smp_third"]');
    const rejected = (await onDisk(file)).get(hostile.id)?.review;
    expect(rejected).toMatchObject({ status: 'rejected', note: 'mixes two unrelated facts' });
    expect(Date.parse(rejected?.at ?? '')).not.toBeNaN();

    // 3: edit the question and then the answer; the generated text is kept once, as the original.
    await page.keyboard.press('e');
    await page.fill('#edit-user_input', 'Which Ptolemy issued the Memphis decree of 196 BC?');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('.message:text("saved: edited")');
    await page.keyboard.press('w');
    await page.fill('#edit-reference', 'Ptolemy V Epiphanes.');
    await page.click('button:text("save")');
    await page.waitForSelector('.answer:text("Ptolemy V Epiphanes.")');
    const edited = (await onDisk(file)).get('smp_third');
    expect(edited).toMatchObject({
      user_input: 'Which Ptolemy issued the Memphis decree of 196 BC?',
      reference: 'Ptolemy V Epiphanes.',
      review: { status: 'edited', original: { user_input: third.user_input, reference: third.reference } },
    });

    // A reload shows the saved state.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#tally')).toBe('0 pending · 1 accepted · 1 rejected · 1 edited');
    await page.selectOption('#filter', 'rejected');
    await page.keyboard.press('l');
    expect(await page.locator('.sample-list li').allTextContents()).toEqual([`rejected${hostile.user_input}`]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.context().close();

    // Ctrl-C: the server stops, and the file holds every decision.
    running.process.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('has 0 pending, 1 accepted, 1 rejected, 1 edited');
    const final = await onDisk(file);
    expect([...final.values()].map((sample) => sample.review?.status)).toEqual(['accepted', 'rejected', 'edited']);
  });

  it('shows what the kind carries: the false premise with its contradicting span marked, the nearest chunks of an unanswerable question, the unfaithful answer', async () => {
    const file = join(dir, 'kinds.jsonl');
    const origin = singleHop.provenance[0] as Sample['provenance'][number];
    const unanswerable: Sample = {
      ...singleHop,
      id: 'smp_unanswerable',
      user_input: 'Which museum bought the Rosetta Stone in 1950?',
      reference: 'The documents do not say.',
      synthesizer_name: 'unanswerable',
      reference_contexts: [],
      reference_context_ids: [],
      provenance: [],
      hops: 0,
      retrieval: null,
      difficulty: null,
      reference_spans: null,
      distractor_contexts: [{ chunk_id: origin.chunk_id, document_id: origin.document_id, source: origin.source, start: origin.start, end: origin.end, text: singleHop.reference_contexts[0] as string, bm25_rank: 1, dense_rank: 3 }],
    };
    const pair: Sample = { ...singleHop, id: 'smp_pair', unfaithful_answer: 'It was issued in Alexandria in 196 BC.', unsupported_statements: ['It was issued in Alexandria.'] };
    writeFileSync(file, [falsePremise, unanswerable, pair].map((s) => `${JSON.stringify(s)}\n`).join(''));
    const running = await startReview(file);
    const { page, errors } = await watchedPage(browser, (url) => url.startsWith(new URL(running.url).origin));
    await page.goto(running.url);
    await page.waitForSelector('body[data-ready="true"]');

    expect(await page.locator('.premise p').textContent()).toBe(falsePremise.false_premise?.premise);
    expect(await page.locator('.context-text mark').allTextContents()).toContain(falsePremise.false_premise?.span.text);
    await page.keyboard.press('j');
    await page.waitForSelector('[data-sample-id="smp_unanswerable"]');
    expect(await page.locator('.distractor .context-origin').textContent()).toBe(`${origin.source} [${origin.start}, ${origin.end}) · BM25 #1 · dense #3`);
    expect(await page.locator('.distractor .context-text').textContent()).toBe(singleHop.reference_contexts[0]);
    await page.keyboard.press('j');
    await page.waitForSelector('[data-sample-id="smp_pair"]');
    expect(await page.locator('.unfaithful').textContent()).toContain('unsupported: It was issued in Alexandria.');
    expect(errors).toEqual([]);
    await page.context().close();
    running.process.kill('SIGINT');
    expect(await running.exited).toBe(0);
  });

  it('refuses a testset with unreadable records rather than dropping them on save', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(fixtureSamples[0])}\n{"id": "half"}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/index.ts'), 'review', file], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ragset: .*bad\.jsonl:2: .*fix or remove the bad records before reviewing\n$/s);
  });
});
