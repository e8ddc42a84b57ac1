import { z } from 'zod';
import { UsageError } from '../src/errors.js';
import type { LlmClient } from '../src/llm/types.js';
import type { Shard } from './blocks.js';

/**
 * A testset larger than the ceiling is almost always a typo (`-n 1e9`) and would run for
 * days and spend accordingly, so it needs an explicit go-ahead; without one the run prints
 * what it would cost and stops before the first LLM call.
 */
export const DEFAULT_SIZE_CEILING = 10_000;

const count = (n: number) => n.toLocaleString('en-US');

export const SizeCeilingSettings = z.object({
  sizeCeiling: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SIZE_CEILING)
    .describe(`samples a run makes without --yes (default ${count(DEFAULT_SIZE_CEILING)}); above it the run prints its estimated calls and cost and stops`),
  yes: z.boolean().default(false).describe('go ahead with a size above the size ceiling'),
});
export type SizeCeilingSettings = z.output<typeof SizeCeilingSettings>;

/**
 * Tokens of one synthesize or verify request with the default chunking (up to 512 tokens per
 * context, two contexts, the instructions) and of its answer: a round upper-middle figure,
 * since the estimate only has to tell hundreds of dollars from millions.
 */
export const TOKENS_PER_CALL = { promptTokens: 1_500, completionTokens: 250 } as const;

export interface SizeEstimate {
  /** Samples this process makes (a shard's share of the plan). */
  samples: number;
  /** One synthesize call per sample, plus one verify call when verifying (more when candidates are rejected). */
  calls: number;
  /** Estimated USD for those calls; undefined when a model has no price. */
  costUsd: number | undefined;
}

export function estimateSize(size: number, llm: LlmClient, options: { verify: boolean; shard?: Shard | undefined }): SizeEstimate {
  const samples = options.shard ? Math.ceil(size / options.shard.count) : size;
  const perCall = (stage: 'synthesize' | 'verify') =>
    llm.estimateCostUsd(stage, { promptTokens: samples * TOKENS_PER_CALL.promptTokens, completionTokens: samples * TOKENS_PER_CALL.completionTokens });
  const costs = options.verify ? [perCall('synthesize'), perCall('verify')] : [perCall('synthesize')];
  const costUsd = costs.some((cost) => cost === undefined) ? undefined : costs.reduce((sum: number, cost) => sum + (cost as number), 0);
  return { samples, calls: samples * costs.length, costUsd };
}


/** Throws `UsageError` (exit 2) with the estimate when the run is above the ceiling and not confirmed. */
export function checkSizeCeiling(
  size: number,
  llm: LlmClient,
  options: SizeCeilingSettings & { verify: boolean; shard?: Shard | undefined },
): void {
  const estimate = estimateSize(size, llm, options);
  if (estimate.samples <= options.sizeCeiling || options.yes) return;
  const cost =
    estimate.costUsd === undefined
      ? `the models' prices are unknown (--prices FILE)`
      : `about $${count(Math.ceil(estimate.costUsd))} at ${llm.chatModelIdFor('synthesize')}'s prices`;
  throw new UsageError(
    `-n ${count(size)} is above the size ceiling of ${count(options.sizeCeiling)} samples per run: at least ${count(estimate.calls)} LLM calls ` +
      `(${options.verify ? 'one synthesize and one verify' : 'one synthesize'} per sample, more when candidates are rejected), ${cost}`,
    'pass --yes to go ahead, or lower -n',
  );
}
