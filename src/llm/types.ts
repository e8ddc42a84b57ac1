/**
 * The model spec: the only thing a provider implements. Kept tiny on purpose (see the
 * Vercel AI SDK's provider package): batching, retry, caching, validation and accounting
 * live once, in `LlmClient`, above every provider.
 */

/** Every token spent is attributed to one stage; the usage ledger is kept per stage. */
export type Stage = 'extract' | 'embed' | 'persona' | 'synthesize' | 'verify' | 'ablation' | 'repair' | 'embed_questions' | 'critic' | 'profile_classify' | 'profile_personas' | 'embed_queries';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** How structured output is requested, because local servers support different subsets. */
export type StructuredMode = 'json_schema' | 'json_object' | 'tools';

/** A JSON Schema object, as produced by `z.toJSONSchema()`. */
export type JsonSchema = Record<string, unknown>;

export interface ChatRequest {
  messages: ChatMessage[];
  /** When set, the answer must be one JSON value matching this schema. */
  structured?: { mode: StructuredMode; name: string; schema: JsonSchema };
  /**
   * The typed input the messages were rendered from (for example `{ name: 'extract', input: { text } }`).
   * Remote models ignore it; the offline provider works from it instead of parsing prompts.
   * It is part of the cache key only through the messages it rendered.
   */
  task?: { name: string; input: unknown };
  temperature?: number;
  maxTokens?: number;
  seed?: number;
}

/** A line a run prints about its models; with `stage`, only when that stage ran. */
export interface ModelNote {
  text: string;
  stage?: Stage;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResult {
  /** The answer text; in `tools` mode, the tool call's JSON arguments. */
  text: string;
  usage: TokenUsage;
  /** The answer stopped at the output token cap (finish reason `length`), so it is cut off. */
  truncated?: boolean;
}

/** USD per million tokens. */
export interface TokenPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export interface ChatModel {
  readonly provider: string;
  readonly modelId: string;
  /** Where requests go (a base URL without credentials), for cache keys and error messages. */
  readonly endpoint?: string;
  /** What the model costs when the price table does not say (models run on this machine cost 0). */
  readonly price?: TokenPrice;
  doChat(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<ChatResult>;
}

export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  /** Where requests go (a base URL without credentials), for cache keys and error messages. */
  readonly endpoint?: string;
  /** What the model costs when the price table does not say (models run on this machine cost 0). */
  readonly price?: TokenPrice;
  /**
   * Lexical vectors (the offline TF-IDF embedder) score related passages much lower than
   * neural ones, so thresholds on cosine similarity default differently for them.
   */
  readonly lexical?: boolean;
  /** Requested vector length, when the model is asked to shorten its vectors. */
  readonly dimensions?: number;
  /** Largest batch the endpoint accepts; callers split larger inputs. */
  readonly maxBatch: number;
  /**
   * Corpus-fitted models (the offline TF-IDF embedder) learn from the corpus once before
   * embedding, and expose a fingerprint of what they learned so caches can tell fits apart.
   */
  fit?(corpus: readonly string[]): void;
  fingerprint?(): string;
  doEmbed(texts: string[], options?: { signal?: AbortSignal }): Promise<{ vectors: Float32Array[]; tokens: number }>;
}

/** Outcome of one structured call: a value, or a recorded reason. Item failures never throw. */
export type ObjectResult<T> =
  | { ok: true; value: T; cached: boolean }
  | { ok: false; reason: string };

export interface ObjectRequest<T> {
  stage: Stage;
  /** Name of the output (`extraction`, `sample`…): the json_schema name and tool name. */
  name: string;
  /** zod schema of the output; the answer is always validated with it. */
  schema: import('zod').ZodType<T>;
  messages: ChatMessage[];
  task?: ChatRequest['task'];
  temperature?: number;
}

export interface StageUsage {
  calls: number;
  cacheHits: number;
  failures: number;
  /** Requests sent again after a transient failure (429/5xx, timeout, dropped connection, broken body). */
  retries: number;
  /** Attempts that hit the per-request deadline (each is also a retry or a failure). */
  timeouts: number;
  /** Answers of this stage that needed the one repair request (billed to stage `repair`). */
  repairs: number;
  promptTokens: number;
  completionTokens: number;
  /** Estimated from the price table; 0 when the model has no price. */
  costUsd: number;
}

export interface UsageReport {
  stages: Partial<Record<Stage, StageUsage>>;
  total: StageUsage;
  /** Models that were called but have no price, so their cost counts as 0. */
  unpricedModels?: string[];
}

/**
 * What every pipeline stage talks to. Only functions that take an `LlmClient` spend tokens,
 * and only the CLI or a library entry point creates one.
 */
export interface LlmClient {
  readonly chatModelId: string;
  /** The chat model a stage's calls go to (a stage may have its own model, e.g. a stronger judge for `verify`). */
  chatModelIdFor(stage: Stage): string;
  readonly embeddingModelId: string;
  /** `openai`, `offline`, … of the chat model: recorded in metadata, never branched on. */
  readonly provider: string;
  /** What a run should tell its user about its models (a fallback in use, what the output is like). */
  readonly notes: readonly ModelNote[];
  /** The embeddings are lexical (TF-IDF), whose cosine scores run much lower than a neural model's. */
  readonly lexicalEmbeddings: boolean;
  object<T>(request: ObjectRequest<T>): Promise<ObjectResult<T>>;
  /** Batched; vectors come back in input order. A batch that still fails after its retries throws (exit 4). */
  embed(request: { stage: Stage; texts: string[] }): Promise<Float32Array[]>;
  /**
   * Batched like `embed`, but a batch that still fails after its retries gives `null` for its
   * texts and counts as one failure of the stage; the other batches go on. Throws only when
   * the endpoint is unusable (refused key, unknown model, nothing listening, nothing answered).
   */
  embedEach(request: { stage: Stage; texts: string[] }): Promise<(Float32Array | null)[]>;
  /** Lets corpus-fitted embedding models learn the corpus (no-op for remote models). */
  fitEmbeddings(corpus: readonly string[]): void;
  /** What these tokens would cost on the stage's chat model, by the ledger's price table; undefined when it has no price. */
  estimateCostUsd(stage: Stage, usage: TokenUsage): number | undefined;
  usage(): UsageReport;
}
