import pLimit from 'p-limit';
import { z } from 'zod';
import type { GraphStore } from '../graph/store.js';
import { NoInputError, ShortfallError, UsageError } from '../src/errors.js';
import type { LlmClient } from '../src/llm/types.js';
import type { OnProgress } from '../src/progress.js';
import { stableHash } from '../src/hash.js';
import { createRng } from '../src/rng.js';
import { DIFFICULTIES, type Difficulty, type Sample } from '../src/testset/sample.js';
import type { Profile } from '../src/profile/profile.js';
import { categoryReport, planCategories } from './categories.js';
import { profileTargets } from './profile-targets.js';
import { loadCorpus, termsRemoved } from './corpus.js';
import { GenerateOptions, type GenerateOptionsInput } from './generate-options.js';
import { allocateDifficultyCells, parseDifficultyMix, type DifficultyCells, type DifficultyMixInput } from './difficulty-mix.js';
import { normalisedMixNote, parseMix, type Mix, type MixInput } from './mix.js';
import { personasFromGraph, type Persona, type PersonaProfile } from './personas.js';
import { planCounts, planSlots, type Slot } from './plan.js';
import { parseLengths, parseStyles } from './query-style.js';
import { candidateReport, countBy, describeShortfalls, difficultyMixReport, mergeOutcomes, reportNotes, shortfallsOf, sumCells, sumCounts, type GenerateReport } from './report.js';
import { createContextLoader } from './record.js';
import { BUILTIN_SYNTHESIZERS, checkRegistry } from './registry.js';
import { createRetrievalRanker } from './retrieval/ranker.js';
import { runSlots } from './run.js';
import { rejectionDetail, type SlotProgress } from './slot-progress.js';
import { blockSources, shardBlocks, slotBlocks } from './blocks.js';
import { scenarioStream, type ScenarioStream } from './stream.js';
import type { Synthesizer } from './types.js';
import { checkSizeCeiling } from './size-ceiling.js';
import type { RejectedCandidate } from './verify/reasons.js';

/**
 * `generateTestset`: a graph in, exactly `size` samples out (or fewer, said plainly, when
 * the graph cannot supply them or their candidates keep failing verification). LLM calls:
 * one `persona` call per persona cluster (none with `personas` given); per candidate, one
 * `synthesize` call and at most one `verify` call (`verification`, `absence` or `premise`; none
 * when a lexical pre-check rejects it), plus one `ablation` call per context of a passing multi-hop candidate with
 * `hopCheck: 'ablation'`. At most `attemptsPerSlot` candidates per sample.
 */

export interface GenerateTestsetOptions extends Omit<GenerateOptionsInput, 'mix' | 'difficulty' | 'styles' | 'lengths'> {
  store: GraphStore;
  llm: LlmClient;
  mix?: MixInput;
  /** Exact shares of retrieval difficulty, e.g. `easy=0.3,medium=0.4,hard=0.3`; default: no difficulty mix (every sample is still labelled). */
  difficulty?: DifficultyMixInput;
  /** Query styles and lengths (comma list or array); default: all built-in ones. */
  styles?: string | readonly string[];
  lengths?: string | readonly string[];
  /** Personas to use instead of deriving them from the graph. */
  personas?: readonly Persona[];
  /**
   * A profile of real queries (`ragset profile`): its length, formulation and category shares
   * replace the balanced styles and lengths and the categories' probabilities, with exact counts.
   */
  profile?: Profile;
  /** Registered synthesizers; default the built-ins (unanswerable and false-premise among them, made only when the mix gives them a share). */
  synthesizers?: readonly Synthesizer[];
  onProgress?: OnProgress;
}

export interface GenerateResult {
  samples: Sample[];
  /** Candidates synthesized but not kept (rejected by verification, or near-duplicates), in the order they were judged. */
  rejected: RejectedCandidate[];
  personas: Persona[];
  report: GenerateReport;
}

