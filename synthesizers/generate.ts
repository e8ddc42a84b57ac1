import { z } from 'zod';
import type { GraphStore } from '../graph/store.js';
import { NoInputError, ShortfallError, UsageError } from '../src/errors.js';
import type { LlmClient } from '../src/llm/types.js';
import type { OnProgress } from '../src/progress.js';
import { createRng } from '../src/rng.js';
import type { Sample } from '../src/testset/sample.js';
import { loadCorpus, DEFAULT_MIN_CHUNK_TOKENS } from './corpus.js';
import { parseMix, type MixInput } from './mix.js';
import { DEFAULT_PERSONA_COUNT, personasFromGraph, type Persona, type PersonaProfile } from './personas.js';
import { planCounts, planSlots } from './plan.js';
import { parseLengths, parseStyles } from './query-style.js';
import { countBy, describeShortfalls, reportNotes, shortfallsOf, type GenerateReport } from './report.js';
import { createContextLoader } from './record.js';
import { BUILTIN_SYNTHESIZERS, checkRegistry } from './registry.js';
import { runSlots } from './run.js';
import { capacityOf, scenarioSource, type ScenarioSource } from './stream.js';
import type { Synthesizer } from './types.js';

/**
 * `generateTestset`: a graph in, exactly `size` samples out (or fewer, said plainly, when
 * the graph cannot supply them). LLM calls: one `persona` call per persona cluster (none
 * with `personas` given) and one `synthesize` call per sample attempt.
 */

export const DEFAULT_SEED = '42';

const Settings = z.object({
  size: z.number().int().min(1, 'the number of samples must be at least 1'),
  seed: z.union([z.string().min(1), z.number()]).default(DEFAULT_SEED).transform(String),
  language: z.string().trim().min(1).nullable().default(null),
  strict: z.boolean().default(false),
  personaCount: z.number().int().min(1).default(DEFAULT_PERSONA_COUNT),
  concurrency: z.number().int().min(1).default(8),
  minChunkTokens: z.number().int().min(0).default(DEFAULT_MIN_CHUNK_TOKENS),
});

export interface GenerateTestsetOptions extends z.input<typeof Settings> {
  store: GraphStore;
  llm: LlmClient;
  mix?: MixInput;
  /** Query styles and lengths (comma list or array); default: all built-in ones. */
  styles?: string | readonly string[];
  lengths?: string | readonly string[];
  /** Personas to use instead of deriving them from the graph. */
  personas?: readonly Persona[];
  /** Registered synthesizers; default the three built-ins. */
  synthesizers?: readonly Synthesizer[];
  onProgress?: OnProgress;
}

export interface GenerateResult {
  samples: Sample[];
  personas: Persona[];
  report: GenerateReport;
}

/** `strict` and a shortfall: the samples that were made travel with the error. */
export class GenerateShortfallError extends ShortfallError {
  readonly result: GenerateResult;
  constructor(result: GenerateResult) {
    super(`fewer samples of some kinds than asked (${describeShortfalls(result.report.shortfalls)})`, 'add documents, change --mix, or drop --strict');
    this.name = 'GenerateShortfallError';
    this.result = result;
  }
}

function parseSettings(options: GenerateTestsetOptions): z.output<typeof Settings> {
  const result = Settings.safeParse(options);
  if (!result.success) throw new UsageError(`invalid generate options: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`);
  return result.data;
}

export async function generateTestset(options: GenerateTestsetOptions): Promise<GenerateResult> {
  const settings = parseSettings(options);
  const synthesizers = checkRegistry(options.synthesizers ?? BUILTIN_SYNTHESIZERS);
  const mix = parseMix(options.mix, synthesizers);
  const styles = parseStyles(options.styles);
  const lengths = parseLengths(options.lengths);
  const rng = createRng(settings.seed);

  const corpus = await loadCorpus(options.store, { minTokens: settings.minChunkTokens });
  if (corpus.chunks.length === 0) {
    throw new NoInputError('the graph has no extracted chunks to write questions from', 'build the graph first (ragset build) and check its failed chunks');
  }
  const profiles: PersonaProfile[] = options.personas
    ? options.personas.map((persona) => ({ persona: { name: persona.name, role_description: persona.role_description }, centroid: null }))
    : await personasFromGraph(corpus, options.llm, rng.fork('personas'), { count: settings.personaCount, onProgress: options.onProgress });
  if (profiles.length === 0) throw new UsageError('the persona list is empty', 'give at least one persona');

  const sources = new Map<string, ScenarioSource>();
  const available: Record<string, number> = {};
  for (const synthesizer of synthesizers) {
    const candidates = await synthesizer.candidates(options.store, corpus);
    available[synthesizer.name] = candidates.reduce((sum, candidate) => sum + capacityOf(candidate), 0);
    sources.set(synthesizer.name, scenarioSource(synthesizer, candidates, { corpus, personas: profiles, rng: rng.fork(synthesizer.name) }));
  }

  const counts = planCounts(mix, settings.size, available);
  const slots = planSlots(mix, counts.planned, { styles, lengths }, rng.fork('plan'));
  const fallbackOrder = [...mix].sort((a, b) => b.weight - a.weight).map((entry) => entry.name);
  const run = await runSlots({
    slots,
    sources,
    fallbackOrder,
    synthesizers: new Map(synthesizers.map((s) => [s.name, s])),
    llm: options.llm,
    loadContexts: createContextLoader(options.store),
    language: settings.language,
    seed: settings.seed,
    concurrency: settings.concurrency,
    onProgress: options.onProgress,
  });

  const names = synthesizers.map((s) => s.name);
  const achieved = countBy(run.samples, (s) => s.synthesizer_name, names);
  const shortfalls = shortfallsOf(counts.requested, achieved, available);
  const personas = profiles.map((profile) => profile.persona);
  const result: GenerateResult = {
    samples: run.samples,
    personas,
    report: {
      seed: settings.seed,
      size: settings.size,
      requested: counts.requested,
      achieved,
      available,
      shortfalls,
      styles: countBy(run.samples, (s) => s.query_style, styles),
      lengths: countBy(run.samples, (s) => s.query_length, lengths),
      personas: countBy(run.samples, (s) => s.persona_name, personas.map((p) => p.name)),
      replaced: countBy(run.failures, (f) => f.reason.split('\n')[0]?.slice(0, 100) ?? ''),
      notes: reportNotes({ size: settings.size, samples: run.samples, shortfalls, failures: run.failures, provider: options.llm.provider }),
      usage: options.llm.usage(),
    },
  };
  if (settings.strict && (shortfalls.length > 0 || run.samples.length < settings.size)) throw new GenerateShortfallError(result);
  return result;
}
