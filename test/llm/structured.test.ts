import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatBody } from '../../src/llm/openai.js';
import { findSchemaInstruction } from '../../src/llm/schema-prompt.js';
import { extractJsonText, parseStructured, toStrictJsonSchema } from '../../src/llm/structured.js';
import { Extraction } from '../../src/llm/tasks.js';

const Event = z.object({
  title: z.string().min(3).max(80).describe('Short title'),
  year: z.number().int().optional(),
  place: z.string().nullable(),
  people: z.array(z.object({ name: z.string(), role: z.string().optional() })).max(5),
  kind: z.enum(['voyage', 'war', 'discovery']).default('discovery'),
});

describe('toStrictJsonSchema', () => {
  it('requires every property, makes optional ones nullable, forbids extras, moves length limits into descriptions', () => {
    const schema = toStrictJsonSchema(Event) as Record<string, any>;
    expect(schema.$schema).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['title', 'year', 'place', 'people', 'kind']);
    expect(schema.properties.title).toEqual({ type: 'string', description: 'Short title. At least 3 characters. At most 80 characters.' });
    expect(schema.properties.year).toEqual({ anyOf: [{ type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) }, { type: 'null' }] });
    expect(schema.properties.place).toEqual({ type: ['string', 'null'] });
    expect(schema.properties.kind.default).toBeUndefined();
    const person = schema.properties.people.items;
    expect(person).toMatchObject({ required: ['name', 'role'], additionalProperties: false });
    expect(person.properties.role).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(schema.properties.people.maxItems).toBe(5);
  });
});

describe('parseStructured', () => {
  it('accepts fenced JSON and JSON inside a sentence', () => {
    expect(extractJsonText('```json\n{"a": 1}\n```')).toBe('{"a": 1}');
    expect(extractJsonText('Sure! Here is the object: {"a": {"b": 2}} Hope it helps.')).toBe('{"a": {"b": 2}}');
    expect(extractJsonText('  [1, 2] ')).toBe('[1, 2]');
  });

  it('drops nulls that strict mode sends for optional fields', () => {
    const answer = JSON.stringify({ title: 'Voyage of the Endeavour', year: null, place: null, people: [{ name: 'James Cook', role: null }], kind: 'voyage' });
    expect(parseStructured(answer, Event)).toEqual({
      ok: true,
      value: { title: 'Voyage of the Endeavour', place: null, people: [{ name: 'James Cook' }], kind: 'voyage' },
    });
  });

  it('explains invalid JSON and schema mismatches', () => {
    const broken = parseStructured('{"title": "Voy', Event);
    expect(broken).toEqual({ ok: false, reason: expect.stringContaining('not valid JSON') });
    const wrong = parseStructured(JSON.stringify({ title: 'Go', place: 'Tahiti', people: [], kind: 'cruise' }), Event);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.reason).toContain('title');
      expect(wrong.reason).toContain('kind');
    }
  });
});

describe('wire format per mode', () => {
  const request = {
    messages: [
      { role: 'system' as const, content: 'Extract entities.' },
      { role: 'user' as const, content: 'Alan Turing worked at Bletchley Park.' },
    ],
    structured: { mode: 'json_object' as const, name: 'extraction', schema: toStrictJsonSchema(Extraction) },
    temperature: 0,
    seed: 7,
  };

  it('json_object puts a findable schema in the system prompt', () => {
    const body = chatBody('gpt-4o-mini', request);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages).toHaveLength(2);
    const system = String(body.messages[0]?.content);
    expect(system.startsWith('Extract entities.')).toBe(true);
    expect(findSchemaInstruction(system)).toEqual({ name: 'extraction', schema: request.structured.schema });
    expect(body).toMatchObject({ temperature: 0, seed: 7 });
  });

  it('json_schema and tools carry the strict schema under a wire-safe name', () => {
    const schemaBody = chatBody('m', { ...request, structured: { ...request.structured, mode: 'json_schema', name: 'sample output' } });
    expect(schemaBody.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'sample_output', schema: request.structured.schema, strict: true },
    });
    const toolBody = chatBody('m', { ...request, structured: { ...request.structured, mode: 'tools' } });
    expect(toolBody.tools?.[0]).toMatchObject({ type: 'function', function: { name: 'extraction', parameters: request.structured.schema, strict: true } });
    expect(toolBody.messages).toEqual(request.messages);
  });
});
