import { z } from 'zod';
import { boundaryCodesIn, copiedBoundaryCode } from './fence.js';
import type { ChatMessage, ChatRequest, JsonSchema, ObjectRequest, ObjectResult, Stage, StructuredMode } from './types.js';

/**
 * Structured output, the same way in every mode: the zod schema becomes a strict JSON
 * Schema for the wire, the answer is parsed and validated with the zod schema, and an
 * invalid answer gets exactly one repair request carrying the validation error. After that
 * the item fails with a reason; it never throws.
 */

/** Keywords strict mode rejects; their meaning moves into the description so the model still sees it. */
const LENGTH_WORDS: Record<string, (n: number) => string> = {
  minLength: (n) => `At least ${n} characters.`,
  maxLength: (n) => `At most ${n} characters.`,
};
const DROPPED = new Set(['$schema', 'default']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullable(schema: unknown): boolean {
  if (!isRecord(schema)) return false;
  if (schema.type === 'null') return true;
  if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
  const options = schema.anyOf ?? schema.oneOf;
  return Array.isArray(options) && options.some(isNullable);
}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    const words = LENGTH_WORDS[key];
    if (words && typeof value === 'number') {
      notes.push(words(value));
      continue;
    }
    out[key] = key === 'properties' && isRecord(value) ? value : strictNode(value);
  }
  if (isRecord(out.properties)) {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    const properties: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(out.properties)) {
      const strict = strictNode(property);
      // Strict mode wants every property required; optional ones may answer null instead.
      properties[name] = required.has(name) || isNullable(strict) ? strict : { anyOf: [strict, { type: 'null' }] };
    }
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  if (notes.length > 0) {
    const described = typeof out.description === 'string' ? out.description.trim() : '';
    const lead = described && !/[.!?]$/.test(described) ? `${described}.` : described;
    out.description = [lead, ...notes].filter(Boolean).join(' ');
  }
  return out;
}

/** The JSON Schema OpenAI's strict mode accepts: all properties required, no extra ones. */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return strictNode(json) as JsonSchema;
}

