/**
 * The JSON Schema a local model decodes under, as a grammar: the request's schema with a
 * bound on every list and string that has none. A small model that starts repeating itself
 * inside a list or a string then has to close it and finish the JSON, instead of running to
 * the output cap. A list takes the bound its description states ("Up to 10 key phrases",
 * the convention of src/llm/tasks.ts, which keeps hard limits out of the schemas so remote
 * models never pay a repair for an 11th item); here the grammar enforces it while decoding,
 * at no cost. A string takes the "at most N words" its description states, at ten characters
 * a word. Other lists and strings get bounds well above any useful answer (the longest
 * string is a multi-sentence answer).
 */
export const GRAMMAR_BOUNDS = { maxItems: 24, maxLength: 1000, charactersPerWord: 10 } as const;
const STATED_BOUND = /\bup to (\d+)\b/i;
/** A string's stated length ("at most about 30 words"): a judge's one-sentence `problem` looped to the output cap on digits (Gemma 3 270M). */
const STATED_WORDS = /\bat most (?:about )?(\d+) words\b/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(node: Record<string, unknown>, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

export function boundedSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(boundedSchema);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'properties' && isRecord(value) ? Object.fromEntries(Object.entries(value).map(([name, property]) => [name, boundedSchema(property)])) : boundedSchema(value);
  }
  if (hasType(node, 'array') && out.maxItems === undefined) {
    const stated = typeof node.description === 'string' ? STATED_BOUND.exec(node.description)?.[1] : undefined;
    out.maxItems = stated === undefined ? GRAMMAR_BOUNDS.maxItems : Number(stated);
  }
  if (hasType(node, 'string') && out.maxLength === undefined && out.enum === undefined && out.const === undefined) {
    const words = typeof node.description === 'string' ? STATED_WORDS.exec(node.description)?.[1] : undefined;
    out.maxLength = words === undefined ? GRAMMAR_BOUNDS.maxLength : Number(words) * GRAMMAR_BOUNDS.charactersPerWord;
  }
  return out;
}
