/**
 * The JSON Schema a local model decodes under, as a grammar: the request's schema with a
 * bound on every list and string that has none. A small model that starts repeating itself
 * inside a list or a string then has to close it and finish the JSON, instead of running to
 * the output cap; the bounds sit well above any useful answer of the pipeline's tasks (its
 * longest string is a multi-sentence answer, its longest list 15 entities).
 */
export const GRAMMAR_BOUNDS = { maxItems: 24, maxLength: 1600 } as const;

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
  if (hasType(node, 'array') && out.maxItems === undefined) out.maxItems = GRAMMAR_BOUNDS.maxItems;
  if (hasType(node, 'string') && out.maxLength === undefined && out.enum === undefined && out.const === undefined) out.maxLength = GRAMMAR_BOUNDS.maxLength;
  return out;
}
