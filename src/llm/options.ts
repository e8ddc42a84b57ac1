import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { createDiskCache, DEFAULT_CACHE_DIR, disabledCache } from './cache.js';
import { createLlmClient } from './client.js';
import { LocalOptions } from './local/options.js';
import { PROVIDER_NAMES, PROVIDERS } from './providers.js';
import type { LlmClient } from './types.js';
import { DEFAULT_PRICES, PriceTable } from './usage.js';
import { checkOutputPath } from '../output-paths.js';

/**
 * The llm stage: settings shared by everything that spends tokens (build, generate, report),
 * resolved from the given values first and the environment second. API keys come only from
 * the environment (or the library caller), so they never land in shell history, process
 * listings or a config file.
 */
export const STRUCTURED_MODES = ['json_schema', 'json_object', 'tools'] as const;

const optionalText = z.string().trim().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434/v1' }).optional();
const local = LocalOptions.shape;

export const LlmOptions = z.object({
  provider: z
    .enum(PROVIDER_NAMES)
    .default('openai')
    .describe('model provider: openai (any OpenAI-compatible endpoint), offline (no model at all), local (GGUF models in-process via llama.cpp; needs node-llama-cpp) (env RAGSET_PROVIDER)'),
  model: optionalText.describe('chat model; for provider local a .gguf path or hf:<user>/<repo>/<file>.gguf (env RAGSET_MODEL; default: the provider\'s, gpt-4o-mini for openai)'),
  verifyModel: optionalText.describe('judge model of the verify stage, on the same endpoint (env RAGSET_VERIFY_MODEL; default: the chat model)'),
  embeddingModel: optionalText.describe('embedding model; for provider local a GGUF embedding model, else lexical embeddings (env RAGSET_EMBEDDING_MODEL; default: the provider\'s, text-embedding-3-small for openai)'),
  baseUrl: httpUrl.describe('OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL; key from OPENAI_API_KEY)'),
  apiKey: optionalText.describe('key of the chat endpoint (environment or library caller only: OPENAI_API_KEY)'),
  embeddingBaseUrl: httpUrl.describe('separate embedding endpoint (env RAGSET_EMBEDDING_BASE_URL; key from RAGSET_EMBEDDING_API_KEY)'),
  embeddingApiKey: optionalText.describe('key of the embedding endpoint (environment or library caller only: RAGSET_EMBEDDING_API_KEY)'),
  embeddingDimensions: z.coerce.number().int().positive().optional().describe('ask the embedding model for shorter vectors'),
  structuredMode: z.enum(STRUCTURED_MODES).default('json_schema').describe('how JSON output is requested'),
  concurrency: z.coerce.number().int().min(1).max(256).default(8).describe('requests in flight at once'),
  maxRetries: z.coerce.number().int().min(0).max(20).default(4).describe('retries per request on 408/409/429/5xx, timeouts, dropped connections and broken bodies'),
  timeout: z.coerce.number().positive().default(120).describe('deadline per request in seconds: connect, headers and the whole body'),
  cache: z.boolean().default(true).describe('read and write the response cache'),
  cacheDir: z.string().trim().min(1).default(DEFAULT_CACHE_DIR).describe('response cache folder'),
  maxCost: z.coerce.number().positive().optional().describe('stop (exit 5) once the estimated cost reaches this many USD'),
  prices: optionalText.describe('JSON price table {"model": {"inputPerMillion": n, "outputPerMillion": n}} merged over the built-in one'),
  maxOutputTokens: z.coerce
    .number()
    .int()
    .min(16)
    .optional()
    .describe(`cap on answer tokens per request (default: the server's; ${String(local.maxOutputTokens.parse(undefined))} for provider local)`),
  threads: local.threads.describe('local provider: CPU threads, 0 = all cores (1 is fastest on a shared machine)'),
  contextSize: local.contextSize.describe('local provider: context tokens per sequence'),
  sequences: local.sequences.describe('local provider: requests decoded in parallel'),
  modelDir: optionalText.describe('local provider: where hf: models are downloaded (default ~/.cache/ragset/models)'),
});
export type LlmOptionsInput = z.input<typeof LlmOptions>;
export type LlmOptions = z.output<typeof LlmOptions>;

