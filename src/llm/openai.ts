import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { base64ToFloat32 } from '../float32-base64.js';
import { ApiCallError, findNetworkCode, parseRetryAfter, publicEndpoint, redact } from './api-error.js';
import { withSchemaInstruction } from './schema-prompt.js';
import type { ChatModel, ChatRequest, EmbeddingModel } from './types.js';
import { ResponseBodyError, wholeBodyFetch } from './whole-body-fetch.js';

/**
 * The OpenAI (and OpenAI-compatible: vLLM, Ollama, LM Studio, LiteLLM…) implementation of
 * the model spec, and the only module that imports `openai`. SDK retries are off: retrying
 * happens once, in the client. Every failure becomes an `ApiCallError` without the key in it.
 */
export interface OpenAIConnection {
  baseURL?: string;
  apiKey?: string;
  timeoutMs: number;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Local servers need no key, but the SDK insists on one; this one is never a secret. */
const NO_KEY = 'no-key';

function connect({ baseURL, apiKey, timeoutMs }: OpenAIConnection): { client: OpenAI; endpoint: string } {
  if (!baseURL && !apiKey) {
    throw new UsageError(
      'no OpenAI endpoint configured',
      'set OPENAI_API_KEY for api.openai.com, or OPENAI_BASE_URL (or --base-url) for a local OpenAI-compatible server',
    );
  }
  const url = baseURL ?? OPENAI_BASE_URL;
  // The SDK's timeout lasts until `fetch` returns, and this fetch returns with the whole body:
  // one deadline covers connect, headers and body.
  const client = new OpenAI({ baseURL: url, apiKey: apiKey || NO_KEY, maxRetries: 0, timeout: timeoutMs, logLevel: 'off', fetch: wholeBodyFetch });
  return { client, endpoint: publicEndpoint(url) };
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function bodyErrorOf(error: unknown): ResponseBodyError | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof ResponseBodyError ? cause : undefined;
}

/** Maps SDK errors to `ApiCallError`; anything else is a bug and propagates unchanged. */
export function toApiCallError(error: unknown, endpoint: string, apiKey: string | undefined, timeoutMs?: number): unknown {
  const clean = (text: string) => redact(text, [apiKey]);
  if (error instanceof APIUserAbortError) return new ApiCallError('request aborted', { kind: 'aborted', endpoint });
  if (error instanceof APIConnectionTimeoutError) {
    const after = timeoutMs === undefined ? '' : ` after ${timeoutMs / 1000} s`;
    return new ApiCallError(`request to ${endpoint} timed out${after} (connect, headers and body)`, { kind: 'timeout', endpoint });
  }
  const bodyError = bodyErrorOf(error);
  if (bodyError) return new ApiCallError(clean(`${endpoint}: ${bodyError.message}`), { kind: 'body', endpoint });
  if (error instanceof APIConnectionError) {
    const networkCode = findNetworkCode(error);
    return new ApiCallError(`cannot connect to ${endpoint}${networkCode ? ` (${networkCode})` : ''}`, {
      kind: 'connection',
      endpoint,
      networkCode,
    });
  }
  if (error instanceof APIError && error.status !== undefined) {
    const responseBody = bodyText(error.error);
    return new ApiCallError(clean(`HTTP ${error.status} from ${endpoint}: ${error.message}`), {
      kind: 'http',
      endpoint,
      statusCode: error.status,
      responseBody: responseBody === undefined ? undefined : clean(responseBody),
      retryAfterMs: error.headers ? parseRetryAfter((name) => error.headers?.get(name)) : undefined,
    });
  }
  return error;
}

/** The JSON Schema name rules of the API: [a-zA-Z0-9_-]{1,64}. */
function wireName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output';
}

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** The request body for one chat call; exported so tests can check the wire format per mode. */
export function chatBody(model: string, request: ChatRequest): ChatBody {
  const body: ChatBody = { model, messages: request.messages.map((m) => ({ role: m.role, content: m.content })) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
  if (request.seed !== undefined) body.seed = request.seed;
  const structured = request.structured;
  if (!structured) return body;
  const name = wireName(structured.name);
  if (structured.mode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name, schema: structured.schema, strict: true } };
  } else if (structured.mode === 'json_object') {
    body.messages = withSchemaInstruction(request.messages, structured.name, structured.schema);
    body.response_format = { type: 'json_object' };
  } else {
    body.tools = [
      {
        type: 'function',
        function: { name, description: `Return the ${structured.name}.`, parameters: structured.schema, strict: true },
      },
    ];
    body.tool_choice = { type: 'function', function: { name } };
  }
  return body;
}

