import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatBody } from '../../src/llm/openai.js';
import { findSchemaInstruction } from '../../src/llm/schema-prompt.js';
import { boundaryCode, fencePassage } from '../../src/llm/fence.js';
import { extractJsonText, generateObject, parseStructured, toStrictJsonSchema, type ChatCall } from '../../src/llm/structured.js';
import type { ChatMessage, ChatRequest } from '../../src/llm/types.js';
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

describe('generateObject: an answer that copies a boundary code', () => {
  const Persona = z.object({ name: z.string(), role_description: z.string() });
  const code = boundaryCode(['A summary of the zsh job control chapter.']);
  const messages: ChatMessage[] = [
    { role: 'system', content: 'Invent one persona. Answer with JSON only.' },
    { role: 'user', content: `Boundary code: ${code}\n\n${fencePassage(code, 'summary 1 of 1', 'A summary of the zsh job control chapter.')}` },
  ];
  const scripted = (answers: string[]) => {
    const requests: { stage: string; request: ChatRequest }[] = [];
    const call: ChatCall = async (stage, request) => {
      requests.push({ stage, request });
      return { ok: true, text: answers[requests.length - 1] ?? '', cached: false, keep: async () => undefined };
    };
    return { call, requests };
  };

  it('is repaired once, naming the code (SmolLM2-135M named a persona after it)', async () => {
    const { call, requests } = scripted([
      JSON.stringify({ name: code, role_description: 'A shell user.' }),
      JSON.stringify({ name: 'Shell scripter', role_description: 'Writes zsh scripts that run jobs in the background.' }),
    ]);
    const result = await generateObject({ stage: 'persona', name: 'persona', schema: Persona, messages }, 'json_schema', call);
    expect(result).toEqual({ ok: true, value: { name: 'Shell scripter', role_description: 'Writes zsh scripts that run jobs in the background.' }, cached: false });
    expect(requests.map((r) => r.stage)).toEqual(['persona', 'repair']);
    expect(requests[1]?.request.messages.at(-1)?.content).toContain(`it copies the boundary code ${code}`);
  });

  it('fails the item when the repair copies it again, even deep inside a list', async () => {
    const Extraction = z.object({ keyphrases: z.array(z.string()) });
    const { call } = scripted([JSON.stringify({ keyphrases: ['job control', `<<<END ${code}>>>`] }), JSON.stringify({ keyphrases: [`see ${code}`] })]);
    const result = await generateObject({ stage: 'extract', name: 'extraction', schema: Extraction, messages }, 'json_schema', call);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`invalid answer after one repair: it copies the boundary code ${code}`) });
  });

  it('leaves answers alone when the request fences nothing', async () => {
    const { call, requests } = scripted([JSON.stringify({ name: 'cafe0123cafe0123', role_description: 'A user whose name looks like a code.' })]);
    const result = await generateObject({ stage: 'persona', name: 'persona', schema: Persona, messages: [{ role: 'user', content: 'Invent one persona.' }] }, 'json_schema', call);
    expect(result.ok).toBe(true);
    expect(requests).toHaveLength(1);
  });
});