export type Env = Readonly<Record<string, string | undefined>>;

/** Flags win over environment variables; empty variables count as unset. */
export function resolveLlmOptions(given: Record<string, unknown>, env: Env = process.env): LlmOptions {
  const fromEnv = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const merged = {
    ...given,
    provider: given.provider ?? fromEnv('RAGSET_PROVIDER'),
    model: given.model ?? fromEnv('RAGSET_MODEL'),
    verifyModel: given.verifyModel ?? fromEnv('RAGSET_VERIFY_MODEL'),
    embeddingModel: given.embeddingModel ?? fromEnv('RAGSET_EMBEDDING_MODEL'),
    baseUrl: given.baseUrl ?? fromEnv('OPENAI_BASE_URL'),
    apiKey: given.apiKey ?? fromEnv('OPENAI_API_KEY'),
    embeddingBaseUrl: given.embeddingBaseUrl ?? fromEnv('RAGSET_EMBEDDING_BASE_URL'),
    embeddingApiKey: given.embeddingApiKey ?? fromEnv('RAGSET_EMBEDDING_API_KEY'),
  };
  const parsed = LlmOptions.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`invalid LLM option ${where}${issue?.message ?? 'unknown problem'}`, 'check the LLM settings and the RAGSET_* / OPENAI_* environment');
  }
  return parsed.data;
}

export async function loadPriceTable(path: string): Promise<PriceTable> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read price table ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = PriceTable.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`invalid price table ${path}: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, 'expected {"model": {"inputPerMillion": n, "outputPerMillion": n}}');
  }
  return { ...DEFAULT_PRICES, ...parsed.data };
}

/** Unset settings left out, so the schema that owns them fills in its defaults. */
function definedOnly<T extends Record<string, unknown>>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Flags + environment → a ready client. Throws `UsageError` when no endpoint is configured. */
export async function llmClientFromOptions(
  flags: Record<string, unknown>,
  env: Env = process.env,
  context: { cwd?: string } = {},
): Promise<LlmClient> {
  const options = resolveLlmOptions(flags, env);
  const cwd = context.cwd ?? process.cwd();
  if (options.cache) await checkOutputPath({ path: resolve(cwd, options.cacheDir), label: 'cache folder', kind: 'directory' });
  const settings = {
    model: options.model,
    embeddingModel: options.embeddingModel,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    embeddingBaseUrl: options.embeddingBaseUrl,
    embeddingApiKey: options.embeddingApiKey,
    embeddingDimensions: options.embeddingDimensions,
    timeoutMs: options.timeout * 1000,
    local: definedOnly({
      threads: options.threads,
      contextSize: options.contextSize,
      sequences: options.sequences,
      maxOutputTokens: options.maxOutputTokens,
      modelDir: options.modelDir === undefined ? undefined : resolve(cwd, options.modelDir),
    }),
    cwd,
  };
  const models = await PROVIDERS[options.provider](settings);
  const judge = options.verifyModel === undefined || options.verifyModel === options.model ? undefined : (await PROVIDERS[options.provider]({ ...settings, model: options.verifyModel })).chat;
  return createLlmClient({
    ...models,
    stageChat: judge ? { verify: judge, ablation: judge } : undefined,
    structuredMode: options.structuredMode,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    cache: options.cache ? createDiskCache(resolve(cwd, options.cacheDir)) : disabledCache,
    prices: options.prices ? await loadPriceTable(resolve(cwd, options.prices)) : DEFAULT_PRICES,
    budget: options.maxCost === undefined ? undefined : { maxCostUsd: options.maxCost },
    maxOutputTokens: options.maxOutputTokens,
  });
}
