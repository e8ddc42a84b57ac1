import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseStructured, toStrictJsonSchema } from '../../src/llm/structured.js';
import { Extraction, PersonaOutput, SynthesizeOutput } from '../../src/llm/tasks.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { answerFromSchema } from '../support/fake-openai/answer.js';
import { hashedVector } from '../support/fake-openai/vectors.js';
import { ALAN_TURING, PANAMA_CANAL, TRANSIT_OF_VENUS } from './texts.js';

const Constrained = z.object({
  label: z.string().max(12),
  notes: z.array(z.string().min(20)).min(2).max(2),
  rating: z.number().int().min(1).max(5),
  share: z.number().min(0).max(1),
  verified: z.boolean(),
  level: z.enum(['beginner', 'expert']),
  count: z.number().int().optional(),
  tags: z.array(z.string()).max(0),
});

describe('fake OpenAI answers', () => {
  it.each([
    ['extraction', Extraction],
    ['persona', PersonaOutput],
    ['sample', SynthesizeOutput],
    ['constrained', Constrained],
  ] as const)('builds a %s that the zod schema accepts, from every passage', (_name, schema) => {
    for (const text of [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING, '']) {
      const value = answerFromSchema(toStrictJsonSchema(schema), text);
      expect(parseStructured(JSON.stringify(value), schema as z.ZodType)).toMatchObject({ ok: true });
    }
  });

  it('fills strings with content of the passage', () => {
    const value = Extraction.parse(answerFromSchema(toStrictJsonSchema(Extraction), ALAN_TURING));
    expect(ALAN_TURING).toContain(value.summary.split('. ')[0]);
    expect(value.entities.map((e) => e.name).some((name) => ALAN_TURING.includes(name))).toBe(true);
    expect(value.entities.every((e) => /^[A-Z]+$/.test(e.type))).toBe(true);
    expect(new Set(value.keyphrases).size).toBe(value.keyphrases.length);
    const sample = SynthesizeOutput.parse(answerFromSchema(toStrictJsonSchema(SynthesizeOutput), ALAN_TURING));
    expect(sample.question.endsWith('?')).toBe(true);
  });

  it('follows $ref definitions', () => {
    const schema = {
      type: 'object',
      properties: { steps: { type: 'array', items: { $ref: '#/$defs/step' }, minItems: 2 } },
      required: ['steps'],
      $defs: { step: { type: 'object', properties: { order: { type: 'integer', minimum: 1 } }, required: ['order'] } },
    };
    const value = answerFromSchema(schema, PANAMA_CANAL) as { steps: { order: number }[] };
    expect(value.steps.length).toBeGreaterThanOrEqual(2);
    expect(value.steps.every((s) => Number.isInteger(s.order) && s.order >= 1)).toBe(true);
  });
});

describe('fake OpenAI server', () => {
  it('serves /v1/models, float embeddings and plain text answers', async () => {
    const fake = await startFakeOpenAI({ models: ['gpt-4o-mini', 'text-embedding-3-small'], embeddingDimensions: 32 });
    try {
      const models = (await (await fetch(`${fake.baseURL}/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'text-embedding-3-small']);

      const post = async (path: string, body: unknown) =>
        fetch(`${fake.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const embedded = (await (await post('/embeddings', { model: 'text-embedding-3-small', input: 'Gatun Lake' })).json()) as {
        data: { embedding: number[] }[];
      };
      expect(embedded.data[0]?.embedding).toEqual(Array.from(hashedVector('Gatun Lake', 32)));

      const chat = (await (await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: TRANSIT_OF_VENUS }] })).json()) as {
        choices: { message: { content: string } }[];
      };
      expect(TRANSIT_OF_VENUS.startsWith(chat.choices[0]?.message.content ?? '-')).toBe(true);

      const unknown = await post('/chat/completions', { model: 'gpt-2', messages: [] });
      expect(unknown.status).toBe(404);
      expect(fake.counters).toMatchObject({ models: 1, embeddings: 1, chat: 2, byModel: { 'gpt-4o-mini': 1, 'gpt-2': 1 } });
    } finally {
      await fake.close();
    }
  });
});
