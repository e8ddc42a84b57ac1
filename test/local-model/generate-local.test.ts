import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocuments } from '../../src/documents/load.js';
import { Sample } from '../../src/testset/sample.js';
import { testModelPath } from '../../tools/local-model/fetch.js';
import { runCli } from '../support/run-cli.js';

/**
 * The real-model end-to-end test: `ragset generate --provider local` on examples/corpus with
 * SmolLM2-135M-Instruct (Q4_1 GGUF) running in this process through llama.cpp, with a fresh
 * cache so every answer comes from the model. The verify stage is off: a 135M judge rejects
 * at random, and judging with a real model is the verify stage's own test; this one is about
 * the provider and generation. `npm run test:local-model` fetches the model
 * and node-llama-cpp first (tools/local-model/fetch.ts); when either is missing this fails
 * with the reason, it never skips.
 */
const SAMPLES = 4;
/** One thread on an idle 2-core machine takes about 3 minutes; the bound leaves room for a busy one. */
const TIME_BOUND_MS = 15 * 60_000;
const EXAMPLES = resolve('examples/corpus');

describe('ragset generate --provider local (SmolLM2-135M)', () => {
  it(`writes exactly ${SAMPLES} valid samples with exact offsets within ${TIME_BOUND_MS / 60_000} minutes`, { timeout: TIME_BOUND_MS + 60_000 }, async () => {
    const model = testModelPath();
    expect(existsSync(model), `no test model at ${model}: run node --import tsx tools/local-model/fetch.ts`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'ragset-local-model-'));
    const testset = join(dir, 'testset.jsonl');

    const started = Date.now();
    const run = await runCli(['generate', EXAMPLES, '-n', String(SAMPLES), '--provider', 'local', '--model', model, '--persona-count', '2', '--no-verify', '-o', testset, '--cache-dir', join(dir, 'cache')]);
    const elapsedMs = Date.now() - started;
    process.stdout.write(`local-model generate: ${SAMPLES} samples in ${(elapsedMs / 1000).toFixed(1)} s\n${run.stdout}\n`);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(elapsedMs).toBeLessThan(TIME_BOUND_MS);
    const samples = readFileSync(testset, 'utf8')
      .trim()
      .split('\n')
      .map((line) => Sample.parse(JSON.parse(line)));
    expect(samples).toHaveLength(SAMPLES);

    const { documents } = await loadDocuments([EXAMPLES]);
    const byId = new Map(documents.map((document) => [document.id, document]));
    for (const sample of samples) {
      expect(sample.user_input.trim()).not.toBe('');
      expect(sample.reference.trim()).not.toBe('');
      expect(sample.generation.model).toBe('SmolLM2-135M-Instruct.Q4_1.gguf');
      sample.provenance.forEach((provenance, i) => {
        expect(byId.get(provenance.document_id)?.text.slice(provenance.start, provenance.end)).toBe(sample.reference_contexts[i]);
      });
    }
    // The run says it fell back to lexical embeddings, and the model costs nothing.
    expect(run.stdout).toMatch(/without --embedding-model/);
    expect(run.stdout).not.toMatch(/unpriced|no price/i);
  });
});
