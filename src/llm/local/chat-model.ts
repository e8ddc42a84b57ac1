import { ApiCallError } from '../api-error.js';
import type { ChatMessage, ChatModel, ChatRequest, ChatResult } from '../types.js';
import { boundedSchema } from './grammar-schema.js';
import { loadModel } from './loaded-model.js';
import { modelName } from './model-file.js';
import type { LocalOptions } from './options.js';
import { loadRuntime, type ChatHistoryItem, type Llama, type LlamaChat, type LlamaContextSequence, type LlamaGrammar } from './runtime.js';
import { createSlotPool, type SlotPool } from './slots.js';

/**
 * The local chat model: llama.cpp in this process through node-llama-cpp. Structured
 * requests (every mode: json_schema, json_object and tools mean the same here) are decoded
 * under a grammar compiled from the JSON Schema, so the answer is always schema-shaped JSON
 * unless it hits the output cap (src/llm/local/grammar-schema.ts bounds lists and strings). Usage counts the tokens llama.cpp evaluated: a prompt
 * prefix still in a sequence's cache from the previous request is not evaluated again.
 */
export const LOCAL_ENDPOINT = 'local';
/** Repeats of up to four tokens are free; only the model's own last 256 tokens count (see options.ts). */
const DRY_WINDOW = { allowedLength: 4, lastTokens: 256 };

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

interface Engine {
  llama: Llama;
  /** Tokens per sequence: the setting, or less when the model was trained on less. */
  contextSize: number;
  countTokens(text: string): number;
  slots: SlotPool<Slot>;
}

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role, text: message.content },
  );
  history.push({ type: 'model', response: [] });
  return history;
}

function failure(message: string, cause?: unknown): ApiCallError {
  return new ApiCallError(`local model: ${message}`, { kind: 'response', endpoint: LOCAL_ENDPOINT, cause });
}

export function createLocalChatModel(options: { modelPath: string; settings: LocalOptions }): ChatModel {
  const { modelPath, settings } = options;
  let engine: Promise<Engine> | undefined;
  const grammars = new Map<string, Promise<LlamaGrammar>>();

  const start = async (): Promise<Engine> => {
    const [runtime, { llama, model }] = await Promise.all([loadRuntime(), loadModel(modelPath)]);
    const contextSize = Math.min(settings.contextSize, model.trainContextSize);
    const context = await model.createContext({ contextSize, sequences: settings.sequences, threads: settings.threads });
    const slots = Array.from({ length: settings.sequences }, () => {
      const sequence = context.getSequence();
      return { sequence, chat: new runtime.LlamaChat({ contextSequence: sequence, autoDisposeSequence: false }) };
    });
    return { llama, contextSize, countTokens: (text) => model.tokenize(text).length, slots: createSlotPool(slots) };
  };

  const grammarFor = (llama: Llama, schema: Record<string, unknown>): Promise<LlamaGrammar> => {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(boundedSchema(schema) as Record<string, unknown>).catch((error: unknown) => {
        grammars.delete(key);
        throw failure(`cannot turn the JSON Schema into a grammar: ${error instanceof Error ? error.message : String(error)}`, error);
      });
      grammars.set(key, grammar);
    }
    return grammar;
  };

  return {
    provider: 'local',
    modelId: modelName(modelPath),
    endpoint: LOCAL_ENDPOINT,
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    async doChat(request: ChatRequest, callOptions = {}): Promise<ChatResult> {
      if (callOptions.signal?.aborted) throw new ApiCallError('local model: aborted', { kind: 'aborted', endpoint: LOCAL_ENDPOINT });
      engine ??= start().catch((error: unknown) => {
        engine = undefined;
        throw error;
      });
      const { llama, contextSize, countTokens, slots } = await engine;
      const grammar = request.structured ? await grammarFor(llama, request.structured.schema) : undefined;
      const maxTokens = request.maxTokens ?? settings.maxOutputTokens;
      const promptTokens = countTokens(request.messages.map((message) => message.content).join('\n'));
      if (promptTokens + maxTokens > contextSize) {
        throw failure(`the prompt (${promptTokens} tokens) and answer (up to ${maxTokens}) do not fit the context of ${contextSize} tokens; raise --context-size`);
      }
      return slots.use(async ({ sequence, chat }) => {
        const before = sequence.tokenMeter.getState();
        let result: Awaited<ReturnType<LlamaChat['generateResponse']>>;
        try {
          result = await chat.generateResponse(toHistory(request.messages), {
            grammar,
            maxTokens,
            temperature: request.temperature ?? settings.temperature,
            seed: request.seed ?? 0,
            ...(settings.dryStrength > 0 ? { dryRepeatPenalty: { strength: settings.dryStrength, ...DRY_WINDOW } } : {}),
            signal: callOptions.signal,
          });
        } catch (error) {
          if (callOptions.signal?.aborted) throw new ApiCallError('local model: aborted', { kind: 'aborted', endpoint: LOCAL_ENDPOINT });
          throw failure(error instanceof Error ? error.message.split('\n')[0] ?? 'generation failed' : String(error), error);
        }
        const after = sequence.tokenMeter.getState();
        return {
          text: result.response,
          usage: { promptTokens: after.usedInputTokens - before.usedInputTokens, completionTokens: after.usedOutputTokens - before.usedOutputTokens },
          truncated: result.metadata.stopReason === 'maxTokens',
        };
      });
    },
  };
}
