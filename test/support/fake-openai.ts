import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findSchemaInstruction } from '../../src/llm/schema-prompt.js';
import { answerFromSchema } from './fake-openai/answer.js';
import { followPhrasing } from './fake-openai/phrasing.js';
import { approvingPremise, falsePremiseAnswer } from './fake-openai/false-premise.js';
import { approvingVerdict, incompleteAblation } from './fake-openai/verdict.js';
import { createFaultPicker, sendTransportFault, type TransportFault } from './fake-openai/transport-faults.js';
import { hashedVector, vectorToBase64 } from './fake-openai/vectors.js';

/**
 * An OpenAI-compatible server for tests: real HTTP on 127.0.0.1, answers that satisfy the
 * requested schema in all three structured modes (json_schema, json_object with the schema
 * in the system prompt, forced tool call), deterministic bag-of-words embeddings (float or
 * base64), counters per endpoint/model/schema, recorded request bodies, and switchable faults.
 * The verify stage's judge approves by default (fake-openai/verdict.ts); false-premise questions
 * get a scripted writer and an approving premise check (fake-openai/false-premise.ts).
 */
export type FakeEndpoint = 'chat' | 'embeddings' | 'models';
export type FakeMode = 'json_schema' | 'json_object' | 'tools' | 'text';

export interface FakeChatRequest {
  model: string;
  mode: FakeMode;
  /** The json_schema / tool / embedded schema name; '' for plain text. */
  schemaName: string;
  schema: Record<string, unknown> | undefined;
  messages: { role: string; content: string }[];
  /** The first user message: the content the answer is built from. */
  userText: string;
  /** True when the conversation already holds an assistant answer (our repair request). */
  isRepair: boolean;
  body: Record<string, unknown>;
}

/** Return a string (the raw answer text), any other value (sent as JSON), or undefined for the default answer. */
export type ChatResponder = (request: FakeChatRequest, defaultAnswer: () => unknown) => unknown;

export interface FakeFaults {
  /** Answer the next `times` requests with HTTP `status`, with Retry-After headers when given. */
  http?: { status: number; times: number; retryAfterSeconds?: number; retryAfterMs?: number };
  /** Answer the next `times` chat requests with broken JSON. */
  malformed?: { times: number };
  /** Answer the next `times` chat requests with half the answer and finish reason `length` (cut off at the token cap). */
  truncated?: { times: number };
  /** Close the socket without answering the next `times` requests. */
  drop?: { times: number };
  /** Delay every answer by this much. */
  latencyMs?: number;
  /** A share of requests, picked by a hash of the request, hit by a transport fault (see transport-faults.ts). */
  transport?: TransportFault;
  /** Endpoints the counted and transport faults apply to (default: chat and embeddings). */
  endpoints?: FakeEndpoint[];
}

export interface FakeCounters {
  chat: number;
  embeddings: number;
  models: number;
  /** Texts embedded, over all embedding requests. */
  embeddedTexts: number;
  byModel: Record<string, number>;
  /** Chat requests per schema/tool name: the nearest thing to a stage the server can see. */
  bySchema: Record<string, number>;
  repairs: number;
  /** Requests answered with an injected fault. */
  faults: number;
  inFlight: number;
  maxInFlight: number;
}

export interface FakeOpenAIOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** When set, other model names get a 404 `model_not_found`. */
  models?: string[];
  /** Vector length when a request does not ask for `dimensions` (default 256). */
  embeddingDimensions?: number;
}

export interface FakeOpenAI {
  /** Ends in `/v1`, as OpenAI clients expect. */
  baseURL: string;
  counters: FakeCounters;
  requests: { endpoint: FakeEndpoint; body: Record<string, unknown> }[];
  setFaults(faults: FakeFaults): void;
  onChat(responder: ChatResponder | undefined): void;
  /** Zeroes counters and forgets recorded requests (faults and responder stay). */
  reset(): void;
  close(): Promise<void>;
}

