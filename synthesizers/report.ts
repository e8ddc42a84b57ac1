import type { ModelNote, UsageReport } from '../src/llm/types.js';
import { DIFFICULTIES, type Difficulty, type Sample } from '../src/testset/sample.js';
import type { CategoryReport } from './categories.js';
import type { DifficultyCells } from './difficulty-mix.js';
import type { Shortfall } from './plan.js';
import type { SteerOutcomes } from './cell-exchange.js';
import type { AbandonedSlot } from './run.js';
import type { SampleFailure } from './slot-fills.js';
import { REJECTION_CODES, type RejectionReason } from './verify/reasons.js';
import type { TermsRemoved } from './corpus.js';

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
  /** Styles and lengths as planned (balanced per synthesizer) before any shortfall. */
  planned: { styles: Record<string, number>; lengths: Record<string, number> };
  personas: Record<string, number>;
  /**
   * Candidates dropped because two of their chunks are near-duplicates, and the terms kept from
   * bridging chunks or naming personas, by rule (src/hygiene/terms.ts).
   */
  hygiene: { nearDuplicateCandidates: number; termsRemoved: TermsRemoved };
  /** Samples per retrieval difficulty (every sample is labelled, with or without a difficulty mix). */
  difficulties: Record<string, number>;
  /** The difficulty mix per synthesizer: planned and made; null without --difficulty. */
  difficultyMix: DifficultyMixReport | null;
  /** Per categorization dimension, category counts requested and made; null when the run declared none. */
  categories: CategoryReport | null;
  /** Samples that failed and were replaced, by reason. */
  replaced: Record<string, number>;
  /** Every candidate, kept or rejected by reason, overall and per synthesizer. */
  candidates: CandidateReport;
  notes: string[];
  usage: UsageReport;
}

export interface CandidateCounts {
  candidates: number;
  accepted: number;
  rejected: Record<RejectionReason, number>;
}

export interface CandidateReport extends CandidateCounts {
  /** false with `--no-verify`. */
  verified: boolean;
  /** `support` or `ablation`; null without verification. */
  hop_check: string | null;
  /** The verify stage's judge; null without verification. */
  model: string | null;
  /** A slot gives up after this many candidates. */
  attempts_per_slot: number;
  by_synthesizer: Record<string, CandidateCounts>;
}

function emptyCounts(): CandidateCounts {
  return { candidates: 0, accepted: 0, rejected: Object.fromEntries(REJECTION_CODES.map((code) => [code, 0])) as Record<RejectionReason, number> };
}

export function candidateReport(
  run: { samples: readonly Sample[]; failures: readonly SampleFailure[]; candidates: Readonly<Record<string, number>> },
  names: readonly string[],
  settings: Pick<CandidateReport, 'verified' | 'hop_check' | 'model' | 'attempts_per_slot'>,
): CandidateReport {
  const total = emptyCounts();
  const bySynthesizer: Record<string, CandidateCounts> = Object.fromEntries(names.map((name) => [name, emptyCounts()]));
  const of = (name: string) => (bySynthesizer[name] ??= emptyCounts());
  for (const [name, count] of Object.entries(run.candidates)) {
    of(name).candidates += count;
    total.candidates += count;
  }
  for (const sample of run.samples) {
    of(sample.synthesizer_name).accepted++;
    total.accepted++;
  }
  for (const failure of run.failures) {
    of(failure.synthesizer).rejected[failure.code]++;
    total.rejected[failure.code]++;
  }
  return { ...settings, ...total, by_synthesizer: bySynthesizer };
}

/** Adds counts key by key (per-block counts → the run's). */
export function sumCounts(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, count] of Object.entries(record)) total[key] = (total[key] ?? 0) + count;
  return total;
}

export interface DifficultyShortfall {
  synthesizer: string;
  difficulty: Difficulty;
  requested: number;
  achieved: number;
  /** What the candidates written for this cell's slots measured, by difficulty: why the cell fell short. */
  measured: Record<Difficulty, number>;
}

export interface DifficultyMixReport {
  /** The cells the samples are held to: the plan's, after slots traded difficulties across kinds (same margins). */
  requested: DifficultyCells;
  /** The plan's split of the two margins into cells, before any trade. */
  planned: DifficultyCells;
  /** Slots that traded their wanted difficulty with another kind's slot (cell-exchange.ts). */
  exchanged: number;
  achieved: DifficultyCells;
  shortfalls: DifficultyShortfall[];
  /** The bound: candidates of another difficulty a slot sees before it takes any difficulty. */
  difficultyAttempts: number;
  /** Slots that reached the bound. */
  relaxed: number;
}

export function mergeOutcomes(parts: readonly SteerOutcomes[]): SteerOutcomes {
  const total: SteerOutcomes = {};
  for (const part of parts) {
    for (const [synthesizer, wanted] of Object.entries(part)) {
      for (const [want, measured] of Object.entries(wanted) as [Difficulty, Record<Difficulty, number>][]) {
        const cell = ((total[synthesizer] ??= {})[want] ??= { easy: 0, medium: 0, hard: 0 });
        for (const d of DIFFICULTIES) cell[d] += measured[d];
      }
    }
  }
  return total;
}

export function sumCells(parts: readonly DifficultyCells[]): DifficultyCells {
  const total: DifficultyCells = {};
  for (const part of parts) {
    for (const [synthesizer, cell] of Object.entries(part)) {
      const sum = (total[synthesizer] ??= { easy: 0, medium: 0, hard: 0 });
      for (const d of DIFFICULTIES) sum[d] += cell[d];
    }
  }
  return total;
}

