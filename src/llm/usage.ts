import { z } from 'zod';
import type { Stage, StageUsage, TokenPrice, TokenUsage, UsageReport } from './types.js';

/**
 * The per-stage ledger: every call, cache hit and failure is attributed to a stage, with
 * tokens and an estimated cost from a price table (USD per million tokens). A model missing
 * from the table costs what it says itself (a model run on this machine says 0), or else
 * 0 and is listed, so a report never pretends to know a price.
 */
export const ModelPrice = z.object({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative().default(0),
});
export type ModelPrice = z.output<typeof ModelPrice>;

export const PriceTable = z.record(z.string().min(1), ModelPrice);
export type PriceTable = z.output<typeof PriceTable>;

/** OpenAI list prices (standard tier) for common models; override with a price file. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  'text-embedding-ada-002': { inputPerMillion: 0.1, outputPerMillion: 0 },
};

/** Exact match first, then the longest name that prefixes a dated snapshot (`gpt-4o-mini-2024-07-18`). */
export function priceFor(table: PriceTable, modelId: string): ModelPrice | undefined {
  const exact = table[modelId];
  if (exact) return exact;
  const prefix = Object.keys(table)
    .filter((name) => modelId.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : table[prefix];
}

/** The table's price for a model, else the model's own (a model run on this machine says 0), else none. */
export function resolvePrice(table: PriceTable, modelId: string, ownPrice?: TokenPrice): TokenPrice | undefined {
  return priceFor(table, modelId) ?? ownPrice;
}

export function costUsd(price: ModelPrice | undefined, usage: TokenUsage): number {
  if (!price) return 0;
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
}

export interface UsageLedger {
  recordCall(stage: Stage, modelId: string, usage: TokenUsage, ownPrice?: TokenPrice): void;
  recordCacheHit(stage: Stage, count?: number): void;
  recordFailure(stage: Stage): void;
  recordRetry(stage: Stage): void;
  recordTimeout(stage: Stage): void;
  recordRepair(stage: Stage): void;
  report(): UsageReport;
}

function emptyStage(): StageUsage {
  return { calls: 0, cacheHits: 0, failures: 0, retries: 0, timeouts: 0, repairs: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
}

/** Stages in pipeline order, so reports read top to bottom like the run. */
export const STAGE_ORDER: readonly Stage[] = ['extract', 'embed', 'persona', 'synthesize', 'verify', 'ablation', 'repair', 'embed_questions', 'critic', 'profile_classify', 'profile_personas', 'embed_queries'];

export function createUsageLedger(prices: PriceTable = DEFAULT_PRICES): UsageLedger {
  const stages = new Map<Stage, StageUsage>();
  const unpriced = new Set<string>();
  const entry = (stage: Stage) => {
    let usage = stages.get(stage);
    if (!usage) {
      usage = emptyStage();
      stages.set(stage, usage);
    }
    return usage;
  };
  return {
    recordCall(stage, modelId, usage, ownPrice) {
      const price = resolvePrice(prices, modelId, ownPrice);
      if (!price) unpriced.add(modelId);
      const s = entry(stage);
      s.calls += 1;
      s.promptTokens += usage.promptTokens;
      s.completionTokens += usage.completionTokens;
      s.costUsd += costUsd(price, usage);
    },
    recordCacheHit(stage, count = 1) {
      entry(stage).cacheHits += count;
    },
    recordFailure(stage) {
      entry(stage).failures += 1;
    },
    recordRetry(stage) {
      entry(stage).retries += 1;
    },
    recordTimeout(stage) {
      entry(stage).timeouts += 1;
    },
    recordRepair(stage) {
      entry(stage).repairs += 1;
    },
    report() {
      const report: UsageReport = { stages: {}, total: emptyStage() };
      for (const stage of STAGE_ORDER) {
        const usage = stages.get(stage);
        if (!usage) continue;
        report.stages[stage] = { ...usage };
        for (const field of Object.keys(report.total) as (keyof StageUsage)[]) report.total[field] += usage[field];
      }
      if (unpriced.size > 0) report.unpricedModels = [...unpriced].sort();
      return report;
    },
  };
}
