import { createRng, type Rng } from '../../../src/rng.js';

/**
 * Builds a JSON value that satisfies a JSON Schema, with content taken from a prompt: strings
 * are sentences, key phrases or proper names of the text, picked with an rng seeded by the
 * text, so the same prompt always gets the same answer and different prompts get different,
 * meaningful ones. Covers what `z.toJSONSchema` emits: objects, arrays (min/maxItems), enums,
 * const, anyOf/oneOf, $ref, numbers with bounds, and string lengths (also "At most N
 * characters." and "Up to N …" in descriptions, where strict mode moved them).
 */
type Schema = Record<string, unknown>;

const STOPWORDS = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her his how however i if in into is it its itself may might more most no not of on or our she should so some such than that the their them then there these they this those through to under up was we were what when where which while who why will with would you your also each many other over about after before between during within without'.split(
    ' ',
  ),
);

export interface TextSource {
  sentences: string[];
  names: string[];
  phrases: string[];
  words: string[];
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

export function textSource(text: string): TextSource {
  const sentences = text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.split(' ').length >= 4);
  const names = unique(
    [...text.matchAll(/\b[A-Z][\p{L}'-]+(?:\s+(?:of\s+|de\s+|von\s+)?[A-Z][\p{L}'-]+)*/gu)]
      .map((m) => m[0])
      .filter((name) => !STOPWORDS.has(name.toLowerCase()) && name.length >= 3),
  );
  const words = unique(
    [...text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}-]{2,}/gu)].map((m) => m[0]).filter((w) => !STOPWORDS.has(w)),
  );
  const phrases: string[] = [];
  for (const sentence of sentences.length > 0 ? sentences : [text]) {
    const tokens = sentence.toLowerCase().match(/[\p{L}][\p{L}\p{N}-]+/gu) ?? [];
    for (let i = 0; i + 1 < tokens.length; i++) {
      const [a, b] = [tokens[i] as string, tokens[i + 1] as string];
      if (!STOPWORDS.has(a) && !STOPWORDS.has(b) && a.length > 2 && b.length > 2) phrases.push(`${a} ${b}`);
    }
  }
  const fallback = words.length > 0 ? words : ['nothing'];
  return {
    sentences: sentences.length > 0 ? sentences : [text.trim() || 'The text is empty.'],
    names: names.length > 0 ? names : fallback,
    phrases: phrases.length > 0 ? unique(phrases) : fallback,
    words: fallback,
  };
}

interface Context {
  root: Schema;
  source: TextSource;
  rng: Rng;
  /** Strings already used in the current array, so list items differ. */
  used: Set<string>;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) node = isSchema(node) ? node[part] : undefined;
  return isSchema(node) ? resolve(node, root) : {};
}

function numberHint(description: unknown, pattern: RegExp): number | undefined {
  if (typeof description !== 'string') return undefined;
  const match = pattern.exec(description);
  return match ? Number(match[1]) : undefined;
}

function pickFresh(items: readonly string[], ctx: Context): string {
  const start = ctx.rng.int(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[(start + i) % items.length] as string;
    if (!ctx.used.has(item)) return item;
  }
  return `${items[start] as string} ${ctx.used.size + 1}`;
}

function fitLength(text: string, min: number, max: number, source: TextSource): string {
  let out = text;
  while (out.length < min) out = `${out} ${source.words[out.length % source.words.length] as string}`;
  return out.length > max ? out.slice(0, max).trimEnd().padEnd(Math.min(max, Math.max(min, 1)), '.') : out;
}

