import { z } from 'zod';

/**
 * One testset record: the output contract. Every writer and reader goes through this
 * schema. Field names follow Ragas (`user_input`, `reference`, `reference_contexts`) so
 * records load in Ragas directly; everything else is ragset's provenance.
 */

/** Where one context came from: `document.text.slice(start, end)` is the context text. */
export const Provenance = z.object({
  chunk_id: z.string(),
  document_id: z.string(),
  source: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  metadata: z.record(z.string(), z.unknown()),
});
export type Provenance = z.infer<typeof Provenance>;

/** What joins the hops of a multi-hop sample. */
export const Bridge = z.discriminatedUnion('type', [
  z.object({ type: z.literal('entities'), entities: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('similarity'), score: z.number(), themes: z.array(z.string()) }),
]);
export type Bridge = z.infer<typeof Bridge>;

export const Generation = z.object({
  model: z.string(),
  prompt_hash: z.string(),
  seed: z.string(),
  ragset_version: z.string(),
});
export type Generation = z.infer<typeof Generation>;

export const Sample = z.object({
  id: z.string(),
  user_input: z.string().min(1),
  reference: z.string().min(1),
  reference_contexts: z.array(z.string()).min(1),
  reference_context_ids: z.array(z.string()).min(1),
  provenance: z.array(Provenance).min(1),
  synthesizer_name: z.string(),
  persona_name: z.string(),
  query_style: z.string(),
  query_length: z.string(),
  hops: z.number().int().min(1),
  bridge: Bridge.nullable(),
  generation: Generation,
});
export type Sample = z.infer<typeof Sample>;