function emptyCounters(): FakeCounters {
  return { chat: 0, embeddings: 0, models: 0, embeddedTexts: 0, byModel: {}, bySchema: {}, repairs: 0, faults: 0, inFlight: 0, maxInFlight: 0 };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const approxTokens = (text: string) => Math.ceil(text.length / 4);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return isRecord(parsed) ? parsed : {};
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

export function describeChatRequest(body: Record<string, unknown>): FakeChatRequest {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord).map((m) => ({
    role: String(m.role),
    content: typeof m.content === 'string' ? m.content : '',
  }));
  const userText = messages.find((m) => m.role === 'user')?.content ?? '';
  const base = { model: String(body.model), messages, userText, isRepair: messages.some((m) => m.role === 'assistant'), body };
  const format = isRecord(body.response_format) ? body.response_format : undefined;
  const tool = Array.isArray(body.tools) && isRecord(body.tools[0]) && isRecord(body.tools[0].function) ? body.tools[0].function : undefined;
  if (format?.type === 'json_schema' && isRecord(format.json_schema)) {
    const spec = format.json_schema;
    return { ...base, mode: 'json_schema', schemaName: String(spec.name), schema: isRecord(spec.schema) ? spec.schema : {} };
  }
  if (tool) {
    return { ...base, mode: 'tools', schemaName: String(tool.name), schema: isRecord(tool.parameters) ? tool.parameters : {} };
  }
  if (format?.type === 'json_object') {
    const embedded = findSchemaInstruction(messages.map((m) => m.content).join('\n'));
    return { ...base, mode: 'json_object', schemaName: embedded?.name ?? '', schema: embedded?.schema ?? { type: 'object' } };
  }
  return { ...base, mode: 'text', schemaName: '', schema: undefined };
}