/** Only the fields we use, parsed leniently: compatible servers differ in the rest. */
const ChatResponse = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z.array(z.object({ function: z.object({ arguments: z.string() }).optional() })).nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

export function createOpenAIChatModel(options: OpenAIConnection & { model: string }): ChatModel {
  const { client, endpoint } = connect(options);
  return {
    provider: 'openai',
    modelId: options.model,
    endpoint,
    async doChat(request, callOptions) {
      let raw: unknown;
      try {
        raw = await client.chat.completions.create(chatBody(options.model, request), { signal: callOptions?.signal });
      } catch (error) {
        throw toApiCallError(error, endpoint, options.apiKey, options.timeoutMs);
      }
      const parsed = ChatResponse.safeParse(raw);
      if (!parsed.success) {
        throw new ApiCallError(`unexpected chat response from ${endpoint}: ${z.prettifyError(parsed.error)}`, {
          kind: 'response',
          endpoint,
          responseBody: bodyText(raw),
        });
      }
      const message = parsed.data.choices[0]?.message;
      const toolArguments = message?.tool_calls?.[0]?.function?.arguments;
      const text = request.structured?.mode === 'tools' && toolArguments !== undefined ? toolArguments : message?.content;
      if (text === undefined || text === null) {
        const why = message?.refusal ? `the model refused: ${message.refusal}` : 'the answer has no content';
        throw new ApiCallError(`${why} (${endpoint})`, { kind: 'response', endpoint, responseBody: bodyText(raw) });
      }
      const usage = parsed.data.usage;
      return {
        text,
        usage: { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 },
        truncated: parsed.data.choices[0]?.finish_reason === 'length',
      };
    },
  };
}

const EmbeddingResponse = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.union([z.string(), z.array(z.number())]) })),
  usage: z.object({ prompt_tokens: z.number().nullish() }).nullish(),
});

function toVector(embedding: string | number[]): Float32Array {
  return typeof embedding === 'string' ? base64ToFloat32(embedding) : Float32Array.from(embedding);
}

export function createOpenAIEmbeddingModel(
  options: OpenAIConnection & { model: string; dimensions?: number; maxBatch: number },
): EmbeddingModel {
  const { client, endpoint } = connect(options);
  return {
    provider: 'openai',
    modelId: options.model,
    endpoint,
    dimensions: options.dimensions,
    maxBatch: options.maxBatch,
    async doEmbed(texts, callOptions) {
      let raw: unknown;
      try {
        // base64 explicitly, so we decode it ourselves and also accept servers that send floats anyway.
        raw = await client.embeddings.create(
          {
            model: options.model,
            input: texts,
            encoding_format: 'base64',
            ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }),
          },
          { signal: callOptions?.signal },
        );
      } catch (error) {
        throw toApiCallError(error, endpoint, options.apiKey, options.timeoutMs);
      }
      const parsed = EmbeddingResponse.safeParse(raw);
      if (!parsed.success || parsed.data.data.length !== texts.length) {
        const why = parsed.success ? `${parsed.data.data.length} vectors for ${texts.length} texts` : z.prettifyError(parsed.error);
        throw new ApiCallError(`unexpected embedding response from ${endpoint}: ${why}`, {
          kind: 'response',
          endpoint,
        });
      }
      const ordered = parsed.data.data.slice().sort((a, b) => a.index - b.index);
      try {
        return { vectors: ordered.map((d) => toVector(d.embedding)), tokens: parsed.data.usage?.prompt_tokens ?? 0 };
      } catch (error) {
        throw new ApiCallError(`unexpected embedding response from ${endpoint}: ${(error as Error).message}`, { kind: 'response', endpoint });
      }
    },
  };
}