export function difficultyMixReport(
  planned: DifficultyCells,
  samples: readonly Sample[],
  run: { difficultyAttempts: number; relaxed: number; outcomes: SteerOutcomes; exchanged: number; cells: DifficultyCells },
): DifficultyMixReport {
  const { difficultyAttempts, relaxed, exchanged } = run;
  // Every planned kind keeps a row, also when all its slots moved to other kinds.
  const requested: DifficultyCells = Object.fromEntries(Object.keys(planned).map((name) => [name, run.cells[name] ?? { easy: 0, medium: 0, hard: 0 }]));
  const achieved: DifficultyCells = {};
  for (const name of Object.keys(requested)) achieved[name] = { easy: 0, medium: 0, hard: 0 };
  for (const sample of samples) {
    if (sample.difficulty === null) continue;
    const cell = (achieved[sample.synthesizer_name] ??= { easy: 0, medium: 0, hard: 0 });
    cell[sample.difficulty]++;
  }
  const shortfalls = Object.entries(requested).flatMap(([synthesizer, cells]) =>
    DIFFICULTIES.filter((difficulty) => (achieved[synthesizer]?.[difficulty] ?? 0) < cells[difficulty]).map((difficulty) => ({
      synthesizer,
      difficulty,
      requested: cells[difficulty],
      achieved: achieved[synthesizer]?.[difficulty] ?? 0,
      measured: { easy: 0, medium: 0, hard: 0, ...run.outcomes[synthesizer]?.[difficulty] },
    })),
  );
  return { requested, planned, exchanged, achieved, shortfalls, difficultyAttempts, relaxed };
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

/** `ungrounded 6, hop_unused 3`: a synthesizer's rejections, most frequent first. */
function rejectionSummary(failures: readonly SampleFailure[], synthesizer: string): string {
  const counts = countBy(failures.filter((f) => f.synthesizer === synthesizer), (f) => f.code);
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
}

export function reportNotes(input: {
  size: number;
  samples: readonly Sample[];
  shortfalls: readonly Shortfall[];
  difficultyMix: DifficultyMixReport | null;
  failures: readonly SampleFailure[];
  abandoned: readonly AbandonedSlot[];
  attemptsPerSlot: number;
  verified: boolean;
  /** What the LLM client says about its models; a note about a stage shows only when the stage ran. */
  modelNotes: readonly ModelNote[];
}): string[] {
  const notes = input.shortfalls.map((s) => {
    const gaveUp = input.abandoned.filter((slot) => slot.synthesizer === s.synthesizer).length;
    const cause =
      gaveUp > 0
        ? `${gaveUp} slot(s) gave up after ${input.attemptsPerSlot} rejected candidates each (${rejectionSummary(input.failures, s.synthesizer)})`
        : s.available < s.requested
          ? `the graph offers only ${s.available} scenario(s): ${WHY[s.synthesizer] ?? 'too few candidates'}`
          : `its scenarios ran out after rejected candidates (${rejectionSummary(input.failures, s.synthesizer)})`;
    return `${s.synthesizer}: made ${s.achieved} of ${s.requested} — ${cause}.`;
  });
  const filledElsewhere = input.shortfalls.reduce((sum, s) => sum + s.requested - s.achieved, 0) - (input.size - input.samples.length);
  if (filledElsewhere > 0) notes.push(`${filledElsewhere} sample(s) were made by other synthesizers instead.`);
  if (input.samples.length < input.size) {
    const why = input.abandoned.length > 0 ? `${input.abandoned.length} slot(s) used up their ${input.attemptsPerSlot} attempts` : 'every synthesizer ran out of scenarios';
    notes.push(`Only ${input.samples.length} of ${input.size} samples: ${why}; add documents or lower -n.`);
  }
  const mix = input.difficultyMix;
  if (mix && mix.exchanged > 0) {
    const moved = Object.keys(mix.planned).flatMap((name) =>
      DIFFICULTIES.filter((d) => (mix.requested[name]?.[d] ?? 0) !== (mix.planned[name]?.[d] ?? 0)).map((d) => {
        const change = (mix.requested[name]?.[d] ?? 0) - (mix.planned[name]?.[d] ?? 0);
        return `${name} × ${d} ${change > 0 ? '+' : ''}${change}`;
      }),
    );
    notes.push(`${mix.exchanged} slot(s) traded a difficulty their kind did not reach with another kind's slot; both margins are unchanged, the cells moved: ${moved.join(', ')}.`);
  }
  for (const s of input.difficultyMix?.shortfalls ?? []) {
    const written = DIFFICULTIES.reduce((sum, d) => sum + s.measured[d], 0);
    const measured = DIFFICULTIES.filter((d) => s.measured[d] > 0).map((d) => `${d} ${s.measured[d]}`).join(', ');
    notes.push(
      `${s.synthesizer} × ${s.difficulty}: made ${s.achieved} of ${s.requested} — the ${written} candidate(s) written for it measured ${measured || 'nothing'}; slots took any difficulty after ${input.difficultyMix?.difficultyAttempts} candidates of another difficulty each (difficultyAttempts).`,
    );
  }
  if (input.failures.length > 0) notes.push(`${input.failures.length} rejected candidate(s) were replaced with fresh scenarios.`);
  notes.push(...input.modelNotes.filter((note) => note.stage !== 'verify' || input.verified).map((note) => note.text));
  return notes;
}

/** `multi_hop_specific 3/5, single_hop_specific×hard 1/2, …`: the one-line shortfall message for `--strict`. */
export function describeShortfalls(shortfalls: readonly Shortfall[], difficulty: readonly DifficultyShortfall[] = []): string {
  return [
    ...shortfalls.map((s) => `${s.synthesizer} ${s.achieved}/${s.requested}`),
    ...difficulty.map((s) => `${s.synthesizer}×${s.difficulty} ${s.achieved}/${s.requested}`),
  ].join(', ');
}
