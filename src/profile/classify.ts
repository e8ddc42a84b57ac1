import { z } from 'zod';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../llm/fence.js';
import type { LlmClient } from '../llm/types.js';

/**
 * The model-based part of a profile: queries classified into the configured categories, in
 * batches (stage `profile_classify`: ⌈queries / batchSize⌉ calls, each ≥ 20 queries), and
 * personas proposed from a sample of the queries (stage `profile_personas`: one call). The
 * queries go to the user's own endpoint, fenced as untrusted data; what comes back is
 * labels and role descriptions, and only their counts and the personas are kept.
 */

export const MIN_BATCH = 20;

/** Dimension → categories with descriptions, as the classifier sees them (no probabilities). */
export type CategoryMenu = Record<string, readonly { name: string; description: string }[]>;

export const ClassifyOutput = z.object({
  labels: z
    .array(
      z.object({
        query: z.number().int().describe('Number of the query (1, 2, ...)'),
        categories: z.array(z.object({ dimension: z.string(), category: z.string() })).describe('One category per dimension'),
      }),
    )
    .describe('One entry per query, in order'),
});

const CLASSIFY_SYSTEM = [
  'You classify the queries users typed into a search or question answering system.',
  'For every query, choose exactly one category of every dimension, by the category descriptions.',
  'Answer with JSON only: {"labels": [{"query": number, "categories": [{"dimension": string, "category": string}]}]}.',
  UNTRUSTED_PASSAGES_RULE,
].join('\n');

function menuLines(menu: CategoryMenu): string[] {
  return Object.entries(menu).flatMap(([dimension, categories]) => [
    `Dimension ${quoted(dimension)}:`,
    ...categories.map((category) => `- ${quoted(category.name)}: ${quoted(category.description)}`),
  ]);
}

function fencedQueries(queries: readonly string[]): string[] {
  const code = boundaryCode(queries);
  const numbered = queries.map((query, i) => `${i + 1}. ${query}`).join('\n');
  return [`Boundary code: ${code}`, '', fencePassage(code, `${queries.length} queries, one per line`, numbered)];
}

/** Category of each dimension for each query of the batch; undefined where the answer gave none valid. */
async function classifyBatch(llm: LlmClient, menu: CategoryMenu, queries: readonly string[]): Promise<(Record<string, string> | undefined)[]> {
  const result = await llm.object({
    stage: 'profile_classify',
    name: 'query_labels',
    schema: ClassifyOutput,
    messages: [
      { role: 'system', content: CLASSIFY_SYSTEM },
      { role: 'user', content: [...menuLines(menu), '', ...fencedQueries(queries)].join('\n') },
    ],
    temperature: 0,
  });
  const labels: (Record<string, string> | undefined)[] = queries.map(() => undefined);
  if (!result.ok) return labels;
  for (const entry of result.value.labels) {
    const index = entry.query - 1;
    if (index < 0 || index >= queries.length || labels[index]) continue;
    const chosen: Record<string, string> = {};
    for (const [dimension, categories] of Object.entries(menu)) {
      const category = entry.categories.find((c) => c.dimension.trim() === dimension)?.category.trim();
      if (category !== undefined && categories.some((c) => c.name === category)) chosen[dimension] = category;
    }
    labels[index] = chosen;
  }
  return labels;
}

export async function classifyQueries(llm: LlmClient, menu: CategoryMenu, queries: readonly string[], batchSize: number): Promise<{ labels: (Record<string, string> | undefined)[]; calls: number }> {
  const batches: string[][] = [];
  for (let start = 0; start < queries.length; start += batchSize) batches.push(queries.slice(start, start + batchSize));
  // A last batch below the minimum joins the one before it, so every call carries ≥ 20 queries (when there are that many).
  if (batches.length > 1 && (batches[batches.length - 1] as string[]).length < MIN_BATCH) {
    const last = batches.pop() as string[];
    (batches[batches.length - 1] as string[]).push(...last);
  }
  const results = await Promise.all(batches.map((batch) => classifyBatch(llm, menu, batch)));
  return { labels: results.flat(), calls: batches.length };
}

export const PersonasOutput = z.object({
  personas: z.array(z.object({ name: z.string().min(1).describe('A short role name'), role_description: z.string().min(1).describe('Who they are and what they look for, in your own words; never quote a query') })),
});

const PERSONAS_SYSTEM = [
  'You read a sample of the queries users typed into a search or question answering system and describe who asks them.',
  'Propose distinct personas: a short role name and one or two sentences on who they are and what they look for.',
  'Describe in your own words; never copy a query or part of one.',
  'Answer with JSON only: {"personas": [{"name": string, "role_description": string}]}.',
  UNTRUSTED_PASSAGES_RULE,
].join('\n');

export async function proposePersonas(llm: LlmClient, queries: readonly string[], count: number): Promise<{ name: string; role_description: string }[]> {
  const result = await llm.object({
    stage: 'profile_personas',
    name: 'query_personas',
    schema: PersonasOutput,
    messages: [
      { role: 'system', content: PERSONAS_SYSTEM },
      { role: 'user', content: [`Propose ${count} personas.`, '', ...fencedQueries(queries)].join('\n') },
    ],
    temperature: 0,
  });
  return result.ok ? result.value.personas.slice(0, count) : [];
}
