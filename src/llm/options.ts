import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { createDiskCache, DEFAULT_CACHE_DIR, disabledCache } from './cache.js';
import { createLlmClient } from './client.js';
import { DEFAULT_MODEL_DIR } from './local/options.js';
import { PROVIDER_NAMES, PROVIDERS } from './providers.js';
import type { LlmClient } from './types.js';
import { DEFAULT_PRICES, PriceTable } from './usage.js';
import { checkOutputPath } from '../output-paths.js';

/**
 * LLM settings shared by every command that spends tokens (`build`, `generate`): one set of
 * flags, one schema, resolved from flags first and environment second. API keys come only
 * from the environment, so they never land in shell history or process listings.
 */
export const STRUCTURED_MODES = ['json_schema', 'json_object', 'tools'] as const;

const optionalText = z.string().trim().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:11434/v1' }).optional();

export const LlmOptions = z.object({
  provider: z.enum(PROVIDER_NAMES).default('openai'),
  /** Unset: the provider's default (gpt-4o-mini / text-embedding-3-small for openai; local needs one). */
  model: optionalText,
  /** The judge of the `verify` and `ablation` stages, on the same endpoint; default: the chat model. */
  verifyModel: optionalText,
  embeddingModel: optionalText,
  baseUrl: httpUrl,
  apiKey: optionalText,
  embeddingBaseUrl: httpUrl,
  embeddingApiKey: optionalText,
  embeddingDimensions: z.coerce.number().int().positive().optional(),
  structuredMode: z.enum(STRUCTURED_MODES).default('json_schema'),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  maxRetries: z.coerce.number().int().min(0).max(20).default(4),
  /** Seconds per request attempt, covering connect, headers and the whole body. */
  timeout: z.coerce.number().positive().default(120),
  cache: z.boolean().default(true),
  cacheDir: z.string().trim().min(1).default(DEFAULT_CACHE_DIR),
  /** Stop (exit 5) once the estimated cost reaches this many USD. */
  maxCost: z.coerce.number().positive().optional(),
  /** A JSON price table merged over the built-in one. */
  prices: optionalText,
  /** Cap on answer tokens per request; unset: the server's own (the local provider's default is in src/llm/local/options.ts). */
  maxOutputTokens: z.coerce.number().int().min(16).optional(),
  /** The local provider's settings; defaults and bounds in src/llm/local/options.ts. */
  threads: z.coerce.number().optional(),
  contextSize: z.coerce.number().optional(),
  sequences: z.coerce.number().optional(),
  modelDir: optionalText,
});
export type LlmOptionsInput = z.input<typeof LlmOptions>;
export type LlmOptions = z.output<typeof LlmOptions>;

export type Env = Readonly<Record<string, string | undefined>>;

/** Flags win over environment variables; empty variables count as unset. */
export function resolveLlmOptions(flags: Record<string, unknown>, env: Env = process.env): LlmOptions {
  const fromEnv = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const merged = {
    ...flags,
    provider: flags.provider ?? fromEnv('RAGSET_PROVIDER'),
    model: flags.model ?? fromEnv('RAGSET_MODEL'),
    verifyModel: flags.verifyModel ?? fromEnv('RAGSET_VERIFY_MODEL'),
    embeddingModel: flags.embeddingModel ?? fromEnv('RAGSET_EMBEDDING_MODEL'),
    baseUrl: flags.baseUrl ?? fromEnv('OPENAI_BASE_URL'),
    apiKey: fromEnv('OPENAI_API_KEY'),
    embeddingBaseUrl: flags.embeddingBaseUrl ?? fromEnv('RAGSET_EMBEDDING_BASE_URL'),
    embeddingApiKey: fromEnv('RAGSET_EMBEDDING_API_KEY'),
  };
  const parsed = LlmOptions.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`invalid LLM option ${where}${issue?.message ?? 'unknown problem'}`, 'see ragset <command> --help');
  }
  return parsed.data;
}

/** Adds the LLM flags to a command; its action passes the parsed flags to `llmClientFromOptions`. */
export function addLlmOptions(command: Command): Command {
  return command
    .addOption(new Option('--provider <name>', 'model provider: openai (any OpenAI-compatible endpoint), offline (no model at all), local (GGUF models in-process via llama.cpp; needs node-llama-cpp) (env RAGSET_PROVIDER; default openai)').choices(PROVIDER_NAMES))
    .addOption(new Option('--model <id>', 'chat model; for --provider local a .gguf path or hf:<user>/<repo>/<file>.gguf (env RAGSET_MODEL; default gpt-4o-mini)'))
    .addOption(new Option('--verify-model <id>', 'judge model of the verify stage, on the same endpoint (env RAGSET_VERIFY_MODEL; default: the chat model)'))
    .addOption(new Option('--embedding-model <id>', 'embedding model; for --provider local a GGUF embedding model, else lexical embeddings (env RAGSET_EMBEDDING_MODEL; default text-embedding-3-small)'))
    .addOption(new Option('--base-url <url>', 'OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL); key from OPENAI_API_KEY'))
    .addOption(new Option('--embedding-base-url <url>', 'separate embedding endpoint (env RAGSET_EMBEDDING_BASE_URL; key from RAGSET_EMBEDDING_API_KEY)'))
    .addOption(new Option('--embedding-dimensions <n>', 'ask the embedding model for shorter vectors'))
    .addOption(new Option('--structured-mode <mode>', 'how JSON output is requested (default json_schema)').choices(STRUCTURED_MODES))
    .addOption(new Option('--concurrency <n>', 'requests in flight at once (default 8)'))
    .addOption(new Option('--max-retries <n>', 'retries per request on 408/409/429/5xx, timeouts, dropped connections and broken bodies (default 4)'))
    .addOption(new Option('--timeout <seconds>', 'deadline per request: connect, headers and the whole body (default 120)'))
    .addOption(new Option('--cache-dir <dir>', `response cache folder (default ${DEFAULT_CACHE_DIR})`))
    .addOption(new Option('--no-cache', 'do not read or write the response cache'))
    .addOption(new Option('--max-cost <usd>', 'stop once the estimated cost reaches this many USD'))
    .addOption(new Option('--prices <file>', 'JSON price table {"model": {"inputPerMillion": n, "outputPerMillion": n}}'))
    .addOption(new Option('--max-output-tokens <n>', 'cap on answer tokens per request (default: the server\'s; 1024 for --provider local)'))
    .addOption(new Option('--threads <n>', 'local provider: CPU threads (default 1, fastest on a shared machine; 0 = all cores)'))
    .addOption(new Option('--context-size <n>', 'local provider: context tokens per sequence (default 4096)'))
    .addOption(new Option('--sequences <n>', 'local provider: requests decoded in parallel (default 1)'))
    .addOption(new Option('--model-dir <dir>', `local provider: where hf: models are downloaded (default ${DEFAULT_MODEL_DIR})`));
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
  if (options.cache) await checkOutputPath({ path: resolve(cwd, options.cacheDir), label: '--cache-dir', kind: 'directory' });
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
