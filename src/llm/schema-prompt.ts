import type { ChatMessage, JsonSchema } from './types.js';

/**
 * `json_object` mode only promises *some* JSON, so the schema travels in the system prompt.
 * It is wrapped in a tagged block so a reader (a test server, a log) can find it again.
 */
const BLOCK = /<json-schema name="([^"]*)">\n([\s\S]*?)\n<\/json-schema>/;

export function schemaInstruction(name: string, schema: JsonSchema): string {
  return [
    `Answer with one JSON value named "${name}" that matches this JSON Schema. Reply with the JSON only: no prose, no code fences.`,
    `<json-schema name="${name}">`,
    JSON.stringify(schema),
    '</json-schema>',
  ].join('\n');
}

/** The messages with the schema instruction appended to the system message (or a new one first). */
export function withSchemaInstruction(messages: readonly ChatMessage[], name: string, schema: JsonSchema): ChatMessage[] {
  const instruction = schemaInstruction(name, schema);
  const systemIndex = messages.findIndex((m) => m.role === 'system');
  if (systemIndex === -1) return [{ role: 'system', content: instruction }, ...messages];
  return messages.map((m, i) => (i === systemIndex ? { ...m, content: `${m.content}\n\n${instruction}` } : m));
}

/** The schema embedded by `schemaInstruction`, or undefined when the text has none. */
export function findSchemaInstruction(text: string): { name: string; schema: JsonSchema } | undefined {
  const match = BLOCK.exec(text);
  if (!match) return undefined;
  try {
    const schema: unknown = JSON.parse(match[2] ?? '');
    if (schema && typeof schema === 'object' && !Array.isArray(schema)) {
      return { name: match[1] ?? '', schema: schema as JsonSchema };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