/** `strict` and a shortfall: the samples that were made travel with the error. */
export class GenerateShortfallError extends ShortfallError {
  readonly result: GenerateResult;
  constructor(result: GenerateResult) {
    const { shortfalls, difficultyMix } = result.report;
    super(`fewer samples of some kinds than asked (${describeShortfalls(shortfalls, difficultyMix?.shortfalls)})`, 'add documents, change the mix or the difficulty shares, or drop strict');
    this.name = 'GenerateShortfallError';
    this.result = result;
  }
}

function parseSettings<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options);
  if (!result.success) throw new UsageError(`invalid generate options: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`);
  return result.data;
}

const SizeSettings = GenerateOptions.pick({ size: true, sizeCeiling: true, yes: true, verify: true, shard: true });

/**
 * Stops a run above the size ceiling (size-ceiling.ts) with its estimate, before any LLM call:
 * callers that build the graph first call it before the build; `generateTestset` checks again.
 */
export function checkSize(options: z.input<typeof SizeSettings>, llm: LlmClient): void {
  const settings = parseSettings(SizeSettings, options);
  checkSizeCeiling(settings.size, llm, settings);
}

export async function generateFromStore(options: GenerateTestsetOptions): Promise<GenerateResult> {
  const settings = parseSettings(GenerateOptions, options);
  checkSizeCeiling(settings.size, options.llm, settings);
  const synthesizers = checkRegistry(options.synthesizers ?? BUILTIN_SYNTHESIZERS);
  const mix = parseMix(options.mix, synthesizers);
  const difficultyShares = options.difficulty === undefined ? null : parseDifficultyMix(options.difficulty);
  if (options.profile && (options.styles !== undefined || options.lengths !== undefined)) {
    throw new UsageError('a profile sets the query styles and lengths', 'drop --styles and --lengths, or --profile');
  }
  const styles = parseStyles(options.styles);
  const lengths = parseLengths(options.lengths);
  const targets = options.profile ? profileTargets(options.profile, settings.categorizations) : null;
  const categorizations = targets?.categorizations ?? settings.categorizations;
  const rng = createRng(settings.seed);

  const corpus = await loadCorpus(options.store, { minTokens: settings.minChunkTokens });
  if (corpus.chunks.length === 0) {
    throw new NoInputError('the graph has no extracted chunks to write questions from', 'build the graph first (ragset build) and check its failed chunks');
  }
  const profiles: PersonaProfile[] = options.personas
    ? options.personas.map((persona) => ({ persona: { name: persona.name, role_description: persona.role_description }, centroid: null }))
    : await personasFromGraph(corpus, options.llm, rng.fork('personas'), { count: settings.personaCount, onProgress: options.onProgress });
  if (profiles.length === 0) throw new UsageError('the persona list is empty', 'give at least one persona');

  const streams = new Map<string, ScenarioStream>();
  const available: Record<string, number> = {};
  let nearDuplicateCandidates = 0;
  const answerable = (synthesizer: Synthesizer) => (synthesizer.questionType ?? 'answerable') === 'answerable';
  // Unanswerable and false-premise questions are in the mix only when it gives them a share (mix.ts).
  const inMix = synthesizers.filter((synthesizer) => mix.some((entry) => entry.name === synthesizer.name));
  for (const synthesizer of inMix) {
    // A passage and its own copy are not two hops, nor two contexts: whatever the synthesizer proposes.
    const proposed = await synthesizer.candidates(options.store, corpus);
    const candidates = proposed.filter((candidate) => candidate.chunkIds.length < 2 || !corpus.nearDuplicates(candidate.chunkIds));
    nearDuplicateCandidates += proposed.length - candidates.length;
    const stream = scenarioStream(synthesizer, candidates, { corpus, personas: profiles, rng: rng.fork(synthesizer.name) });
    available[synthesizer.name] = stream.length;
    streams.set(synthesizer.name, stream);
  }

  const counts = planCounts(mix, settings.size, available);
  // Difficulty is where reference chunks rank: unanswerable questions have none, so the shares split the other kinds.
  const ranked = mix.filter((entry) => synthesizers.find((s) => s.name === entry.name)?.questionType !== 'unanswerable');
  const cells = difficultyShares ? allocateDifficultyCells(difficultyShares, counts.planned, ranked) : null;
  const hasCategories = Object.keys(categorizations).length > 0;
  // A fork of its own: runs without categorizations plan exactly as before.
  const categoryPlan = hasCategories ? planCategories(categorizations, counts.planned, mix, rng.fork('categories')) : null;
  const slots = planSlots(mix, counts.planned, { styles: targets?.styles ?? styles, lengths: targets?.lengths ?? lengths, difficulties: cells, categories: categoryPlan }, rng.fork('plan'));
  const ranker = await createRetrievalRanker(options.store, options.llm, settings.retrieval);
  const blocks = slotBlocks(slots.length, settings.blockSize);
  const mine = shardBlocks(blocks.length, settings.shard);
  const slice = { start: blocks[mine.start]?.start ?? slots.length, end: blocks[mine.end - 1]?.end ?? slots.length };
  // A slot whose kind ran out of scenarios moves to an answerable kind, never to unanswerable or false-premise questions.
  const fallbackOrder = [...mix]
    .filter((entry) => answerable(synthesizers.find((s) => s.name === entry.name) as Synthesizer))
    .sort((a, b) => b.weight - a.weight)
    .map((entry) => entry.name);
  const limit = pLimit(settings.concurrency);
  const loadContexts = createContextLoader(options.store);
  const progress = new Map<number, SlotProgress>();
  const runs = await Promise.all(
    blocks.slice(mine.start, mine.end).map((block, i) =>
      runSlots({
        slots: slots.slice(block.start, block.end),
        sources: blockSources(streams, slots, blocks, mine.start + i),
        fallbackOrder,
        synthesizers: new Map(synthesizers.map((s) => [s.name, s])),
        llm: options.llm,
        loadContexts,
        language: settings.language,
        seed: settings.seed,
        limit,
        verify: { verify: settings.verify, hopCheck: settings.hopCheck },
        ranker,
        attemptsPerSlot: settings.attemptsPerSlot,
        difficultyAttempts: settings.difficultyAttempts,
        difficultyTrades: settings.difficultyTrades,
        unanswerable: { refusal: settings.refusal, distractors: settings.distractors },
        faithfulnessPairs: settings.faithfulnessPairs,
        onProgress: (block) => {
          progress.set(i, block);
          const done = [...progress.values()].reduce((sum, b) => sum + b.done, 0);
          options.onProgress?.({ stage: 'synthesize', done, total: slice.end - slice.start, detail: rejectionDetail(progress.values()) });
        },
      }),
    ),
  );
  const run = {
    samples: runs.flatMap((r) => r.samples),
    failures: runs.flatMap((r) => r.failures),
    abandoned: runs.flatMap((r) => r.abandoned),
    candidates: sumCounts(runs.map((r) => r.candidates)),
    relaxed: runs.reduce((sum, r) => sum + r.relaxed, 0),
    outcomes: mergeOutcomes(runs.map((r) => r.outcomes)),
    exchanged: runs.reduce((sum, r) => sum + r.exchanged, 0),
    cells: sumCells(runs.map((r) => r.cells)),
  };
  // A shard answers for its own slots.
  const requested = settings.shard ? countBy(slots.slice(slice.start, slice.end), (slot) => slot.synthesizer, mix.map((entry) => entry.name)) : counts.requested;
  const size = settings.shard ? slice.end - slice.start : settings.size;

  const names = inMix.map((s) => s.name);
  const achieved = countBy(run.samples, (s) => s.synthesizer_name, names);
  const shortfalls = shortfallsOf(requested, achieved, available);
  const requestedCells = cells && (settings.shard ? cellsOf(slots.slice(slice.start, slice.end), mix) : cells);
  const difficultyMix = requestedCells
    ? difficultyMixReport(requestedCells, run.samples, { difficultyAttempts: settings.difficultyAttempts, relaxed: run.relaxed, outcomes: run.outcomes, exchanged: run.exchanged, cells: run.cells })
    : null;
  const personas = profiles.map((profile) => profile.persona);
  const result: GenerateResult = {
    samples: run.samples,
    rejected: run.failures.flatMap((f) => (f.sample ? [{ reason: f.code, detail: f.reason, sample: f.sample }] : [])),
    personas,
    report: {
      seed: settings.seed,
      size,
      ...(settings.shard ? { shard: { ...settings.shard, slots: slice, plan: planFingerprint(settings, corpus, slots) } } : {}),
      requested,
      achieved,
      available,
      shortfalls,
      styles: countBy(run.samples, (s) => s.query_style, styles),
      lengths: countBy(run.samples, (s) => s.query_length, lengths),
      planned: { styles: countBy(slots, (s) => s.style, styles), lengths: countBy(slots, (s) => s.length, lengths) },
      personas: countBy(run.samples, (s) => s.persona_name, personas.map((p) => p.name)),
      difficulties: countBy(run.samples, (s) => s.difficulty ?? 'unranked', DIFFICULTIES),
      difficultyMix,
      categories: hasCategories ? categoryReport(categorizations, settings.shard ? slots.slice(slice.start, slice.end).map((slot) => slot.categories) : size, run.samples) : null,
      replaced: countBy(run.failures, (f) => f.reason.split('\n')[0]?.slice(0, 100) ?? ''),
      hygiene: { nearDuplicateCandidates, termsRemoved: termsRemoved(corpus) },
      candidates: candidateReport(run, names, {
        verified: settings.verify,
        hop_check: settings.verify ? settings.hopCheck : null,
        model: settings.verify ? options.llm.chatModelIdFor('verify') : null,
        attempts_per_slot: settings.attemptsPerSlot,
      }),
      notes: [
        ...[normalisedMixNote(options.mix, mix)].filter((note) => note !== null),
        ...(targets?.notes ?? []),
        ...reportNotes({
          size,
          samples: run.samples,
          shortfalls,
          difficultyMix,
          failures: run.failures,
          abandoned: run.abandoned,
          attemptsPerSlot: settings.attemptsPerSlot,
          verified: settings.verify,
          modelNotes: options.llm.notes,
        }),
      ],
      usage: options.llm.usage(),
    },
  };
  if (settings.strict && (shortfalls.length > 0 || (difficultyMix?.shortfalls.length ?? 0) > 0 || run.samples.length < size)) {
    throw new GenerateShortfallError(result);
  }
  return result;
}

/** Slices of one plan share this: same seed, size, blocks, graph chunks and slots. */
function planFingerprint(settings: GenerateOptions, corpus: { chunks: readonly { id: string }[] }, slots: readonly unknown[]): string {
  const { seed, size, blockSize, verify, hopCheck, attemptsPerSlot, difficultyAttempts, difficultyTrades, retrieval } = settings;
  return stableHash({ seed, size, blockSize, verify, hopCheck, attemptsPerSlot, difficultyAttempts, difficultyTrades, retrieval, chunks: corpus.chunks.map((chunk) => chunk.id), slots }).slice(0, 16);
}

/** The difficulty cells a slice of the plan asks for. */
function cellsOf(slots: readonly Slot[], mix: Mix): DifficultyCells {
  const cells: DifficultyCells = Object.fromEntries(mix.map(({ name }) => [name, { easy: 0, medium: 0, hard: 0 }]));
  for (const slot of slots) if (slot.difficulty) (cells[slot.synthesizer] as Record<Difficulty, number>)[slot.difficulty]++;
  return cells;
}
