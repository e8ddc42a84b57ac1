import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { createOfflineEmbeddingModel } from '../../../src/llm/offline/embedding.js';
import { BABBAGE, CHINESE, GERMAN, JAPANESE, LOVELACE, NODE_STREAMS, VOLCANO } from './prose.js';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const norm = (a: Float32Array) => Math.sqrt(cosine(a, a));

async function embed(texts: string[], fit?: string[]) {
  const model = createOfflineEmbeddingModel({ dimensions: 256 });
  if (fit) model.fit(fit);
  return (await model.doEmbed(texts)).vectors;
}

describe('offline embeddings (hashed TF-IDF)', () => {
  it('declares the offline provider and the requested dimension', async () => {
    const model = createOfflineEmbeddingModel({ dimensions: 128 });
    expect([model.provider, model.modelId, model.dimensions]).toEqual(['offline', 'offline', 128]);
    const { vectors, tokens } = await model.doEmbed([VOLCANO]);
    expect(vectors[0]).toHaveLength(128);
    expect(tokens).toBeGreaterThan(50);
    expect(createOfflineEmbeddingModel().dimensions).toBe(512);
  });

  it('is deterministic across model instances and L2-normalised', async () => {
    const [a] = await embed([LOVELACE], [LOVELACE, VOLCANO]);
    const [b] = await embed([LOVELACE], [LOVELACE, VOLCANO]);
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
    expect(norm(a as Float32Array)).toBeCloseTo(1, 5);
  });

  it('puts texts on the same subject closer than unrelated ones, before and after fitting', async () => {
    for (const fit of [undefined, [LOVELACE, BABBAGE, VOLCANO, NODE_STREAMS, GERMAN]]) {
      const [lovelace, babbage, volcano, streams] = (await embed([LOVELACE, BABBAGE, VOLCANO, NODE_STREAMS], fit)) as Float32Array[];
      expect(cosine(lovelace as Float32Array, babbage as Float32Array)).toBeGreaterThan(cosine(lovelace as Float32Array, volcano as Float32Array));
      expect(cosine(lovelace as Float32Array, babbage as Float32Array)).toBeGreaterThan(cosine(babbage as Float32Array, streams as Float32Array));
    }
  });

  it('embeds unspaced scripts by their words', async () => {
    const [chinese, chineseAgain, japanese] = (await embed([CHINESE, '罗塞塔石碑上的象形文字由商博良破译。', JAPANESE])) as Float32Array[];
    expect(cosine(chinese as Float32Array, chineseAgain as Float32Array)).toBeGreaterThan(cosine(chinese as Float32Array, japanese as Float32Array));
    expect(norm(japanese as Float32Array)).toBeCloseTo(1, 5);
  });

  it('gives empty and stopword-only texts a finite unit vector', async () => {
    const vectors = await embed(['', 'the and of', '—'], [LOVELACE]);
    for (const vector of vectors) {
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('fingerprints the fit: unfitted, fitted, refitted on another corpus', () => {
    const model = createOfflineEmbeddingModel({ dimensions: 64 });
    const unfitted = model.fingerprint();
    model.fit([LOVELACE, BABBAGE]);
    const first = model.fingerprint();
    model.fit([LOVELACE, BABBAGE]);
    expect(model.fingerprint()).toBe(first);
    model.fit([VOLCANO]);
    expect(new Set([unfitted, first, model.fingerprint()]).size).toBe(3);
    expect(createOfflineEmbeddingModel({ dimensions: 32 }).fingerprint()).not.toBe(unfitted);
  });

  it('weights rare terms up once fitted', async () => {
    const model = createOfflineEmbeddingModel({ dimensions: 1024 });
    const single = createOfflineEmbeddingModel({ dimensions: 1024 });
    const [etna, engine] = (await single.doEmbed(['Etna', 'engine'])).vectors as [Float32Array, Float32Array];
    const [before] = (await model.doEmbed(['engine Etna'])).vectors as [Float32Array];
    expect(cosine(before, etna)).toBeCloseTo(cosine(before, engine), 5);
    // "engine" is in three of four texts, "Etna" in one: after the fit, Etna dominates the query.
    model.fit([LOVELACE, BABBAGE, 'The engine of a car.', VOLCANO]);
    const [after] = (await model.doEmbed(['engine Etna'])).vectors as [Float32Array];
    expect(cosine(after, etna)).toBeGreaterThan(cosine(after, engine) + 0.1);
  });

  it('rejects a dimension it cannot use', () => {
    expect(() => createOfflineEmbeddingModel({ dimensions: 4 })).toThrow(UsageError);
  });
});
