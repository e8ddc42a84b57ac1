import { z } from 'zod';
import { DEFAULT_BLOCK_SIZE, Shard, parseShard } from './blocks.js';
import { Categorizations } from './categories.js';
import { DEFAULT_MIN_CHUNK_TOKENS } from './corpus.js';
import { DEFAULT_LENGTHS, DEFAULT_STYLES } from './query-style.js';
import { RetrievalSettings } from './retrieval/difficulty.js';
import { SizeCeilingSettings } from './size-ceiling.js';
import { VerifySettings } from './verify/index.js';

/**
 * The generate stage's options: every option, bound and default of a generation run, written
 * once; src/api/spec.ts lists it with the other stages, and the CLI flags and the config file
 * derive from it. A module of its own, like the other stages' options (src/documents/options.ts,
 * graph/builder/options.ts), apart from the run that reads them (generate.ts).
 */

const weights = z.union([z.string(), z.record(z.string(), z.number())]);
const labels = z.union([z.string(), z.array(z.string())]);
export const DEFAULT_REFUSAL = 'The documents do not contain the answer to this question.';

/** The generate stage: how many samples, of what mix, from which randomness, checked how. */
export const GenerateOptions = z.object({
  size: z.number().int().min(1, 'the number of samples must be at least 1').describe('number of samples to generate'),
  seed: z.union([z.string().min(1), z.number()]).default('42').transform(String).describe('seed of every random choice (same seed + cache → same file)'),
  mix: weights.optional().describe('synthesizer weights, e.g. single=0.5,ms=0.25,ma=0.25 (the default), or {name: weight}'),
  difficulty: weights.optional().describe('exact shares of retrieval difficulty, e.g. easy=0.3,medium=0.4,hard=0.3 (default: labelled, not steered)'),
  styles: labels.optional().describe(`query styles (default: all): ${DEFAULT_STYLES.join(',')}`),
  lengths: labels.optional().describe(`query lengths (default: all): ${DEFAULT_LENGTHS.join(',')}`),
  language: z.string().trim().min(1).nullable().default(null).describe('write questions and answers in this language (default: that of the documents)'),
  strict: z.boolean().default(false).describe('fail when some kind has fewer samples than its share'),
  personaCount: z.number().int().min(1).max(50).default(5).describe('most personas derived from the graph'),
  concurrency: z.number().int().min(1).default(8).describe('samples in flight at once (the CLI takes the LLM concurrency)'),
  minChunkTokens: z.number().int().min(0).default(DEFAULT_MIN_CHUNK_TOKENS).describe('chunks shorter than this are not asked about'),
  /** See blocks.ts. */
  blockSize: z.number().int().min(1).default(DEFAULT_BLOCK_SIZE).describe('slots run together and checked together for near-duplicate questions; shards split on blocks'),
  /** Make only slice `index` of `count` of the plan (1-based): k processes, k disjoint slices. */
  shard: z
    .union([
      Shard,
      z.string().transform((text, ctx) => parseShard(text) ?? (ctx.addIssue({ code: 'custom', message: `expected i/k with 1 ≤ i ≤ k, e.g. 2/3; got ${text}` }), z.NEVER)),
    ])
    .optional()
    .describe('make only slice i of k of the plan, e.g. 2/3 (same size and seed on every shard); join the slices with `ragset merge`'),
  attemptsPerSlot: z.number().int().min(1).default(5).describe('candidates tried per sample before its kind is reported short'),
  /**
   * Each costs a synthesize call; most fill other slots, see placement.ts. Counted apart from
   * `attemptsPerSlot`, which bounds rejected candidates.
   */
  difficultyAttempts: z.number().int().min(1).default(8).describe('candidates of another difficulty a slot that wants a difficulty sees before it takes any'),
  difficultyTrades: z
    .boolean()
    .default(true)
    .describe('a slot whose kind does not reach its difficulty may trade it with another kind\'s slot (both margins stay exact, the cells move); off: the plan\'s cells, shortfalls reported'),
  retrieval: RetrievalSettings.prefault({}).describe('ranks that make a question easy or hard, and BM25 settings'),
  categorizations: Categorizations.default({}).describe('user-declared dimensions with exact category counts, e.g. {question_type: [{name, probability, description}]}; none by default'),
  refusal: z.string().trim().min(1).default(DEFAULT_REFUSAL).describe('reference answer of every unanswerable question (--mix unanswerable=…)'),
  distractors: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe('chunks per retriever (BM25 and dense) an unanswerable question is checked against and records as distractor_contexts'),
  faithfulnessPairs: z
    .boolean()
    .default(false)
    .describe('every sample also carries an unfaithful answer and its unsupported statements, written in the same synthesis call'),
})
  .extend(VerifySettings.shape)
  .extend(SizeCeilingSettings.shape);
export type GenerateOptions = z.output<typeof GenerateOptions>;
export type GenerateOptionsInput = z.input<typeof GenerateOptions>;
