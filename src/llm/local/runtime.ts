import { UsageError } from '../../errors.js';

/**
 * node-llama-cpp, loaded on first use. It is installed only by those who use it (prebuilt
 * llama.cpp binaries, 700 MB with the CUDA and Vulkan variants), so `npm ci` stays fast for
 * everyone who never runs a model in-process. The types below are the slice of its API this provider
 * uses, checked against the loaded module at the edge; nothing else in ragset sees it.
 */
export interface TokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}

export interface LlamaContextSequence {
  readonly tokenMeter: { getState(): TokenMeterState };
}

export interface LlamaContext {
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaEmbeddingContext {
  getEmbeddingFor(text: string): Promise<{ readonly vector: readonly number[] }>;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly trainContextSize: number;
  tokenize(text: string): readonly unknown[];
  createContext(options: { contextSize: number; sequences: number; threads: number }): Promise<LlamaContext>;
  createEmbeddingContext(options: { contextSize: number; threads: number }): Promise<LlamaEmbeddingContext>;
  dispose(): Promise<void>;
}

export interface LlamaGrammar {
  readonly grammar: string;
}

export interface Llama {
  readonly gpu: string | false;
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: Record<string, unknown>): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

export type ChatHistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };

export interface LlamaChat {
  generateResponse(
    history: ChatHistoryItem[],
    options: {
      grammar?: LlamaGrammar;
      maxTokens: number;
      temperature: number;
      seed?: number;
      dryRepeatPenalty?: { strength: number; allowedLength: number; lastTokens: number };
      signal?: AbortSignal;
    },
  ): Promise<{ response: string; metadata: { stopReason: string } }>;
}

export interface LlamaRuntime {
  getLlama(options: { build: 'never'; gpu: 'auto'; logLevel: 'error'; progressLogs: boolean; skipDownload: boolean }): Promise<Llama>;
  resolveModelFile(
    uri: string,
    options: { directory: string; download: 'auto' | false; cli: boolean; signal?: AbortSignal; onProgress?: (status: { totalSize: number; downloadedSize: number }) => void },
  ): Promise<string>;
  LlamaChat: new (options: { contextSequence: LlamaContextSequence; autoDisposeSequence: boolean }) => LlamaChat;
}

const PACKAGE = 'node-llama-cpp';
/**
 * The version ragset is tested with. Not a package.json dependency of any kind: npm would
 * then install it (and its GPU binaries) for everyone, or, as an optional peer, refuse to
 * add it with `--no-save`. `npm install` of this exact version is what `installHint` says.
 */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

export function installHint(): string {
  return `install it with: NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install ${PACKAGE}@${NODE_LLAMA_CPP_VERSION} (prebuilt llama.cpp binaries; nothing is compiled)`;
}

function isRuntime(module: unknown): module is LlamaRuntime {
  const candidate = module as Partial<Record<keyof LlamaRuntime, unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.getLlama === 'function' &&
    typeof candidate.resolveModelFile === 'function' &&
    typeof candidate.LlamaChat === 'function'
  );
}

let loading: Promise<LlamaRuntime> | undefined;

export function loadRuntime(): Promise<LlamaRuntime> {
  loading ??= (async () => {
    let module: unknown;
    try {
      // A variable specifier keeps TypeScript from requiring the package at build time.
      const specifier: string = PACKAGE;
      module = await import(specifier);
    } catch (error) {
      loading = undefined;
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new UsageError(`--provider local needs the optional package ${PACKAGE}, which is not installed`, installHint());
      }
      throw new UsageError(`cannot load ${PACKAGE}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, installHint());
    }
    if (!isRuntime(module)) {
      loading = undefined;
      throw new UsageError(`the installed ${PACKAGE} does not have the API ragset uses`, installHint());
    }
    return module;
  })();
  return loading;
}

let llama: Promise<Llama> | undefined;

/**
 * One llama.cpp instance per process: it picks the best prebuilt binary (CUDA, Vulkan or
 * Metal when present, else CPU) and never builds or downloads one.
 */
export function loadLlama(): Promise<Llama> {
  llama ??= loadRuntime().then(async (runtime) => {
    try {
      return await runtime.getLlama({ build: 'never', gpu: 'auto', logLevel: 'error', progressLogs: false, skipDownload: true });
    } catch (error) {
      llama = undefined;
      throw new UsageError(
        `node-llama-cpp has no prebuilt llama.cpp binary for this machine (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
        `install the platform package, e.g. npm install @node-llama-cpp/${process.platform}-${process.arch}@${NODE_LLAMA_CPP_VERSION}`,
      );
    }
  });
  return llama;
}
