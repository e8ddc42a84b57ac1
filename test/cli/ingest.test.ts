import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureOutput, type CapturedOutput } from '../support/run-cli.js';

const CORPUS = 'test/fixtures/documents/corpus';
const BAD = 'test/fixtures/documents/bad';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => vi.restoreAllMocks());

describe('ragset ingest', () => {
  it('prints a table per file, the skipped inputs with reasons, and totals', async () => {
    const code = await main(['ingest', CORPUS, `${BAD}/encrypted.pdf`, '--max-tokens', '128', '--overlap', '16']);
    expect(code).toBe(0);
    const lines = output.stdout.split('\n');
    expect(lines[0]).toMatch(/^source\s+format\s+documents\s+chunks\s+tokens$/);
    expect(lines.find((l) => l.startsWith(`${CORPUS}/science-notes.jsonl`))).toMatch(/jsonl\s+3\s+3\s+\d+$/);
    expect(lines.find((l) => l.startsWith(`${CORPUS}/tcp-congestion-control.md`))).toMatch(/markdown\s+1\s+7\s+\d+$/);
    expect(output.stdout).toContain('skipped (3):');
    expect(output.stdout).toContain(`  ${BAD}/encrypted.pdf: encrypted PDF (a password is required to read it)`);
    expect(output.stdout).toContain(`  ${CORPUS}/science-notes.jsonl#3: line 3 is not valid JSON`);
    expect(output.stdout).toMatch(/total: 8 files, 11 documents, \d+ chunks, \d+ tokens; 3 skipped, 0 duplicate chunks dropped/);
  });

  it('--json prints files, skipped and totals that add up', async () => {
    expect(await main(['ingest', CORPUS, '--include', '*.md', '*.html', '--json'])).toBe(0);
    const report = JSON.parse(output.stdout) as {
      files: { source: string; format: string; documents: number; chunks: number; tokens: number }[];
      skipped: unknown[];
      totals: { files: number; documents: number; chunks: number; tokens: number };
    };
    expect(report.files.map((f) => f.format)).toEqual(['markdown', 'html']);
    expect(report.skipped).toEqual([]);
    expect(report.totals.chunks).toBe(report.files.reduce((sum, f) => sum + f.chunks, 0));
    expect(report.totals.tokens).toBe(report.files.reduce((sum, f) => sum + f.tokens, 0));
    expect(report.totals.tokens).toBeGreaterThan(500);
  });

  it('smaller --max-tokens gives more chunks', async () => {
    await main(['ingest', `${CORPUS}/tcp-congestion-control.md`, '--json', '--max-tokens', '512']);
    const large = (JSON.parse(output.stdout) as { totals: { chunks: number } }).totals.chunks;
    output.stdout = '';
    await main(['ingest', `${CORPUS}/tcp-congestion-control.md`, '--json', '--max-tokens', '64', '--overlap', '0']);
    const small = (JSON.parse(output.stdout) as { totals: { chunks: number } }).totals.chunks;
    expect(small).toBeGreaterThan(large);
  });

  it('JSON field flags choose the text, title and metadata', async () => {
    // One-word texts (country names) are shorter than any useful document: --keep-stubs keeps them.
    expect(await main(['ingest', `${CORPUS}/volcanoes.json`, '--text-field', 'country', '--keep-stubs', '--json'])).toBe(0);
    const report = JSON.parse(output.stdout) as { totals: { documents: number } };
    expect(report.totals.documents).toBe(3);
  });

  it('exits 3 (no input) when nothing loads, after listing why', async () => {
    expect(await main(['ingest', BAD])).toBe(3);
    expect(output.stdout).toBe('');
    expect(output.stderr).toContain(`skipped ${BAD}/latin1.txt: not valid UTF-8`);
    expect(output.stderr).toMatch(/^ragset: no documents loaded from /m);
  });

  it('a path that does not exist: one line naming it, exit 3, nothing read', async () => {
    expect(await main(['ingest', CORPUS, 'no/such/file.md'])).toBe(3);
    expect(output.stdout).toBe('');
    expect(output.stderr).toBe('ragset: no such file or directory: no/such/file.md — check the path; nothing was read\n');
  });

  it('exits 2 on invalid flags', async () => {
    expect(await main(['ingest', CORPUS, '--max-tokens', 'many'])).toBe(2);
    expect(output.stderr).toContain('--max-tokens');
    expect(await main(['ingest', CORPUS, '--max-tokens', '100', '--overlap', '80'])).toBe(2);
    expect(output.stderr).toContain('more than half');
  });
});
