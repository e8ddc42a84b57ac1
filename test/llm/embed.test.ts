import { describe, expect, it } from 'vitest';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { hashedVector } from '../support/fake-openai/vectors.js';
import { ALAN_TURING, PANAMA_CANAL, TRANSIT_OF_VENUS } from './texts.js';

const sentences = [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING].flatMap((t) => t.split(/(?<=\.) /));

/** 300 distinct texts built from real sentences. */
const manyTexts = Array.from({ length: 300 }, (_, i) => `${sentences[i % sentences.length]} (passage ${i})`);

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

const fake = useFakeOpenAI();

describe('embeddings', () => {
  it('batches 300 texts into 3 requests of at most 128 and returns vectors in input order', async () => {
    const llm = createFakeLlmClient(fake, { concurrency: 2 });
    const vectors = await llm.embed({ stage: 'embed', texts: manyTexts });
    expect(fake.counters.embeddings).toBe(3);
    const sizes = fake.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => b - a);
    expect(sizes).toEqual([128, 128, 44]);
    expect(vectors).toHaveLength(300);
    // The SDK asked for base64; decoded vectors equal what the server computed for each text.
    expect(fake.requests.every((r) => r.body.encoding_format === 'base64')).toBe(true);
    manyTexts.forEach((text, i) => expect(vectors[i]).toEqual(hashedVector(text, 256)));
    expect(llm.usage().stages.embed).toMatchObject({ calls: 3, cacheHits: 0, failures: 0 });
    expect(llm.usage().stages.embed?.promptTokens).toBeGreaterThan(0);
  });

  it('caps the batch at the model maximum and sends duplicate texts once', async () => {
    const llm = createFakeLlmClient(fake, { maxBatch: 50 });
    const texts = [...manyTexts.slice(0, 120), ...manyTexts.slice(0, 30)];
    const vectors = await llm.embed({ stage: 'embed', texts });
    expect(fake.counters.embeddings).toBe(3);
    expect(fake.counters.embeddedTexts).toBe(120);
    expect(vectors[120]).toEqual(vectors[0]);
  });

  it('asks for the configured dimensions', async () => {
    const llm = createFakeLlmClient(fake, { dimensions: 64 });
    const [vector] = await llm.embed({ stage: 'embed', texts: ['Gatun Lake raised ships twenty-six metres.'] });
    expect(vector).toHaveLength(64);
    expect(fake.requests[0]?.body.dimensions).toBe(64);
  });

  it('gives related texts closer vectors than unrelated ones', async () => {
    const llm = createFakeLlmClient(fake);
    const [canal, canalAgain, turing] = await llm.embed({
      stage: 'embed',
      texts: [
        'Yellow fever killed thousands of workers digging the Panama Canal.',
        'Gorgas brought yellow fever under control along the Panama Canal.',
        'Turing designed the bombe at Bletchley Park.',
      ],
    });
    expect(cosine(canal as Float32Array, canalAgain as Float32Array)).toBeGreaterThan(cosine(canal as Float32Array, turing as Float32Array));
  });

  it('returns an empty list for no texts without calling the server', async () => {
    expect(await createFakeLlmClient(fake).embed({ stage: 'embed', texts: [] })).toEqual([]);
    expect(fake.counters.embeddings).toBe(0);
  });
});
