/**
 * ragset's public API: re-exports only. The pipeline, stage by stage:
 * documents → chunks → graph → scenarios → samples.
 *
 * Importing it loads no SDK: the OpenAI client and the Neo4j driver load when a run needs
 * them (`createLlm`, `openStore`), and their own building blocks are the subpaths
 * `ragset/openai` and `ragset/neo4j`.
 */

// One call: documents or a graph in, exactly N samples out.
export { generateTestset, type GenerateInput, type GenerateOutput } from './api/generate.js';
export { createLlm } from './api/llm.js';
export { runBuild, buildInto, type BuildSpec, type BuildRunResult, type RunContext } from './api/build.js';
export { runGenerate, type GenerateSpec, type GenerateRunResult } from './api/generate-run.js';
export { RUN_STAGES, RunSpecFile, InputOptions, runSpecJsonSchema } from './api/spec.js';
export { StoreOptions } from '../graph/stores/open.js';
export { GenerateOptions } from '../synthesizers/generate-options.js';
export { OutputOptions } from './testset/write.js';
export { LlmOptions, type LlmOptionsInput } from './llm/options.js';

// Documents and chunks.
export { Document, DocumentFormat, ExcludedRange, SkippedInput, FileReport } from './documents/document.js';
export { loadDocuments, type LoadResult, type LoadDocumentsOptions } from './documents/load.js';
export { LoadOptions, type LoadOptionsInput } from './documents/options.js';
export { Chunk } from './chunking/chunk.js';
export { chunkDocument } from './chunking/chunk-document.js';
export { chunkDocuments } from './chunking/chunk-documents.js';
export { ChunkOptions, type ChunkOptionsInput } from './chunking/options.js';
export { countTokens } from './chunking/tokens.js';
export { ingest, cleanAndChunk, type IngestResult, type CleanChunksResult } from './chunking/ingest.js';

// Corpus hygiene: boilerplate, stubs, near-duplicates, bridge and persona terms.
export { cleanDocuments, HygieneReport, type CleanResult } from './hygiene/clean.js';
export { HygieneOptions, type HygieneOptionsInput } from './hygiene/options.js';
export { mergeNearDuplicateChunks, type MergedChunk } from './hygiene/near-duplicate-chunks.js';
export { createTermFilter, intrinsicRule, TermOptions, type TermFilter, type TermRule } from './hygiene/terms.js';

// Models: the provider spec, the client every stage talks to, and the task schemas.
export type {
  ChatModel,
  ChatRequest,
  ChatResult,
  EmbeddingModel,
  LlmClient,
  ObjectResult,
  Stage,
  StructuredMode,
  UsageReport,
} from './llm/types.js';
export { createLlmClient, type LlmClientOptions } from './llm/client.js';
export { createOfflineChatModel, createOfflineEmbeddingModel } from './llm/offline/index.js';
export { createDiskCache, disabledCache } from './llm/cache.js';
export { DEFAULT_PRICES } from './llm/usage.js';
export { Extraction, ExtractInput, PersonaInput, PersonaOutput, SynthesizeInput, SynthesizeOutput } from './llm/tasks.js';

// The knowledge graph.
export * from '../graph/model.js';
export type { GraphStore, NodeFilter, RelationshipFilter, Neighbour, GraphCounts } from '../graph/store.js';
export { createMemoryStore, type MemoryStore } from '../graph/stores/memory.js';
export { loadGraph, saveGraph } from '../graph/stores/graph-file.js';
export { openStore, StoreConfig } from '../graph/stores/open.js';
export { buildGraph, BuildOptions, type BuildOptionsInput, type BuildReport } from '../graph/builder/index.js';
export { graphStats, type GraphStats } from '../graph/stats.js';

// Synthesizers: the built-ins, user-registered ones, mixes and personas.
export { generateFromStore, GenerateShortfallError, type GenerateResult, type GenerateTestsetOptions } from '../synthesizers/generate.js';
export type { Synthesizer, Scenario, Candidate } from '../synthesizers/types.js';
export { BUILTIN_SYNTHESIZERS } from '../synthesizers/registry.js';
export { parseMix, allocateCounts, type Mix, type MixInput } from '../synthesizers/mix.js';
export { Categorizations, Category, categoryCounts, readCategoriesFile, type CategoryReport } from '../synthesizers/categories.js';
export { createProfile, type CreateProfileOptions } from './api/profile.js';
export { profileQueries } from './profile/build.js';
export { Profile } from './profile/profile.js';
export { readProfileFile, writeProfileFile } from './profile/file.js';
export { resemblance, type Resemblance } from './profile/resemblance.js';
export { Persona } from '../synthesizers/personas.js';
export { readPersonasFile, writePersonasFile } from '../synthesizers/persona-file.js';

// The testset: the output contract, files, and exports.
export { Sample, Provenance, Bridge, Generation, Review, REVIEW_STATUSES } from './testset/sample.js';
export { writeTestset, TESTSET_FORMATS, type TestsetFormat } from './testset/write.js';
export { readTestset } from './testset/read.js';
export { exportToLangSmith } from './testset/export/langsmith.js';
export { exportRagas, toRagasRow } from './testset/export/ragas.js';
export { exportFineTune, toFineTuneRecords, FINE_TUNE_FORMATS } from './testset/export/fine-tune.js';
export { exportFlatCsv } from './testset/export/flat-csv.js';

// The quality report and the review loop.
export { createReport, corpusOf, type ReportOptions } from './api/report.js';
export { buildReportData, type ReportData, type ReportInput } from './report/data.js';
export { distinctN, compressionRatio, selfRepetition, meanPairwiseCosine, type SelfRepetition } from './report/diversity.js';
export { coverage, type Coverage, type CorpusDocument } from './report/coverage.js';
export { RunRecord, readRunRecord, writeRunRecord, runRecordPath } from './report/run-record.js';
export { Decision, applyDecision } from './review/decision.js';
export { openReviewSession, type ReviewSession } from './review/session.js';
export { startReviewServer, type ReviewServer } from './review/server.js';

// Errors (each has a `code` and the CLI's `exitCode`) and seeded randomness.
export { RagsetError, UsageError, NoInputError, UnreachableError, BudgetError, ShortfallError } from './errors.js';
export { createRng, type Rng } from './rng.js';
export { RAGSET_VERSION } from './version.js';
