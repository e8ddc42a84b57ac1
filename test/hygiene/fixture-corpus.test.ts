import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, type IngestResult } from '../../src/chunking/ingest.js';
import { loadDocuments } from '../../src/documents/load.js';

/**
 * Each hygiene rule on test/fixtures/hygiene (test/fixtures/documents/hygiene-pages.ts): a
 * beekeeping handbook whose pages share a navigation table, masthead and colophon, with
 * redirect stubs, a canonical-only shell, an index, a newsletter copy and a PDF copy.
 */

const CORPUS = resolve('test/fixtures/hygiene');
const HANDBOOK = `${CORPUS}/handbook`;
const skipOf = (result: IngestResult, file: string) => result.skipped.find((skip) => skip.source.endsWith(file))?.reason;
const allChunkText = (result: IngestResult) => result.chunks.map((chunk) => chunk.text).join('\n');

describe('hygiene on the fixture corpus', () => {
  it('skips redirect stubs, the canonical-only shell and the index page, each with its reason', async () => {
    const result = await ingest([CORPUS]);
    expect(skipOf(result, 'handbook/Bee-Space.html')).toBe('redirect stub (meta refresh to hive-types.html)');
    expect(skipOf(result, 'handbook/Swarm-Control.html')).toMatch(/^redirect stub \(meta refresh/);
    expect(skipOf(result, 'handbook/queen-rearing.html')).toMatch(/^redirect stub \("This page has moved to/);
    expect(skipOf(result, 'handbook/winter.html')).toBe('canonical-only page (content at https://example.org/handbook/winter-care.html)');
    expect(skipOf(result, 'handbook/genindex.html')).toMatch(/^table of contents or index \(\d+% of its text is links\)/);
    expect(result.hygiene.skipped).toEqual({ redirect: 3, canonical: 1, index: 1, too_short: 0, duplicate: 2 });
  });

  it('keeps one copy of a chapter that is also a PDF and a newsletter reprint, and says which and why', async () => {
    const result = await ingest([CORPUS]);
    expect(skipOf(result, 'handbook/swarming.pdf')).toMatch(
      /^near-duplicate of .*handbook\/swarming\.html: \d+% of its text is in them; kept the html copy: html keeps more structure than pdf$/,
    );
    expect(skipOf(result, 'newsletter/swarming.html')).toMatch(/^near-duplicate of .*handbook\/swarming\.html: \d+% .*kept the first in path order$/);
    expect(result.documents.map((document) => document.source.slice(CORPUS.length + 1))).toEqual([
      'handbook/colony-life.html', 'handbook/hive-types.html', 'handbook/honey-harvest.html', 'handbook/swarming.html', 'handbook/winter-care.html',
    ]);
  });

  it('keeps the shared template out of every chunk: navigation table, masthead, colophon, <nav>, role=navigation', async () => {
    const result = await ingest([CORPUS]);
    const text = allChunkText(result);
    for (const template of ['[Up]', '[Contents]', 'The Apiary Handbook, third edition', 'Printed from the club library', 'Home ›', 'Previous chapter']) {
      expect(text).not.toContain(template);
    }
    expect(text).toContain('Lorenzo Langstroth patented the design in 1852');
    expect(result.hygiene.boilerplate.documents).toBe(5);
    expect(result.hygiene.boilerplate.blocks).toBeGreaterThanOrEqual(10);
    // The loaded text is unchanged: the template is still there, outside every chunk.
    const colony = result.documents.find((document) => document.source.endsWith('colony-life.html'));
    expect(colony?.text).toContain('[Up]');
    for (const chunk of result.chunks) {
      const document = result.documents.find((d) => d.id === chunk.documentId);
      expect(document?.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });

  it('has an opt-out for every rule', async () => {
    const raw = await ingest([CORPUS], { hygiene: { keepBoilerplate: true, keepStubs: true, keepDuplicates: true } });
    expect(raw.documents).toHaveLength(12);
    expect(allChunkText(raw)).toContain('The Apiary Handbook, third edition');
    // Structural chrome (<nav>, role=navigation) is never content, whatever the opt-outs.
    expect(allChunkText(raw)).not.toContain('Previous chapter');
    const withDuplicates = await ingest([CORPUS], { hygiene: { keepDuplicates: true } });
    expect(withDuplicates.documents.map((document) => document.source)).toContain(`${HANDBOOK}/swarming.pdf`);
    const withStubs = await ingest([CORPUS], { hygiene: { keepStubs: true } });
    expect(withStubs.documents.map((document) => document.source)).toContain(`${HANDBOOK}/genindex.html`);
  });

  it('skips documents too short once boilerplate is removed (--min-document-tokens)', async () => {
    const result = await ingest([HANDBOOK], { hygiene: { minDocumentTokens: 140 } });
    const short = result.skipped.filter((skip) => skip.reason.startsWith('too short'));
    expect(short.length).toBeGreaterThan(0);
    expect(short[0]?.reason).toMatch(/^too short: \d+ tokens once boilerplate is removed \(minimum 140, --min-document-tokens\)$/);
  });

  it('reads a symlinked copy of a folder once and reports it in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ragset-linked-'));
    symlinkSync(HANDBOOK, join(dir, 'handbook'));
    symlinkSync(HANDBOOK, join(dir, 'mirror'));
    const result = await loadDocuments([dir]);
    const linked = result.skipped.filter((skip) => skip.reason.startsWith('linked copy'));
    expect(linked).toEqual([{ source: `${dir}/mirror`, reason: `linked copy of ${dir}/handbook (11 files); read once` }]);
    expect(result.skipped.filter((skip) => skip.reason.startsWith('duplicate of'))).toEqual([]);
  });
});
