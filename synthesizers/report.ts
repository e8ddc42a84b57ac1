import type { UsageReport } from '../src/llm/types.js';
import type { Sample } from '../src/testset/sample.js';
import type { Shortfall } from './plan.js';
import type { SampleFailure } from './run.js';

/** What a generation run did, in numbers and plain sentences, for the CLI summary and `--json`. */
export interface GenerateReport {
  seed: string;
  /** Samples asked of this run: the testset's size, or a shard's slots. */
  size: number;
  /** With `shard`: which slice of the plan this run made, and its slots `[start, end)`. */
  shard?: { index: number; count: number; slots: { start: number; end: number }; plan: string };
  /** Per synthesizer, from the mix. */
  requested: Record<string, number>;
  achieved: Record<string, number>;
  /** Scenarios the graph offers each synthesizer. */
  available: Record<string, number>;
  shortfalls: Shortfall[];
  styles: Record<string, number>;
  lengths: Record<string, number>;
  personas: Record<string, number>;
  /** Samples that failed and were replaced, by reason. */
  replaced: Record<string, number>;
  notes: string[];
  usage: UsageReport;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string, keys: readonly string[] = []): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Why a synthesizer had too few scenarios, in words a user can act on. */
const WHY: Readonly<Record<string, string>> = {
  multi_hop_specific: 'too few chunk pairs share an entity (shares_entities edges)',
  multi_hop_abstract: 'too few chunks are linked by similarity (similar edges)',
  single_hop_specific: 'too few extracted chunks',
};

export function shortfallsOf(requested: Record<string, number>, achieved: Record<string, number>, available: Record<string, number>): Shortfall[] {
  return Object.keys(requested)
    .filter((name) => (achieved[name] ?? 0) < (requested[name] ?? 0))
    .map((name) => ({ synthesizer: name, requested: requested[name] ?? 0, achieved: achieved[name] ?? 0, available: available[name] ?? 0 }));
}

export function reportNotes(input: {
  size: number;
  samples: readonly Sample[];
  shortfalls: readonly Shortfall[];
  failures: readonly SampleFailure[];
  provider: string;
}): string[] {
  const notes = input.shortfalls.map((s) => {
    const cause = s.available < s.requested ? `the graph offers only ${s.available} scenario(s): ${WHY[s.synthesizer] ?? 'too few candidates'}` : 'its scenarios ran out after failed samples';
    return `${s.synthesizer}: made ${s.achieved} of ${s.requested} — ${cause}.`;
  });
  const filledElsewhere = input.shortfalls.reduce((sum, s) => sum + s.requested - s.achieved, 0) - (input.size - input.samples.length);
  if (filledElsewhere > 0) notes.push(`${filledElsewhere} sample(s) were made by other synthesizers instead.`);
  if (input.samples.length < input.size) {
    notes.push(`Only ${input.samples.length} of ${input.size} samples: every synthesizer ran out of scenarios; add documents or lower -n.`);
  }
  if (input.failures.length > 0) notes.push(`${input.failures.length} failed sample(s) were replaced with fresh scenarios.`);
  if (input.provider === 'offline') {
    notes.push('Offline provider: questions are template-based and answers are quoted sentences; an LLM endpoint (--provider openai with OPENAI_API_KEY or OPENAI_BASE_URL) gives natural questions.');
  }
  return notes;
}

/** `multi_hop_specific 3/5, …`: the one-line shortfall message for `--strict`. */
export function describeShortfalls(shortfalls: readonly Shortfall[]): string {
  return shortfalls.map((s) => `${s.synthesizer} ${s.achieved}/${s.requested}`).join(', ');
}
