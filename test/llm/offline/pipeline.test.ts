import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEntityKey } from '../../../graph/builder/entities.js';
import { loadDocuments } from '../../../src/documents/load.js';
import { textStructure } from '../../../src/llm/offline/sentences.js';
import { Sample } from '../../../src/testset/sample.js';
import { runCli } from '../../support/run-cli.js';

/**
 * `ragset generate --provider offline` end to end on the fixture corpus: the real CLI, no
 * endpoint at all (the configured one points at a closed port and must never be called).
 * Lexical TF-IDF vectors score lower than dense embeddings, hence --similar-min-score 0.2.
 */

const CORPUS = resolve('test/fixtures/corpus');
const BUILD_FLAGS = ['--max-tokens', '128', '--overlap', '16', '--similar-min-score', '0.2'];
const savedEnv = { ...process.env };
let dir: string;

const ragset = (...args: string[]) => runCli(args);

async function generate(name: string, ...args: string[]): Promise<{ file: string; samples: Sample[] }> {
  const file = join(dir, `${name}.jsonl`);
  const run = await ragset('generate', CORPUS, '--provider', 'offline', '-o', file, '--cache-dir', join(dir, `${name}-cache`), ...BUILD_FLAGS, ...args);
  expect(run.code, run.stderr).toBe(0);
  const samples = readFileSync(file, 'utf8').trim().split('\n').map((line) => Sample.parse(JSON.parse(line)));
  return { file, samples };
}

const countKinds = (samples: Sample[]) =>
  samples.reduce<Record<string, number>>((counts, s) => ({ ...counts, [s.synthesizer_name]: (counts[s.synthesizer_name] ?? 0) + 1 }), {});

let seeded: { file: string; samples: Sample[] };

beforeAll(async () => {
  process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
  delete process.env.OPENAI_API_KEY;
  dir = mkdtempSync(join(tmpdir(), 'ragset-offline-'));
  seeded = await generate('seeded', '-n', '10', '--seed', '7');
});

afterAll(async () => {
  process.env = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

describe('ragset generate --provider offline', () => {
  it('makes exactly N samples in the exact mix, recorded as made by the offline model', async () => {
    expect(countKinds(seeded.samples)).toEqual({ single_hop_specific: 5, multi_hop_specific: 3, multi_hop_abstract: 2 });
    const mixed = await generate('mixed', '-n', '7', '--mix', 'single=1,ms=1,ma=1', '--seed', '3');
    expect(countKinds(mixed.samples)).toEqual({ single_hop_specific: 3, multi_hop_specific: 2, multi_hop_abstract: 2 });
    for (const sample of [...seeded.samples, ...mixed.samples]) expect(sample.generation.model).toBe('offline');
  });

  it('records contexts that are exact slices of the documents, and answers quoted from them', async () => {
    const { documents } = await loadDocuments([CORPUS]);
    const byId = new Map(documents.map((document) => [document.id, document]));
    for (const sample of seeded.samples) {
      sample.provenance.forEach((p, i) => expect(byId.get(p.document_id)?.text.slice(p.start, p.end)).toBe(sample.reference_contexts[i]));
      const contexts = sample.reference_contexts.join('\n');
      for (const sentence of textStructure(sample.reference).sentences) expect(contexts).toContain(sentence.text);
    }
  });

  it('asks multi-hop questions that name the bridge entity and draw on every context', () => {
    const multiHop = seeded.samples.filter((sample) => sample.synthesizer_name === 'multi_hop_specific');
    expect(multiHop).toHaveLength(3);
    for (const sample of multiHop) {
      expect(sample.bridge?.type).toBe('entities');
      const keys = sample.bridge?.type === 'entities' ? sample.bridge.entities : [];
      expect(keys.some((key) => canonicalEntityKey(sample.user_input).includes(key)), sample.user_input).toBe(true);
      for (const context of sample.reference_contexts) {
        expect(textStructure(sample.reference).sentences.some((sentence) => context.includes(sentence.text))).toBe(true);
      }
    }
  });

  it('gives the same testset for the same seed, byte for byte, without a cache', async () => {
    const again = await generate('again', '-n', '10', '--seed', '7');
    expect(readFileSync(again.file, 'utf8')).toBe(readFileSync(seeded.file, 'utf8'));
    const other = await generate('other', '-n', '10', '--seed', '8');
    expect(other.samples.map((s) => s.user_input)).not.toEqual(seeded.samples.map((s) => s.user_input));
  });
});
