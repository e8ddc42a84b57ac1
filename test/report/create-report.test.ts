import { describe, expect, it } from 'vitest';
import { createReport } from '../../src/api/report.js';
import { createLlmClient } from '../../src/llm/client.js';
import { createOfflineChatModel, createOfflineEmbeddingModel } from '../../src/llm/offline/index.js';
import type { EmbeddingModel } from '../../src/llm/types.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { samples } from '../testset/fixtures.js';

/** createReport with a graph: question embeddings when the endpoint works, a note (and still a report) when not. */

async function storeWithOneDocument() {
  const store = createMemoryStore();
  await store.upsertNodes([
    { id: 'doc_0011223344556677', kind: 'document', source: 'corpus/rosetta-stone.md', title: 'Rosetta', format: 'markdown', metadata: {}, text: 'x', summary: '' },
  ]);
  return store;
}

describe('createReport', () => {
  it('embeds the questions and reports their mean pairwise cosine and the calls it made', async () => {
    const llm = createLlmClient({ chat: createOfflineChatModel(), embedding: createOfflineEmbeddingModel() });
    const { data } = await createReport({ title: 't', samples, store: await storeWithOneDocument(), llm });
    expect(data.diversity.meanPairwiseCosine).toEqual(expect.any(Number));
    expect(data.costs?.map((cost) => [cost.phase, cost.stage, cost.calls])).toEqual([['report', 'embed_questions', 1]]);
    expect(data.coverage.documents).toEqual({ used: 1, total: 1 });
    expect(data.coverage.outsideCorpus).toBe(1);
  });

  it('still writes the report, with a note, when the embedding endpoint fails', async () => {
    const broken: EmbeddingModel = {
      provider: 'test',
      modelId: 'broken',
      maxBatch: 16,
      doEmbed: async () => {
        throw new Error('connection refused');
      },
    };
    const llm = createLlmClient({ chat: createOfflineChatModel(), embedding: broken, maxRetries: 0 });
    const { html, data } = await createReport({ title: 't', samples, store: await storeWithOneDocument(), llm });
    expect(data.diversity.meanPairwiseCosine).toBeNull();
    expect(data.notes.join(' ')).toMatch(/^Question embeddings failed \(.*connection refused.*\): no mean pairwise cosine\.$/);
    expect(html).toContain('connection refused');
  });
});
