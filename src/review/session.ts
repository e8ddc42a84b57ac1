import { UsageError } from '../errors.js';
import { readTestset } from '../testset/read.js';
import type { Sample } from '../testset/sample.js';
import { inferTestsetFormat, type TestsetFormat, writeTestset } from '../testset/write.js';
import { applyDecision, type Decision, type DecisionResult } from './decision.js';

/**
 * The testset under review: every decision is written to the file before it is confirmed,
 * atomically (write beside, rename over) and one write at a time, so stopping at any moment
 * leaves the file with every confirmed decision and never half of one.
 */
export interface ReviewSession {
  readonly path: string;
  samples(): readonly Sample[];
  decide(id: string, decision: Decision): Promise<DecisionResult | undefined>;
  /** Resolves once every accepted decision is on disk. */
  flushed(): Promise<void>;
}

export async function openReviewSession(path: string, options: { now?: () => Date } = {}): Promise<ReviewSession> {
  const format: TestsetFormat = inferTestsetFormat(path);
  const { samples: loaded, errors } = await readTestset(path, format);
  const [first] = errors;
  // Writing the file back would drop records the schema cannot read.
  if (first) throw new UsageError(`${path}:${first.line}: ${first.reason}`, 'fix or remove the bad records before reviewing');
  if (loaded.length === 0) throw new UsageError(`${path} has no samples to review`, 'generate a testset first with `ragset generate`');
  const samples = [...loaded];
  const index = new Map(samples.map((sample, i) => [sample.id, i]));
  const now = options.now ?? (() => new Date());
  let writing: Promise<void> = Promise.resolve();
  return {
    path,
    samples: () => samples,
    async decide(id, decision) {
      const at = index.get(id);
      if (at === undefined) return undefined;
      const result = applyDecision(samples[at] as Sample, decision, now().toISOString());
      if (!result.ok) return result;
      const before = samples[at] as Sample;
      samples[at] = result.sample;
      const snapshot = [...samples];
      writing = writing.catch(() => undefined).then(() => writeTestset(snapshot, path, format));
      try {
        await writing;
      } catch (error) {
        samples[at] = before; // not on disk, so not decided
        throw error;
      }
      return result;
    },
    flushed: () => writing.catch(() => undefined),
  };
}
