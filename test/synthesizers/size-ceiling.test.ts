import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createLlmClient } from '../../src/llm/client.js';
import { createOfflineChatModel, createOfflineEmbeddingModel } from '../../src/llm/offline/index.js';
import type { ChatModel } from '../../src/llm/types.js';
import { checkSizeCeiling, DEFAULT_SIZE_CEILING, estimateSize, TOKENS_PER_CALL } from '../../synthesizers/size-ceiling.js';

const priced = (modelId: string) => {
  const offline = createOfflineChatModel();
  const chat: ChatModel = { ...offline, modelId, price: undefined, doChat: offline.doChat.bind(offline) };
  return createLlmClient({ chat, embedding: createOfflineEmbeddingModel() });
};

describe('size ceiling', () => {
  it('estimates calls and cost from the price table: one synthesize and one verify call per sample', () => {
    const estimate = estimateSize(1_000_000, priced('gpt-4o'), { verify: true });
    const perCall = (TOKENS_PER_CALL.promptTokens * 2.5 + TOKENS_PER_CALL.completionTokens * 10) / 1_000_000;
    expect(estimate).toEqual({ samples: 1_000_000, calls: 2_000_000, costUsd: expect.closeTo(2_000_000 * perCall, 6) });
    expect(estimateSize(1_000_000, priced('gpt-4o'), { verify: false }).calls).toBe(1_000_000);
    expect(estimateSize(1_000_000, priced('my-own-model'), { verify: true }).costUsd).toBeUndefined();
  });

  it('a shard is judged on its own share of the plan', () => {
    expect(estimateSize(30_000, priced('gpt-4o'), { verify: true, shard: { index: 1, count: 3 } }).samples).toBe(10_000);
    expect(() => checkSizeCeiling(30_000, priced('gpt-4o'), { sizeCeiling: DEFAULT_SIZE_CEILING, yes: false, verify: true, shard: { index: 2, count: 3 } })).not.toThrow();
  });

  it('above the ceiling: a usage error with the estimate, unless confirmed; at the ceiling: nothing', () => {
    const llm = priced('gpt-4o-mini');
    const settings = { sizeCeiling: DEFAULT_SIZE_CEILING, yes: false, verify: true };
    expect(() => checkSizeCeiling(DEFAULT_SIZE_CEILING, llm, settings)).not.toThrow();
    expect(() => checkSizeCeiling(DEFAULT_SIZE_CEILING + 1, llm, settings)).toThrow(UsageError);
    expect(() => checkSizeCeiling(DEFAULT_SIZE_CEILING + 1, llm, settings)).toThrow(/10,001 is above the size ceiling of 10,000 .* about \$8 at gpt-4o-mini's prices/);
    expect(() => checkSizeCeiling(10 ** 9, llm, { ...settings, yes: true })).not.toThrow();
    expect(() => checkSizeCeiling(10 ** 9, priced('my-own-model'), settings)).toThrow(/prices are unknown \(--prices FILE\)/);
  });
});
