import { describe, expect, it } from 'vitest';
import { boundedSchema, GRAMMAR_BOUNDS } from '../../../src/llm/local/grammar-schema.js';
import { toStrictJsonSchema } from '../../../src/llm/structured.js';
import { Extraction, SynthesizeOutput, VerifyOutput } from '../../../src/llm/tasks.js';

type Node = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

describe('boundedSchema', () => {
  it('bounds each list by the "Up to N" of its description, and every string', () => {
    const schema = boundedSchema(toStrictJsonSchema(Extraction)) as Node;
    expect(schema.properties.keyphrases?.maxItems).toBe(10);
    expect(schema.properties.entities?.maxItems).toBe(15);
    expect(schema.properties.headlines?.maxItems).toBe(5);
    expect(schema.properties.summary?.maxLength).toBe(GRAMMAR_BOUNDS.maxLength);
    const entity = (schema.properties.entities?.items ?? {}) as Node;
    expect(entity.properties.name?.maxLength).toBe(GRAMMAR_BOUNDS.maxLength);
  });

  it('bounds a string by the "at most N words" of its description, ten characters a word', () => {
    const schema = boundedSchema(toStrictJsonSchema(VerifyOutput)) as Node;
    expect(schema.properties.problem?.maxLength).toBe(300);
    const statement = ((schema.properties.statements?.items ?? {}) as Node).properties;
    expect(((statement.quotes?.items ?? {}) as Node).properties.quote?.maxLength).toBe(300);
    expect(statement.statement?.maxLength).toBe(GRAMMAR_BOUNDS.maxLength);
  });

  it('keeps bounds the schema has, and leaves property names alone', () => {
    const schema = boundedSchema({
      type: 'object',
      properties: { type: { type: 'string', maxLength: 5 }, items: { type: 'array', items: { type: 'string' }, maxItems: 2 }, tags: { type: 'array', items: { enum: ['a'] } } },
    }) as Node;
    expect(schema.properties.type).toEqual({ type: 'string', maxLength: 5 });
    expect(schema.properties.items?.maxItems).toBe(2);
    expect(schema.properties.tags).toEqual({ type: 'array', items: { enum: ['a'] }, maxItems: GRAMMAR_BOUNDS.maxItems });
    expect((boundedSchema(toStrictJsonSchema(SynthesizeOutput)) as Node).properties.question?.maxLength).toBe(GRAMMAR_BOUNDS.maxLength);
  });
});
