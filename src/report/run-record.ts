import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { UsageReport } from '../llm/types.js';
import { describeIssues } from '../testset/read.js';
import { besideOutput } from '../testset/shards.js';
import { writeFileAtomic } from '../testset/write.js';

/**
 * What a `generate` run planned and spent, saved beside the testset as `<name>.run.json` so a
 * later `ragset report` can show requested vs achieved and the cost per stage.
 */

const Counts = z.record(z.string(), z.number().int().min(0));

export const StageCost = z.object({
  /** `build` (graph) or `generate` (samples), or `report` (question embeddings). */
  phase: z.string(),
  stage: z.string(),
  calls: z.number().int().min(0),
  cacheHits: z.number().int().min(0),
  failures: z.number().int().min(0),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
});
export type StageCost = z.infer<typeof StageCost>;

export const RunRecord = z.object({
  seed: z.string(),
  size: z.number().int().min(1),
  /** Planned counts per dimension (sample field → label → samples). */
  requested: z.record(z.string(), Counts),
  /** Labels the run offered per dimension, including those no sample got. */
  offered: z.record(z.string(), z.array(z.string())),
  costs: z.array(StageCost),
  notes: z.array(z.string()),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** `dir/testset.jsonl` → `dir/testset.run.json`. */
export const runRecordPath = (testset: string) => besideOutput(testset, '.run.json');

/** One row per stage of a usage ledger, tagged with its phase. */
export function stageCosts(phase: string, usage: UsageReport): StageCost[] {
  return Object.entries(usage.stages).map(([stage, cost]) => ({ phase, stage, ...cost }));
}

const COUNTERS = ['calls', 'cacheHits', 'failures', 'promptTokens', 'completionTokens', 'costUsd'] as const;

/** What a ledger spent between two of its reports, per stage; stages that did nothing are left out. */
export function costsSince(phase: string, before: UsageReport, after: UsageReport): StageCost[] {
  return stageCosts(phase, after)
    .map((row) => {
      const earlier = before.stages[row.stage as keyof UsageReport['stages']];
      const delta = { ...row };
      for (const key of COUNTERS) delta[key] = row[key] - (earlier?.[key] ?? 0);
      return delta;
    })
    .filter((row) => row.calls > 0 || row.cacheHits > 0 || row.failures > 0);
}

export async function writeRunRecord(path: string, record: RunRecord): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(RunRecord.parse(record), null, 2)}\n`);
}

/** The record beside a testset, or undefined when there is none. */
export async function readRunRecord(path: string): Promise<RunRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`, 'delete it or regenerate the testset');
  }
  const result = RunRecord.safeParse(json);
  if (!result.success) throw new UsageError(`${path}: ${describeIssues(result.error)}`, 'delete it or regenerate the testset');
  return result.data;
}