/** The JSON inside an answer: tolerates code fences and a sentence around the value. */
export function extractJsonText(text: string): string {
  const trimmed = text.trim();
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)\n?\s*```/.exec(trimmed);
  const inner = (fenced?.[1] ?? trimmed).trim();
  if (inner.startsWith('{') || inner.startsWith('[')) return inner;
  const start = inner.search(/[{[]/);
  const end = Math.max(inner.lastIndexOf('}'), inner.lastIndexOf(']'));
  return start !== -1 && end > start ? inner.slice(start, end + 1) : inner;
}

/**
 * Strict mode answers `null` for optional fields, which zod wants absent. Deletes exactly the
 * null properties zod rejected (a nullable field's null stays) and reports whether any went.
 */
function dropRejectedNulls(value: unknown, issues: readonly z.core.$ZodIssue[]): boolean {
  let dropped = false;
  for (const issue of issues) {
    const key = issue.path[issue.path.length - 1];
    let parent: unknown = value;
    for (const step of issue.path.slice(0, -1)) parent = isRecord(parent) || Array.isArray(parent) ? (parent as Record<PropertyKey, unknown>)[step] : undefined;
    if (key !== undefined && isRecord(parent) && parent[key as string] === null) {
      delete parent[key as string];
      dropped = true;
    }
  }
  return dropped;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseStructured<T>(text: string, schema: z.ZodType<T>): ParseResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(extractJsonText(text));
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const first = schema.safeParse(json);
  if (first.success) return { ok: true, value: first.data };
  let issues = first.error.issues;
  // Each round can only uncover nulls one nesting level deeper; answers are shallow.
  for (let round = 0; round < 8 && dropRejectedNulls(json, issues); round++) {
    const retried = schema.safeParse(json);
    if (retried.success) return { ok: true, value: retried.data };
    issues = retried.error.issues;
  }
  return { ok: false, reason: `the answer does not match the schema:\n${z.prettifyError(first.error)}` };
}

/**
 * A repair after an answer cut off at the output cap neither shows the model its long answer
 * (a small model that looped would copy the loop) nor allows more tokens than the cap it
 * hit: it asks for the same JSON, shorter. Without a configured cap this one applies.
 */
export const TRUNCATED_REPAIR_MAX_TOKENS = 1024;

export function shortenMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return [
    ...messages,
    {
      role: 'user',
      content:
        'Your previous answer was cut off at the length limit, so it was incomplete JSON. Answer again, much shorter: ' +
        'brief strings, only a few items per list, nothing repeated. Reply with only the JSON value.',
    },
  ];
}

/** The conversation for the one repair attempt: the bad answer and what was wrong with it. */
export function repairMessages(messages: readonly ChatMessage[], badAnswer: string, reason: string): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: badAnswer },
    {
      role: 'user',
      content: `Your answer could not be used: ${reason}\nReply again with only the corrected JSON value, matching the schema exactly.`,
    },
  ];
}

/**
 * One chat call as the client performs it: cached or not, or an item-level failure reason.
 * A fresh answer reaches the response cache only through `keep`, called once the item
 * succeeds: a rerun then replays the same path for free, while an item that failed is
 * asked again instead of failing the same way forever.
 */
export type ChatCall = (
  stage: Stage,
  request: ChatRequest,
) => Promise<{ ok: true; text: string; cached: boolean; truncated?: boolean; keep: () => Promise<void> } | { ok: false; reason: string }>;

/**
 * Asks once, repairs once, and reports why when both answers are unusable. An answer that
 * copies a boundary code of the request's fences is unusable too.
 */
export async function generateObject<T>(
  request: ObjectRequest<T>,
  mode: StructuredMode,
  call: ChatCall,
  extras: Pick<ChatRequest, 'seed' | 'maxTokens'> = {},
  onRepair: () => void = () => undefined,
): Promise<ObjectResult<T>> {
  const structured = { mode, name: request.name, schema: toStrictJsonSchema(request.schema) };
  const base: ChatRequest = { messages: request.messages, structured, ...extras };
  if (request.task !== undefined) base.task = request.task;
  if (request.temperature !== undefined) base.temperature = request.temperature;

  const codes = boundaryCodesIn(request.messages);
  const parse = (text: string): ParseResult<T> => {
    const parsed = parseStructured(text, request.schema);
    const copied = parsed.ok ? copiedBoundaryCode(parsed.value, codes) : undefined;
    return copied ? { ok: false, reason: `it copies the boundary code ${copied}, which only marks where passages begin and end; write your own text` } : parsed;
  };

  const first = await call(request.stage, base);
  if (!first.ok) return { ok: false, reason: first.reason };
  const parsed = parse(first.text);
  if (parsed.ok) {
    await first.keep();
    return { ok: true, value: parsed.value, cached: first.cached };
  }

  onRepair();
  const repairRequest: ChatRequest = first.truncated
    ? { ...base, messages: shortenMessages(request.messages), maxTokens: base.maxTokens ?? TRUNCATED_REPAIR_MAX_TOKENS }
    : { ...base, messages: repairMessages(request.messages, first.text, parsed.reason) };
  const why = first.truncated ? `the answer hit the output token cap (${parsed.reason})` : parsed.reason;
  const repair = await call('repair', repairRequest);
  if (!repair.ok) return { ok: false, reason: `${why}; the repair request failed: ${repair.reason}` };
  const repaired = parse(repair.text);
  if (repaired.ok) {
    await Promise.all([first.keep(), repair.keep()]);
    return { ok: true, value: repaired.value, cached: first.cached && repair.cached };
  }
  const repairWhy = repair.truncated ? `the repair also hit the output token cap (${repaired.reason})` : repaired.reason;
  return { ok: false, reason: `invalid answer after one repair: ${repairWhy}` };
}