function chatCompletion(request: FakeChatRequest, answer: string, sequence: number, cutOff = false) {
  const promptTokens = approxTokens(request.messages.map((m) => m.content).join('\n'));
  const message =
    request.mode === 'tools'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: `call_${sequence}`, type: 'function', function: { name: request.schemaName, arguments: answer } }],
        }
      : { role: 'assistant', content: answer };
  return {
    id: `chatcmpl-fake-${sequence}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: request.model,
    choices: [{ index: 0, message, finish_reason: cutOff ? 'length' : request.mode === 'tools' ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: approxTokens(answer), total_tokens: promptTokens + approxTokens(answer) },
  };
}

/** The faults set by one `setFaults` call; a request keeps the set it arrived under. */
interface FaultState {
  faults: FakeFaults;
  pickTransport: ((key: string) => boolean) | undefined;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const counters = emptyCounters();
  let state: FaultState = { faults: {}, pickTransport: undefined };
  let responder: ChatResponder | undefined;
  const requests: FakeOpenAI['requests'] = [];
  const defaultDimensions = options.embeddingDimensions ?? 256;

  /** Spends one unit of a counted fault when it applies to this endpoint. */
  const take = (faults: FakeFaults, kind: 'http' | 'malformed' | 'truncated' | 'drop', endpoint: FakeEndpoint): boolean => {
    const fault = faults[kind];
    const endpoints = faults.endpoints ?? ['chat', 'embeddings'];
    if (!fault || fault.times <= 0 || !endpoints.includes(endpoint)) return false;
    fault.times -= 1;
    counters.faults += 1;
    return true;
  };

  const answerChat = (faults: FakeFaults, body: Record<string, unknown>) => {
    const request = describeChatRequest(body);
    counters.bySchema[request.schemaName] = (counters.bySchema[request.schemaName] ?? 0) + 1;
    if (request.isRepair) counters.repairs += 1;
    const defaultAnswer = () => {
      if (request.schemaName === 'verification') return approvingVerdict(request.userText);
      if (request.schemaName === 'ablation') return incompleteAblation();
      if (request.schemaName === 'premise') return approvingPremise();
      if (isRecord(request.schema?.properties) && 'correcting_quote' in request.schema.properties) return falsePremiseAnswer(request.userText);
      if (!request.schema) return request.userText.split(/(?<=[.!?])\s+/)[0] ?? '';
      const answer = answerFromSchema(request.schema, request.userText);
      return request.schemaName === 'sample' ? followPhrasing(answer, request.userText) : answer;
    };
    const custom = responder?.(request, defaultAnswer);
    const value = custom === undefined ? defaultAnswer() : custom;
    let answer = typeof value === 'string' ? value : JSON.stringify(value);
    if (take(faults, 'malformed', 'chat')) answer = answer.slice(0, Math.max(1, Math.floor(answer.length / 2)));
    const cutOff = take(faults, 'truncated', 'chat');
    if (cutOff) answer = answer.slice(0, Math.max(1, Math.floor(answer.length / 2)));
    return chatCompletion(request, answer, counters.chat, cutOff);
  };

  const answerEmbeddings = (body: Record<string, unknown>) => {
    const input = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
    counters.embeddedTexts += input.length;
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : defaultDimensions;
    const base64 = body.encoding_format === 'base64';
    const data = input.map((text, index) => {
      const vector = hashedVector(text, dimensions);
      return { object: 'embedding', index, embedding: base64 ? vectorToBase64(vector) : Array.from(vector) };
    });
    const tokens = input.reduce((sum, text) => sum + approxTokens(text), 0);
    return { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const endpoint: FakeEndpoint | undefined =
      path === '/v1/chat/completions' ? 'chat' : path === '/v1/embeddings' ? 'embeddings' : path === '/v1/models' ? 'models' : undefined;
    if (!endpoint) return sendJson(res, 404, errorBody(`Unknown path ${path}`, 'invalid_request_error', 'unknown_url'));
    // Captured before any wait: a request still running when a test sets new faults uses the old ones.
    const { faults, pickTransport } = state;
    const body = req.method === 'POST' ? await readBody(req) : {};
    counters[endpoint] += 1;
    requests.push({ endpoint, body });
    if (faults.latencyMs) await sleep(faults.latencyMs);
    // The client gave up (timeout) while we waited: nothing to answer, and no fault spent on it.
    if (req.socket.destroyed) return undefined;
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (endpoint === 'models') {
      const ids = options.models ?? ['fake-chat', 'fake-embedding'];
      return sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    const model = String(body.model);
    counters.byModel[model] = (counters.byModel[model] ?? 0) + 1;
    if (options.models && !options.models.includes(model)) {
      return sendJson(res, 404, errorBody(`The model \`${model}\` does not exist.`, 'invalid_request_error', 'model_not_found'));
    }
    if (take(faults, 'drop', endpoint)) {
      req.socket.destroy();
      return undefined;
    }
    const http = faults.http;
    if (http && take(faults, 'http', endpoint)) {
      const headers: Record<string, string> = {};
      if (http.retryAfterSeconds !== undefined) headers['retry-after'] = String(http.retryAfterSeconds);
      if (http.retryAfterMs !== undefined) headers['retry-after-ms'] = String(http.retryAfterMs);
      return sendJson(res, http.status, errorBody(`Injected HTTP ${http.status}`, 'server_error', null), headers);
    }
    const transport = faults.transport;
    const hitsEndpoint = (faults.endpoints ?? ['chat', 'embeddings']).includes(endpoint);
    const answer = JSON.stringify(endpoint === 'chat' ? answerChat(faults, body) : answerEmbeddings(body));
    if (transport && pickTransport && hitsEndpoint && pickTransport(`${endpoint}\n${JSON.stringify(body)}`)) {
      counters.faults += 1;
      return sendTransportFault(transport, req, res, answer);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer);
    return undefined;
  };

  const server = createServer((req, res) => {
    counters.inFlight += 1;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    res.on('close', () => {
      counters.inFlight -= 1;
    });
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`fake server error: ${String(error)}`, 'server_error', null));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    counters,
    requests,
    setFaults(next) {
      const faults = structuredClone(next);
      state = { faults, pickTransport: faults.transport ? createFaultPicker(faults.transport) : undefined };
    },
    onChat(next) {
      responder = next;
    },
    reset() {
      // In place, so callers holding `counters` see the reset; requests still in flight stay counted.
      Object.assign(counters, { ...emptyCounters(), inFlight: counters.inFlight, maxInFlight: counters.inFlight });
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
