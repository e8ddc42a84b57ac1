import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTestset } from '../../src/testset/read.js';
import { runCli } from '../support/run-cli.js';

/** The hygiene summary in the human output of `ingest` and `generate`, and the opt-out flags. */

const CORPUS = resolve('test/fixtures/hygiene');

describe('hygiene in the CLI', () => {
  it('ingest prints one hygiene summary; --keep-* flags opt out', async () => {
    const clean = await runCli(['ingest', CORPUS]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(
      'hygiene: kept 5 of 12 documents; skipped 7: 3 redirect stubs, 1 canonical-only page, 1 table of contents or index, 2 near-duplicate documents',
    );
    expect(clean.stdout).toMatch(/kept out of chunks: boilerplate \d+ blocks, [\d,]+ characters \(\d+\.\d% of the text\) in 5 documents/);
    expect(clean.stdout).toContain('near-duplicate chunks merged: 0');
    const raw = await runCli(['ingest', CORPUS, '--keep-boilerplate', '--keep-stubs', '--keep-duplicates']);
    expect(raw.stdout).toContain('hygiene: kept 12 of 12 documents\n');
    expect(raw.stdout).toContain('boilerplate 0 blocks, 0 characters (0.0% of the text)');
    expect((await runCli(['ingest', CORPUS, '--min-document-tokens', '-1'])).code).toBe(2);
  });

  it('generate prints the skipped inputs, the hygiene summary and what generation kept apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ragset-hygiene-'));
    const out = join(dir, 'testset.jsonl');
    const run = await runCli(['generate', CORPUS, '-n', '4', '--provider', 'offline', '--cache-dir', join(dir, 'cache'), '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('skipped (7):');
    expect(run.stdout).toMatch(/redirect stub \(meta refresh to hive-types\.html\)/);
    expect(run.stdout).toContain('hygiene: kept 5 of 12 documents');
    expect(run.stdout).toMatch(/hygiene: \d+ candidate groups with near-duplicate chunks dropped; kept from bridges and persona names: entities \d+ not content/);
    const { samples } = await readTestset(out);
    expect(samples).toHaveLength(4);
    for (const sample of samples) {
      for (const context of sample.reference_contexts) expect(context).not.toMatch(/\[Up\]|Apiary Handbook, third edition|Printed from the club library/);
    }
  });
});