function stringValue(key: string, schema: Schema, inArray: boolean, ctx: Context): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(ctx.rng.pick(schema.enum));
  if (typeof schema.const === 'string') return schema.const;
  const description = schema.description;
  const oneOf = typeof description === 'string' ? /[Oo]ne of ([A-Z_]+(?:,\s*[A-Z_]+)+)/.exec(description) : null;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : (numberHint(description, /at most (\d+) characters/i) ?? Infinity);
  const min = typeof schema.minLength === 'number' ? schema.minLength : (numberHint(description, /at least (\d+) characters/i) ?? 0);
  const { source } = ctx;
  let text: string;
  if (oneOf?.[1]) text = ctx.rng.pick(oneOf[1].split(/,\s*/)) as string;
  else if (schema.format === 'date-time') text = '2024-05-01T12:00:00Z';
  else if (schema.format === 'email') text = 'reader@example.org';
  else if (/question|query/i.test(key)) text = `What is known about ${pickFresh(source.phrases, ctx)}?`;
  else if (/name|entity|person|author/i.test(key)) text = pickFresh(source.names, ctx);
  else if (inArray || max <= 80 || /title|headline|theme|phrase|keyword|topic|tag|type|label/i.test(key)) {
    text = pickFresh(/headline|title/i.test(key) ? source.sentences.map((s) => s.split(' ').slice(0, 6).join(' ')) : source.phrases, ctx);
  } else {
    const first = ctx.rng.int(source.sentences.length);
    text = [source.sentences[first], source.sentences[(first + 1) % source.sentences.length]]
      .filter((s, i, all) => all.indexOf(s) === i)
      .join(' ');
  }
  return fitLength(text, min, max, source);
}

function numberValue(schema: Schema, integer: boolean, ctx: Context): number {
  // zod bounds plain integers by ±2^53; treat such bounds as none, so answers stay small.
  const bound = (value: unknown) => (typeof value === 'number' && Math.abs(value) < 2 ** 31 ? value : undefined);
  const lowest = bound(schema.minimum) ?? Math.min(0, bound(schema.maximum) ?? 0);
  const highest = Math.min(bound(schema.maximum) ?? Infinity, lowest + 10);
  const value = lowest + ctx.rng.next() * (highest - lowest);
  return integer ? Math.min(Math.max(Math.round(value), Math.ceil(lowest)), Math.floor(highest)) : Math.round(value * 100) / 100;
}

function arrayValue(key: string, schema: Schema, ctx: Context): unknown[] {
  const hinted = numberHint(schema.description, /up to (\d+)/i);
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : (hinted ?? 4);
  const min = typeof schema.minItems === 'number' ? schema.minItems : Math.min(1, max);
  const count = Math.max(min, Math.min(max, 3));
  const items = isSchema(schema.items) ? schema.items : {};
  const outer = ctx.used;
  ctx.used = new Set();
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const value = build(key, items, true, ctx);
    if (typeof value === 'string') ctx.used.add(value);
    out.push(value);
  }
  ctx.used = outer;
  return out;
}

function build(key: string, raw: Schema, inArray: boolean, ctx: Context): unknown {
  const schema = resolve(raw, ctx.root);
  if ('const' in schema) return schema.const;
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(options)) {
    const usable = options.filter(isSchema).find((o) => resolve(o, ctx.root).type !== 'null');
    return usable ? build(key, usable, inArray, ctx) : null;
  }
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  const type = types[0] ?? (isSchema(schema.properties) ? 'object' : Array.isArray(schema.enum) ? 'string' : undefined);
  switch (type) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        out[name] = build(name, isSchema(property) ? property : {}, false, ctx);
      }
      return out;
    }
    case 'array':
      return arrayValue(key, schema, ctx);
    case 'integer':
      return numberValue(schema, true, ctx);
    case 'number':
      return numberValue(schema, false, ctx);
    case 'boolean':
      return ctx.rng.next() < 0.5;
    case 'null':
      return null;
    default:
      return stringValue(key, schema, inArray, ctx);
  }
}

/** The lines that announce and mark fenced passages (src/llm/fence.ts): a model answers from the passages, never with these. */
const FENCE_LINES = /^(?:Boundary code: [0-9a-f]{16}|<<<(?:BEGIN|END) [0-9a-f]{16}\b[^\n]*>>>)$/gm;

/** A value matching `schema`, built deterministically from `text` (its fence lines left out). */
export function answerFromSchema(schema: Schema, text: string): unknown {
  return build('', schema, false, { root: schema, source: textSource(text.replace(FENCE_LINES, '')), rng: createRng(text), used: new Set() });
}
