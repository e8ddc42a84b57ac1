import { BuildOptions } from '../../graph/builder/options.js';
import { StoreOptions } from '../../graph/stores/open.js';
import { GenerateOptions } from '../../synthesizers/generate-options.js';
import { InputOptions } from '../api/spec.js';
import { ChunkOptions } from '../chunking/options.js';
import { LoadOptions } from '../documents/options.js';
import { HygieneOptions } from '../hygiene/options.js';
import { LlmOptions } from '../llm/options.js';
import { OutputOptions } from '../testset/write.js';
import type { FlagSpec, StageFlags } from './schema-options.js';

/**
 * Which fields of each stage are flags, and how the few renamed ones are spelled. Help,
 * defaults, bounds and choices come from the schemas; nothing here restates them.
 */

const withNote = (flags: StageFlags, note: string): StageFlags => ({
  ...flags,
  fields: Object.fromEntries(Object.entries(flags.fields).map(([field, spec]) => [field, { ...(spec === true ? {} : spec), note }])),
});

export const loadFlags = (note = ''): StageFlags =>
  withNote(
    {
      stage: 'load',
      schema: LoadOptions,
      group: 'Input',
      fields: {
        include: { list: 'variadic', placeholder: '<glob...>' },
        exclude: { list: 'variadic', placeholder: '<glob...>' },
        maxFileMb: true,
        textField: { placeholder: '<field>' },
        titleField: { placeholder: '<field>' },
        idField: { placeholder: '<field>' },
        metadataFields: { placeholder: '<list>' },
      },
    },
    note,
  );

export const hygieneFlags = (note = ''): StageFlags =>
  withNote({ stage: 'hygiene', schema: HygieneOptions, group: 'Input', fields: { keepBoilerplate: true, keepStubs: true, keepDuplicates: true, minDocumentTokens: true } }, note);

export const chunkFlags = (note = ''): StageFlags =>
  withNote({ stage: 'chunk', schema: ChunkOptions, group: 'Input', fields: { maxTokens: true, overlapTokens: { flag: 'overlap' }, encoding: { placeholder: '<name>' } } }, note);

export const graphFlags = (note = ''): StageFlags =>
  withNote({ stage: 'graph', schema: BuildOptions, group: 'Graph', fields: { similarTopK: { placeholder: '<k>' }, similarMinScore: { placeholder: '<x>' }, sharedMinScore: { placeholder: '<x>' } } }, note);

/** Where Neo4j is and how the store sets it up (also `graph push` and `pull`'s). */
export const neo4jFields = {
  neo4jUri: { placeholder: '<uri>' },
  neo4jDatabase: { placeholder: '<name>' },
  neo4jTimeout: { placeholder: '<seconds>' },
  neo4jSearchIndexes: {},
  neo4jIndexWait: { placeholder: '<seconds>' },
  neo4jVectorM: { placeholder: '<m>' },
  neo4jVectorEfConstruction: { placeholder: '<n>' },
} satisfies Record<string, FlagSpec>;

/** `--store` and where Neo4j is; `path` is the command's own (`-o` for build, `--graph-out` for generate). */
export const storeFlags = (path: FlagSpec | undefined, extra: Record<string, FlagSpec> = {}): StageFlags => ({
  stage: 'store',
  schema: StoreOptions,
  group: 'Graph',
  fields: { kind: { flag: 'store', placeholder: '<kind>' }, ...(path ? { path } : {}), ...neo4jFields, ...extra },
});

export const llmFlags = (): StageFlags => ({
  stage: 'llm',
  schema: LlmOptions,
  group: 'LLM',
  fields: {
    provider: { placeholder: '<name>' },
    model: { placeholder: '<id>' },
    verifyModel: { placeholder: '<id>' },
    embeddingModel: { placeholder: '<id>' },
    baseUrl: { placeholder: '<url>' },
    embeddingBaseUrl: { placeholder: '<url>' },
    embeddingDimensions: true,
    structuredMode: { placeholder: '<mode>' },
    concurrency: true,
    maxRetries: true,
    timeout: { placeholder: '<seconds>' },
    cache: true,
    cacheDir: { placeholder: '<dir>' },
    maxCost: { placeholder: '<usd>' },
    prices: { placeholder: '<file>' },
    maxOutputTokens: true,
    threads: true,
    contextSize: true,
    sequences: true,
    modelDir: { placeholder: '<dir>' },
  },
});

export const inputFlags = (): StageFlags => ({ stage: 'input', schema: InputOptions, group: 'Input', fields: { graph: { placeholder: '<file>' }, personas: { placeholder: '<file>', group: 'Generation' }, categories: { placeholder: '<file>', group: 'Generation' }, profile: { placeholder: '<file>', group: 'Generation' } } });

export const generateFlags = (): StageFlags => ({
  stage: 'generate',
  schema: GenerateOptions,
  group: 'Generation',
  fields: {
    size: { short: '-n' },
    mix: { placeholder: '<spec>' },
    difficulty: { placeholder: '<spec>' },
    seed: { placeholder: '<seed>' },
    personaCount: { placeholder: '<k>' },
    styles: { placeholder: '<list>' },
    lengths: { placeholder: '<list>' },
    language: { placeholder: '<language>' },
    strict: true,
    shard: { placeholder: '<i/k>' },
    blockSize: true,
    verify: true,
    hopCheck: { placeholder: '<mode>' },
    attemptsPerSlot: true,
    difficultyAttempts: true,
    difficultyTrades: true,
    refusal: { placeholder: '<text>' },
    distractors: { placeholder: '<k>' },
    faithfulnessPairs: true,
    sizeCeiling: true,
    yes: true,
  },
});

export const outputFlags = (): StageFlags => ({
  stage: 'output',
  schema: OutputOptions,
  group: 'Output',
  fields: { out: { short: '-o', placeholder: '<file>' }, format: { placeholder: '<format>' }, escapeFormulas: true, report: true },
});
