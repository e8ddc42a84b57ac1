import { z } from 'zod';

/**
 * The structured tasks the pipeline asks a model to do, as data: each has an input schema
 * (what the prompt is rendered from, also handed to the offline provider through
 * `ChatRequest.task`) and an output schema (what the answer must parse as). Prompts live
 * beside the stages that own them (graph/build/extract.ts, synthesizers/).
 *
 * Output schemas carry no hard `max` limits: a model that returns 11 keyphrases instead of
 * 10 should not cost a repair call; stages cap lists after parsing instead.
 */

export const EXTRACT_TASK = 'extract';
export const PERSONA_TASK = 'persona';
export const SYNTHESIZE_TASK = 'synthesize';

export const ExtractInput = z.object({
  title: z.string(),
  headings: z.array(z.string()),
  text: z.string(),
});
export type ExtractInput = z.infer<typeof ExtractInput>;

export const ExtractedEntity = z.object({
  name: z.string().min(1).describe('The entity as written in the text'),
  type: z
    .string()
    .describe('One of PERSON, ORGANIZATION, LOCATION, PRODUCT, TECHNOLOGY, EVENT, WORK, LAW, CONCEPT, OTHER'),
});

export const Extraction = z.object({
  summary: z.string().min(1).describe('Two or three sentences summarising the passage'),
  headlines: z.array(z.string()).describe('Up to 5 section headlines the passage covers'),
  keyphrases: z.array(z.string()).describe('Up to 10 key phrases from the passage'),
  entities: z.array(ExtractedEntity).describe('Up to 15 named entities mentioned in the passage'),
  themes: z.array(z.string()).describe('Up to 5 short themes (1-3 words) of the passage'),
});
export type Extraction = z.infer<typeof Extraction>;

export const PersonaInput = z.object({
  /** Summaries of the chunks in one cluster, most central first. */
  summaries: z.array(z.string()),
  keyphrases: z.array(z.string()),
  /** Names already taken, so the model picks a new one. */
  takenNames: z.array(z.string()),
});
export type PersonaInput = z.infer<typeof PersonaInput>;

export const PersonaOutput = z.object({
  name: z.string().min(1).describe('A short role name, e.g. "Network Operations Engineer"'),
  role_description: z.string().min(1).describe('One or two sentences: who they are and what they want to know'),
});
export type PersonaOutput = z.infer<typeof PersonaOutput>;

export const SynthesizeContext = z.object({
  /** Chunk id, so answers can be traced. */
  id: z.string(),
  title: z.string(),
  text: z.string(),
});

export const SynthesizeInput = z.object({
  synthesizer: z.string(),
  contexts: z.array(SynthesizeContext).min(1),
  persona: z.object({ name: z.string(), role_description: z.string() }),
  style: z.string(),
  length: z.string(),
  /** Entities, keyphrases or themes the question should be about. */
  focus: z.array(z.string()),
  /** Canonical entities (multi-hop specific) or themes (abstract) that join the contexts. */
  bridge: z.array(z.string()),
  /** Language to write in; null means the language of the contexts. */
  language: z.string().nullable(),
});
export type SynthesizeInput = z.infer<typeof SynthesizeInput>;

export const SynthesizeOutput = z.object({
  question: z.string().min(1).describe('The question the persona would ask'),
  answer: z.string().min(1).describe('The reference answer, using only facts from the contexts'),
});
export type SynthesizeOutput = z.infer<typeof SynthesizeOutput>;
